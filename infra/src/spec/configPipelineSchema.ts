import { z } from 'zod/v4';
import { build } from './appPipelineSchema';
import { waivers } from './waivers';
import {
  accountId,
  alarmName,
  command,
  duration,
  durationMinutes,
  region,
  shortName,
} from './scalars';
import {
  SPEC_API_VERSION,
  metadata,
  toolchain,
  source,
  approval,
  safety,
  monitoring,
} from './sharedSchema';

/*
 * `kind: ConfigPipeline`: feature flags and operational configuration rolled out through AWS
 * AppConfig (DPRA "dynamic configuration pipeline"). The repository holds one file per profile and
 * environment; the pipeline deploys them to each environment's AppConfig environment, which
 * watches alarms and rolls back by itself, and the production waves add the pipeline's bake,
 * blockers and windows around that, as in the other kinds.
 */

/**
 * The placeholder in a profile's path that names the environment (`beta`, `gamma`, `prod`): each
 * environment deploys its own file.
 *
 * @public
 */
export const ENVIRONMENT_PLACEHOLDER = '{environment}';

const profilePath = (defaultPath: string) =>
  z
    .string()
    .regex(/^[A-Za-z0-9._/{}-]{1,255}$/, {
      error: iss => `${JSON.stringify(iss.input)} is not a file path`,
    })
    .refine(p => p.includes(ENVIRONMENT_PLACEHOLDER), {
      error: iss =>
        `${JSON.stringify(
          iss.input,
        )} must contain ${ENVIRONMENT_PLACEHOLDER}: flags and operational configuration are kept per environment (DPRA)`,
    })
    .default(defaultPath);

const profileName = (defaultName: string) =>
  shortName
    .default(defaultName)
    .describe('Name of the AppConfig configuration profile');

/** AppConfig limits a deployment's duration and final bake to 24 hours. */
const appConfigMinutes = z
  .union([z.literal('0m'), duration], {
    error: iss =>
      `${JSON.stringify(iss.input)} is not a duration (use e.g. 0m, 30m, 1h)`,
  })
  .refine(d => durationMinutes(d) <= 24 * 60, {
    error: 'must be at most 24h (AppConfig limit)',
  });

/** An AppConfig deployment strategy with the defaults of one environment. */
const strategy = (defaults: {
  growthType: 'LINEAR' | 'EXPONENTIAL';
  growthFactor: number;
  deploymentDuration: string;
  finalBake: string;
}) =>
  z
    .strictObject({
      growthType: z
        .enum(['LINEAR', 'EXPONENTIAL'])
        .default(defaults.growthType)
        .describe(
          'LINEAR: the same share of targets every step; EXPONENTIAL: the share grows by the growth factor',
        ),
      growthFactor: z
        .number()
        .min(1)
        .max(100)
        .default(defaults.growthFactor)
        .describe('Percentage of targets per step (1-100)'),
      deploymentDuration: appConfigMinutes
        .default(defaults.deploymentDuration)
        .describe('Time to reach all targets (0m: all at once; at most 24h)'),
      finalBake: appConfigMinutes
        .default(defaults.finalBake)
        .describe(
          'Time AppConfig keeps watching the alarms after 100% before the deployment completes (at most 24h)',
        ),
    })
    .prefault({})
    .describe('AppConfig deployment strategy of this environment');

/*
 * Beta takes everything at once with a short watch; gamma rolls out over 10 minutes; production
 * follows the Builders' Library: a small share first (20% linear steps), slowly (30 min), watched
 * for an hour after reaching everyone (the one-box bake), before the pipeline's wave bake starts.
 */
const betaStrategy = strategy({
  growthType: 'LINEAR',
  growthFactor: 100,
  deploymentDuration: '0m',
  finalBake: '10m',
});
const gammaStrategy = strategy({
  growthType: 'LINEAR',
  growthFactor: 50,
  deploymentDuration: '10m',
  finalBake: '30m',
});
const productionStrategy = strategy({
  growthType: 'LINEAR',
  growthFactor: 20,
  deploymentDuration: '30m',
  finalBake: '1h',
});

