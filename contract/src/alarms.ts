/*
 * Alarm names: `<pipeline>-<environment>-<region>-<metric>`. The stacks create the alarms and
 * reference them in stage conditions; the portal reads the names from those conditions.
 */

/**
 * Environments whose alarms the stacks create.
 *
 * @public
 */
export type EnvironmentName = 'beta' | 'gamma' | 'prod';

const alarm = (
  pipeline: string,
  env: EnvironmentName,
  region: string,
  metric: string,
): string => `${pipeline}-${env}-${region}-${metric}`;

/**
 * Alarm names.
 *
 * @public
 */
export const ALARM = {
  faultRate: (pipeline: string, env: EnvironmentName, region: string) =>
    alarm(pipeline, env, region, 'fault-rate'),
  latency: (
    pipeline: string,
    env: EnvironmentName,
    region: string,
    percentile: 'p50' | 'p90' | 'p99',
  ) => alarm(pipeline, env, region, `latency-${percentile}`),
  /** Composite of the fault-rate and latency alarms: blocks and rolls back deployments. */
  highSeverity: (pipeline: string, env: EnvironmentName, region: string) =>
    alarm(pipeline, env, region, 'high-severity'),
  /** Composite of the high-severity alarm and the one-box alarms: watched while a one box bakes. */
  oneBoxHighSeverity: (
    pipeline: string,
    env: EnvironmentName,
    region: string,
  ) => alarm(pipeline, env, region, 'onebox-high-severity'),
  oneBoxFaultRate: (pipeline: string, env: EnvironmentName, region: string) =>
    alarm(pipeline, env, region, 'onebox-fault-rate'),
  /** Composite of the high-severity alarm and the organisation's blocker alarms (entry check). */
  entryBlockers: (pipeline: string, env: EnvironmentName, region: string) =>
    alarm(pipeline, env, region, 'entry-blockers'),
} as const;
