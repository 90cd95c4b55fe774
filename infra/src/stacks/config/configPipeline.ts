import type { App } from 'cdktf';
import type { EnvironmentName } from '@dpra/pipeline-contract';
import type { ConfigPipelineSpec } from '../../spec/schema';
import { environmentStackName } from '../app/appPipeline';
import { ConfigEnvironmentStack } from './ConfigEnvironmentStack';
import { ConfigToolchainStack } from './ConfigToolchainStack';

/**
 * Adds the stacks of a ConfigPipeline to `app` — the toolchain stack, then one stack per
 * environment account with its AppConfig resources — and returns their names, in apply order.
 *
 * @public
 */
export function addConfigPipelineStacks(
  app: App,
  spec: ConfigPipelineSpec,
): string[] {
  const name = spec.metadata.name;
  const toolchain = `${name}-toolchain`;
  new ConfigToolchainStack(app, toolchain, { spec });
  const envs: EnvironmentName[] = ['beta', 'gamma', 'prod'];
  return [
    toolchain,
    ...envs.map(environment => {
      const id = environmentStackName(name, environment);
      new ConfigEnvironmentStack(app, id, { spec, environment });
      return id;
    }),
  ];
}