const alarms = z
  .array(alarmName)
  .max(4, {
    error:
      'at most 4 alarms: AppConfig watches 5 per environment, one of them the generated high-severity alarm',
  })
  .default([])
  .describe(
    "Further CloudWatch alarms in the environment's account and each region that AppConfig watches and rolls back on, besides the generated high-severity alarm",
  );

const profiles = z
  .strictObject({
    featureFlags: z
      .strictObject({
        name: profileName('feature-flags'),
        path: profilePath('config/{environment}/feature-flags.json').describe(
          'AWS.AppConfig.FeatureFlags JSON document of each environment',
        ),
      })
      .optional()
      .describe('Feature flags profile (AWS.AppConfig.FeatureFlags)'),
    operational: z
      .strictObject({
        name: profileName('operational'),
        path: profilePath('config/{environment}/operational.yaml').describe(
          'JSON or YAML document of each environment (.json, .yaml or .yml)',
        ),
        jsonSchema: z
          .record(z.string(), z.unknown())
          .refine(s => JSON.stringify(s).length <= 32768, {
            error: 'is longer than 32768 characters as JSON (AppConfig limit)',
          })
          .optional()
          .describe(
            'JSON Schema (draft 4) AppConfig validates each version against before deploying it',
          ),
      })
      .optional()
      .describe('Freeform operational configuration profile (AWS.Freeform)'),
  })
  .refine(p => p.featureFlags !== undefined || p.operational !== undefined, {
    error: 'needs featureFlags, operational or both',
  })
  .describe(
    'What the pipeline deploys: feature flags first, then operational configuration',
  );

const testSwitches = {
  integration: z
    .boolean()
    .default(true)
    .describe('Integration tests (DPRA: required)'),
  acceptance: z
    .boolean()
    .default(true)
    .describe('Acceptance tests (required in gamma)'),
};

const testCommands = z
  .array(command)
  .min(1)
  .default(['npm run test:integration'])
  .describe('Test commands; TEST_SUITE names the suite');

/** Schema of `kind: ConfigPipeline`. @public */
export const configPipelineSchema = z
  .strictObject({
    apiVersion: z.literal(SPEC_API_VERSION),
    kind: z.literal('ConfigPipeline'),
    metadata,
    spec: z.strictObject({
      toolchain,
      source,
      build,
      profiles,
      environments: z.strictObject({
        beta: z
          .strictObject({
            account: accountId,
            region,
            strategy: betaStrategy,
            alarms,
            tests: z.strictObject({ ...testSwitches }).prefault({}),
            testCommands,
          })
          .describe('Beta: one region, separate account'),
        gamma: z
          .strictObject({
            account: accountId,
            regions: z
              .array(region)
              .min(2, {
                error:
                  'gamma must have at least 2 regions (same regions as production)',
              })
              .max(4),
            strategy: gammaStrategy,
            alarms,
            tests: z
              .strictObject({
                ...testSwitches,
                synthetic: z
                  .boolean()
                  .default(true)
                  .describe('Synthetic tests (required)'),
              })
              .prefault({}),
            testCommands,
          })
          .describe('Gamma: production-like, at least two regions'),
      }),
      approval,
      production: z.strictObject({
        account: accountId,
        strategy: productionStrategy,
        alarms,
        waves: z
          .array(
            z.strictObject({
              regions: z
                .array(region)
                .min(1, { error: 'a wave needs at least 1 region' })
                .max(4, {
                  error:
                    'a wave deploys to at most 4 regions: CodePipeline allows 5 rules per stage condition (one DeploymentWindow rule plus one CloudWatchAlarm rule per region)',
                }),
              bake: duration
                .optional()
                .describe('Bake after the wave; default from production.bake'),
            }),
          )
          .min(1, { error: 'production needs at least 1 wave' })
          .max(20),
        ...safety,
      }),
      monitoring,
      waivers: waivers('ConfigPipeline'),
    }),
  })
  .describe(
    'Dynamic configuration: feature flags and operational configuration through AWS AppConfig, beta, gamma, approval, production waves',
  );
