import { RULE } from '../naming';
import type { AppPipelineSpec } from '../spec/schema';
import type { ConditionModel, ConditionRuleModel } from './pipelineModel';

/** Safety settings shared by all kinds (`deploymentWindow`, `blockerAlarms`, `rollbackOnAlarm`, `bake`). @public */
export type SafetySettings = Pick<
  AppPipelineSpec['spec']['production'],
  'deploymentWindow' | 'blockerAlarms' | 'rollbackOnAlarm' | 'bake'
>;

/** Alarms watched in one region of a stage. @public */
export interface RegionAlarms {
  readonly region: string;
  /** Team/service high-severity aggregate: blocks entry and rolls back during bake. */
  readonly highSeverity: string;
  /** One-box aggregate, watched during bake when the stage had a one-box step. */
  readonly oneBoxHighSeverity?: string;
}

/**
 * `before_entry`: the deployment window plus, per region, a CloudWatchAlarm rule over the
 * high-severity aggregate and the organisation's blocker alarms. Result FAIL: the stage does not
 * start while any of them is in ALARM or the window is closed.
 *
 * @public
 */
export function entryCondition(
  safety: SafetySettings,
  regions: readonly RegionAlarms[],
): ConditionModel {
  const rules: ConditionRuleModel[] = [];
  if (safety.deploymentWindow.enabled) {
    rules.push({
      name: RULE.deploymentWindow,
      provider: 'DeploymentWindow',
      configuration: {
        Cron: safety.deploymentWindow.cron,
        TimeZone: safety.deploymentWindow.timeZone,
      },
    });
  }
  for (const r of regions) {
    rules.push({
      name: RULE.alarmBlocker(r.region),
      provider: 'CloudWatchAlarm',
      region: r.region,
      configuration: {
        AlarmName: [r.highSeverity, ...safety.blockerAlarms].join(','),
        AlarmStates: 'ALARM',
      },
    });
  }
  return { result: 'FAIL', rules };
}

/**
 * `on_success`: bake. Per region a CloudWatchAlarm rule waits `bakeMinutes` while watching the
 * high-severity aggregate (and the one-box aggregate). Result ROLLBACK when `rollbackOnAlarm`,
 * else FAIL (stop promotion, leave the deployment in place).
 *
 * @public
 */
export function bakeCondition(
  safety: SafetySettings,
  regions: readonly RegionAlarms[],
  bakeMinutes: number,
): ConditionModel {
  return {
    result: safety.rollbackOnAlarm ? 'ROLLBACK' : 'FAIL',
    rules: regions.map(r => ({
      name: RULE.bake(r.region),
      provider: 'CloudWatchAlarm',
      region: r.region,
      configuration: {
        AlarmName: [
          r.highSeverity,
          ...(r.oneBoxHighSeverity ? [r.oneBoxHighSeverity] : []),
        ].join(','),
        AlarmStates: 'ALARM',
        WaitTime: String(bakeMinutes),
      },
    })),
  };
}
