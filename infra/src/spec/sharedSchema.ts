import { z } from 'zod/v4';
import {
  accountId,
  alarmName,
  deploymentWindowCron,
  duration,
  email,
  entityRef,
  region,
  resourceName,
  textOfAtMost,
  timeZone,
} from './scalars';

/*
 * The blocks of the pipeline spec that every kind shares: identity, toolchain, source, approval,
 * the production safety settings and monitoring. The kinds compose them in appPipelineSchema.ts,
 * imagePipelineSchema.ts and accountFleetPipelineSchema.ts; schema.ts joins the kinds. Every
 * object is strict and every optional field carries its default (see schema.ts).
 */

/** The spec's API version. @public */
export const SPEC_API_VERSION = 'dpra/v1';

/** `metadata`: the identity of a pipeline (every kind). */
export const metadata = z
  .strictObject({
    name: resourceName.describe(
      'Pipeline name; stems every generated resource name (pipeline, alarms, roles, buckets)',
    ),
    description: z
      .string()
      .max(1000)
      .optional()
      .describe('Free text, shown in the portal'),
    owner: entityRef
      .optional()
      .describe('Owning team (catalog entity ref or name)'),
    component: z
      .string()
      .max(200)
      .optional()
      .describe(
        'Catalog component the pipeline delivers (for the dpra.io/pipelines annotation)',
      ),
    tags: z
      .record(
        z.string().regex(/^[\w.:/=+@ -]{1,128}$/, {
          error: 'is not a valid AWS tag key',
        }),
        z.string().regex(/^[\w.:/=+@ -]{0,256}$/, {
          error: 'is not a valid AWS tag value',
        }),
      )
      .prefault({})
      .describe('Tags applied to every generated resource'),
  })
  .describe('Identity of the pipeline');

/** `spec.toolchain`: the account and home region of the pipeline (every kind). */
export const toolchain = z
  .strictObject({
    account: accountId.describe(
      'Toolchain (tooling) account that runs the pipeline',
    ),
    region: region.describe('Home region of the pipeline'),
    executionMode: z
      .enum(['QUEUED', 'SUPERSEDED', 'PARALLEL'], {
        error: iss =>
          `${JSON.stringify(
            iss.input,
          )} is not an execution mode (QUEUED, SUPERSEDED, PARALLEL)`,
      })
      .default('QUEUED')
      .describe(
        'How CodePipeline runs executions that overlap: QUEUED (the default: each waits for the one ahead, so a wave never holds two revisions), SUPERSEDED (a newer run replaces one waiting between stages) or PARALLEL (independent runs, e.g. infrastructure changes in separate workspaces)',
      ),
  })
  .describe('Where the pipeline itself lives');

/** `spec.source`: where the code comes from (every kind). */
export const source = z
  .strictObject({
    provider: z
      .enum(['CodeConnections', 'CodeCommit', 'S3'], {
        error: iss =>
          `${JSON.stringify(
            iss.input,
          )} is not a source provider (CodeConnections, CodeCommit, S3)`,
      })
      .default('CodeConnections')
      .describe(
        'CodeConnections (GitHub, GitLab, Bitbucket; the default — CodeCommit is closed to new AWS customers), CodeCommit or S3',
      ),
    repository: z
      .string()
      .regex(/^[A-Za-z0-9_.-]+(\/[A-Za-z0-9_.-]+)?$/, {
        error: iss =>
          `${JSON.stringify(
            iss.input,
          )} is not a repository (owner/name, or name for CodeCommit)`,
      })
      .optional()
      .describe(
        'owner/name for CodeConnections, repository name for CodeCommit',
      ),
    branch: z
      .string()
      .regex(/^[A-Za-z0-9._/-]{1,255}$/, {
        error: iss => `${JSON.stringify(iss.input)} is not a branch name`,
      })
      .default('main')
      .describe('Trunk branch; only pushes to it start the pipeline'),
    connectionArn: z
      .string()
      .regex(
        /^arn:aws[a-z-]*:(codestar-connections|codeconnections):[a-z0-9-]+:\d{12}:connection\/[A-Za-z0-9-]+$/,
        {
          error: iss =>
            `${JSON.stringify(
              iss.input,
            )} is not a CodeConnections connection ARN`,
        },
      )
      .optional()
      .describe(
        'Existing connection; when absent a connection is created (pending until authorised in the console)',
      ),
    connectionProvider: z
      .enum([
        'GitHub',
        'GitHubEnterpriseServer',
        'GitLab',
        'GitLabSelfManaged',
        'Bitbucket',
      ])
      .default('GitHub')
      .describe(
        'Provider of the connection created when connectionArn is absent',
      ),
    bucket: z
      .string()
      .regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, {
        error: iss => `${JSON.stringify(iss.input)} is not an S3 bucket name`,
      })
      .optional()
      .describe('S3 source: bucket (versioning must be on)'),
    objectKey: z
      .string()
      .regex(/^[A-Za-z0-9!_.*'()/-]{1,1024}$/, {
        error: iss => `${JSON.stringify(iss.input)} is not an S3 object key`,
      })
      .optional()
      .describe('S3 source: object key of the zipped source'),
  })
  .prefault({})
  .describe('Where the code comes from');

