import type { App } from 'cdktf';
import type { ImagePipelineSpec } from '../../spec/schema';
import { ImageConsumerStack } from './ImageConsumerStack';
import { ImageToolchainStack } from './ImageToolchainStack';

/** Adds the stacks of an ImagePipeline to `app`; returns their names. @public */
export function addImagePipelineStacks(
  app: App,
  spec: ImagePipelineSpec,
): string[] {
  const name = spec.metadata.name;
  const stacks = [`${name}-toolchain`];
  new ImageToolchainStack(app, `${name}-toolchain`, { spec });
  const firstRegion = new Map<string, string>();
  for (const wave of spec.spec.distribution.waves) {
    for (const account of wave.accounts)
      if (!firstRegion.has(account)) firstRegion.set(account, wave.regions[0]);
  }
  for (const [account, region] of firstRegion) {
    const id = `${name}-consumer-${account}`;
    new ImageConsumerStack(app, id, { spec, account, region });
    stacks.push(id);
  }
  return stacks;
}
