/*
 * Stage-condition rules: their names, and their configuration as the stacks write it and the
 * portal reads it back (keys and units of CodePipeline's CloudWatchAlarm and DeploymentWindow
 * rules).
 */

/**
 * Names of stage-condition rules (rule names allow `[A-Za-z0-9.@_-]`).
 *
 * @public
 */
export const RULE = {
  deploymentWindow: 'DeploymentWindow',
  /** The entry check of a region: its blocker alarm must not be in ALARM. */
  alarmBlocker: (region: string): string => `AlarmBlocker-${region}`,
  /** The bake of a region: its alarms are watched for the bake time. */
  bake: (region: string): string => `Bake-${region}`,
} as const;

/**
 * Providers of the rules the stacks write.
 *
 * @public
 */
export const RULE_PROVIDER = {
  cloudWatchAlarm: 'CloudWatchAlarm',
  deploymentWindow: 'DeploymentWindow',
} as const;

/**
 * A CloudWatchAlarm rule: the alarms it watches, the states that trip it and how long it watches.
 *
 * @public
 */
export interface CloudWatchAlarmRule {
  readonly alarmNames: readonly string[];
  /** States that trip the rule; `ALARM` when written by the stacks. */
  readonly alarmStates?: readonly string[];
  /** Minutes the rule watches the alarms before it succeeds: the bake time. */
  readonly waitMinutes?: number;
}

const splitList = (value: string | undefined): string[] | undefined =>
  value === undefined
    ? undefined
    : value
        .split(',')
        .map(s => s.trim())
        .filter(Boolean);

/**
 * The configuration of a CloudWatchAlarm rule (`AlarmName`, `AlarmStates`, `WaitTime` in minutes).
 *
 * @public
 */
export function cloudWatchAlarmRuleConfiguration(
  rule: CloudWatchAlarmRule,
): Record<string, string> {
  return {
    AlarmName: rule.alarmNames.join(','),
    AlarmStates: (rule.alarmStates ?? ['ALARM']).join(','),
    ...(rule.waitMinutes === undefined
      ? {}
      : { WaitTime: String(rule.waitMinutes) }),
  };
}

/**
 * Reads the configuration of a CloudWatchAlarm rule (of any pipeline: every key may be absent).
 *
 * @public
 */
export function readCloudWatchAlarmRuleConfiguration(
  configuration: Readonly<Record<string, string>> | undefined,
): CloudWatchAlarmRule {
  const c = configuration ?? {};
  const wait = Number(c.WaitTime);
  return {
    alarmNames: splitList(c.AlarmName) ?? [],
    alarmStates: splitList(c.AlarmStates),
    waitMinutes:
      c.WaitTime !== undefined &&
      c.WaitTime.trim() !== '' &&
      Number.isFinite(wait)
        ? wait
        : undefined,
  };
}

/**
 * A DeploymentWindow rule: a Quartz cron of when deployments may start, in a time zone.
 *
 * @public
 */
export interface DeploymentWindowRule {
  readonly cron: string;
  /** Time zone of the cron; UTC when absent. */
  readonly timeZone?: string;
}

/**
 * The configuration of a DeploymentWindow rule (`Cron`, `TimeZone`).
 *
 * @public
 */
export function deploymentWindowRuleConfiguration(
  rule: DeploymentWindowRule,
): Record<string, string> {
  return {
    Cron: rule.cron,
    ...(rule.timeZone === undefined ? {} : { TimeZone: rule.timeZone }),
  };
}

/**
 * Reads the configuration of a DeploymentWindow rule; `undefined` without a cron.
 *
 * @public
 */
export function readDeploymentWindowRuleConfiguration(
  configuration: Readonly<Record<string, string>> | undefined,
): DeploymentWindowRule | undefined {
  const cron = configuration?.Cron;
  if (!cron) {
    return undefined;
  }
  const timeZone = configuration?.TimeZone;
  return timeZone ? { cron, timeZone } : { cron };
}