/** `spec.approval`: the manual approval before production (every kind). */
export const approval = z
  .strictObject({
    enabled: z
      .boolean()
      .default(true)
      .describe(
        'Manual approval before production (DPRA: required; turn off for continuous deployment)',
      ),
    notify: z
      .array(email)
      .default([])
      .describe('E-mail addresses subscribed to the approval topic'),
    comment: textOfAtMost(500)
      .optional()
      .describe('Text shown to the approver (at most 500 characters)'),
  })
  .prefault({})
  .describe('Manual approval before production');

/** The deployment window of production stages (part of {@link safety}). */
export const deploymentWindow = z
  .strictObject({
    enabled: z
      .boolean()
      .default(true)
      .describe('Block production stages outside the window'),
    cron: deploymentWindowCron
      .default('* * 9-16 ? * MON-THU *')
      .describe(
        'When a stage may start; default Monday-Thursday 09:00-16:59 (no nights, weekends or Fridays)',
      ),
    timeZone: timeZone.default('UTC').describe('Time zone of the cron'),
  })
  .prefault({})
  .describe('Time window for production deployments (DeploymentWindow rule)');

/** Default bake times (part of {@link safety}). */
export const bakeDefaults = z
  .strictObject({
    oneBox: duration
      .default('1h')
      .describe(
        "Bake after each one-box step (Builders' Library: at least 1 h)",
      ),
    firstWave: duration
      .default('12h')
      .describe('Bake after the first production wave (at least 12 h)'),
    laterWaves: duration
      .default('3h')
      .describe('Bake after each later wave (2-4 h)'),
  })
  .prefault({})
  .describe('Default bake times; a wave can override its own');

/**
 * The safety settings of production, in every kind: deployment window, blocker alarms, rollback
 * on alarm and bake defaults. Spread into the object that holds the waves.
 */
export const safety = {
  deploymentWindow,
  blockerAlarms: z
    .array(alarmName)
    .max(10)
    .default([])
    .describe(
      'Organisation-wide alarms (in the toolchain account, every production region) that block entry',
    ),
  rollbackOnAlarm: z
    .boolean()
    .default(true)
    .describe('Roll back a stage that fails or whose alarms fire during bake'),
  bake: bakeDefaults,
};

/** `spec.monitoring`: the service metrics the alarms watch (every kind). */
export const monitoring = z
  .strictObject({
    namespace: z
      .string()
      .regex(/^[A-Za-z0-9/_.#:-]{1,255}$/, {
        error: iss =>
          `${JSON.stringify(iss.input)} is not a CloudWatch namespace`,
      })
      .optional()
      .describe('Metric namespace of the service; default: the pipeline name'),
    requestMetric: z
      .string()
      .min(1)
      .max(255)
      .default('Requests')
      .describe('Count of requests'),
    faultMetric: z
      .string()
      .min(1)
      .max(255)
      .default('Faults')
      .describe('Count of faults (5xx)'),
    latencyMetric: z
      .string()
      .min(1)
      .max(255)
      .default('Latency')
      .describe('Latency in milliseconds'),
    dimensions: z
      .record(z.string().min(1).max(255), z.string().min(1).max(1024))
      .prefault({})
      .describe(
        'Dimensions added to every metric (Region/Stage are not added automatically)',
      ),
    faultRatePercent: z
      .number()
      .gt(0)
      .max(100)
      .default(1)
      .describe('Fault-rate alarm threshold, percent'),
    latencyP50Ms: z
      .number()
      .positive()
      .default(200)
      .describe('p50 latency alarm threshold, ms'),
    latencyP90Ms: z
      .number()
      .positive()
      .default(500)
      .describe('p90 latency alarm threshold, ms'),
    latencyP99Ms: z
      .number()
      .positive()
      .default(1000)
      .describe('p99 latency alarm threshold, ms'),
    periodSeconds: z
      .union([z.literal(60), z.literal(300)])
      .default(60)
      .describe('Metric period'),
    evaluationPeriods: z
      .number()
      .int()
      .min(1)
      .max(30)
      .default(3)
      .describe('Periods that must breach'),
  })
  .prefault({})
  .describe(
    "Service metrics the alarms watch. Alarms live in the toolchain account and read the environment accounts' metrics through CloudWatch cross-account observability",
  );
