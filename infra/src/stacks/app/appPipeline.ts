import type { App } from 'cdktf';
import type { EnvironmentName } from '@dpra/pipeline-contract';
import type { AppPipelineSpec } from '../../spec/schema';
import { AppEnvironmentStack } from './AppEnvironmentStack';
import { AppToolchainStack } from './AppToolchainStack';

/** Name of the stack of an environment: `<pipeline>-beta` etc. @public */
export function environmentStackName(
  pipeline: string,
  env: EnvironmentName,
): string {
  return `${pipeline}-${env}`;
}

/**
 * Adds the stacks of an AppPipeline to `app` — the toolchain stack, then one stack per
 * environment account — and returns their names, in apply order. @public
 */
export function addAppPipelineStacks(
  app: App,
  spec: AppPipelineSpec,
): string[] {
  const name = spec.metadata.name;
  const s = spec.spec;
  const stacks = [`${name}-toolchain`];
  new AppToolchainStack(app, `${name}-toolchain`, { spec });
  const envs: Array<[EnvironmentName, string, string]> = [
    ['beta', s.environments.beta.account, s.environments.beta.region],
    ['gamma', s.environments.gamma.account, s.environments.gamma.regions[0]],
    ['prod', s.production.account, s.production.waves[0].regions[0]],
  ];
  for (const [env, account, region] of envs) {
    const id = environmentStackName(name, env);
    new AppEnvironmentStack(app, id, {
      spec,
      environment: env,
      account,
      region,
    });
    stacks.push(id);
  }
  return stacks;
}
