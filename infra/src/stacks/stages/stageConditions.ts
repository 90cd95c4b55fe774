import {
  RULE,
  RULE_PROVIDER,
  cloudWatchAlarmRuleConfiguration,
  deploymentWindowRuleConfiguration,
} from '@dpra/pipeline-contract';
import type { AppPipelineSpec } from '../../spec/schema';
import type {
  ConditionModel,
  ConditionRuleModel,
} from '../toolchain/pipelineModel';

/** Safety settings shared by all kinds (`deploymentWindow`, `blockerAlarms`, `rollbackOnAlarm`, `bake`). @public */
export type SafetySettings = Pick<
  AppPipelineSpec['spec']['production'],
  'deploymentWindow' | 'blockerAlarms' | 'rollbackOnAlarm' | 'bake'
>;

/** Alarms watched in one region of a stage. @public */
export interface RegionAlarms {
  readonly region: string;
  /** Team/service high-severity aggregate: rolls back during bake. */
  readonly highSeverity: string;
  /** Alarm checked before entry (high severity OR organisation blockers); `highSeverity` when absent. */
  readonly entry?: string;
  /** One-box aggregate, watched during bake when the stage had a one-box step. */
  readonly oneBoxHighSeverity?: string;
}

/**
 * `before_entry`: the deployment window plus, per region, a CloudWatchAlarm rule over one alarm
 * (AWS's rule takes a single `AlarmName`): the composite of the high-severity aggregate and the
 * organisation's blocker alarms. Result FAIL: the stage does not start while it is in ALARM or
 * the window is closed.
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
      provider: RULE_PROVIDER.deploymentWindow,
      configuration: deploymentWindowRuleConfiguration({
        cron: safety.deploymentWindow.cron,
        timeZone: safety.deploymentWindow.timeZone,
      }),
    });
  }
  for (const r of regions) {
    rules.push({
      name: RULE.alarmBlocker(r.region),
      provider: RULE_PROVIDER.cloudWatchAlarm,
      region: r.region,
      configuration: cloudWatchAlarmRuleConfiguration({
        alarmNames: [r.entry ?? r.highSeverity],
      }),
    });
  }
  return { result: 'FAIL', rules };
}

/**
 * `on_success`: bake. Per region a CloudWatchAlarm rule waits `bakeMinutes` while watching the
 * one-box aggregate (which ORs the high-severity aggregate with the one-box alarms) or, without
 * a one-box step, the high-severity aggregate. Result ROLLBACK when `rollbackOnAlarm`,
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
      provider: RULE_PROVIDER.cloudWatchAlarm,
      region: r.region,
      configuration: cloudWatchAlarmRuleConfiguration({
        alarmNames: [r.oneBoxHighSeverity ?? r.highSeverity],
        waitMinutes: bakeMinutes,
      }),
    })),
  };
}
