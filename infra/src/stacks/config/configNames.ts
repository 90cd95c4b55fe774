import type { EnvironmentName } from '@dpra/pipeline-contract';
import type { ConfigPipelineSpec } from '../../spec/schema';
import { ENVIRONMENT_PLACEHOLDER } from '../../spec/configPipelineSchema';

/*
 * Names the environment stacks create and the deploy action finds by name: one AppConfig
 * application per pipeline and region, one environment per stage, one strategy per stage.
 */

/** The AppConfig application of a pipeline (in each environment account and region). @public */
export const appConfigApplicationName = (pipeline: string): string => pipeline;

/** The AppConfig environment of a stage: `beta`, `gamma`, `prod`. @public */
export const appConfigEnvironmentName = (env: EnvironmentName): string => env;

/** The deployment strategy of a stage: `<pipeline>-<env>` (strategies are per account and region). @public */
export const appConfigStrategyName = (
  pipeline: string,
  env: EnvironmentName,
): string => `${pipeline}-${env}`;

/** The environment settings of a stage: account, regions, strategy and extra alarms. @public */
export function configEnvironments(spec: ConfigPipelineSpec): Record<
  EnvironmentName,
  {
    account: string;
    regions: string[];
    strategy: ConfigPipelineSpec['spec']['production']['strategy'];
    alarms: string[];
  }
> {
  const s = spec.spec;
  return {
    beta: {
      account: s.environments.beta.account,
      regions: [s.environments.beta.region],
      strategy: s.environments.beta.strategy,
      alarms: s.environments.beta.alarms,
    },
    gamma: {
      account: s.environments.gamma.account,
      regions: s.environments.gamma.regions,
      strategy: s.environments.gamma.strategy,
      alarms: s.environments.gamma.alarms,
    },
    prod: {
      account: s.production.account,
      regions: s.production.waves.flatMap(w => w.regions),
      strategy: s.production.strategy,
      alarms: s.production.alarms,
    },
  };
}

/** A profile of the spec as deployed: its AppConfig type and the file of an environment. @public */
export interface ConfigProfile {
  readonly name: string;
  readonly type: 'AWS.AppConfig.FeatureFlags' | 'AWS.Freeform';
  readonly step: 'deployFlags' | 'deployConfig';
  readonly path: string;
  readonly jsonSchema?: Record<string, unknown>;
}

/** The spec's profiles in deployment order: feature flags first, then operational configuration. @public */
export function configProfiles(spec: ConfigPipelineSpec): ConfigProfile[] {
  const { featureFlags, operational } = spec.spec.profiles;
  return [
    ...(featureFlags
      ? [
          {
            name: featureFlags.name,
            type: 'AWS.AppConfig.FeatureFlags' as const,
            step: 'deployFlags' as const,
            path: featureFlags.path,
          },
        ]
      : []),
    ...(operational
      ? [
          {
            name: operational.name,
            type: 'AWS.Freeform' as const,
            step: 'deployConfig' as const,
            path: operational.path,
            jsonSchema: operational.jsonSchema,
          },
        ]
      : []),
  ];
}

/** The repository file of a profile in an environment. @public */
export function profileFile(profile: ConfigProfile, env: EnvironmentName) {
  return profile.path.split(ENVIRONMENT_PLACEHOLDER).join(env);
}
