import { RULE } from '@dpra/pipeline-contract';
import type { SeededRandom } from './seededRandom';
import type { ConditionDeclaration, ConditionRun } from './pipelineRecords';

/*
 * Stage conditions as CodePipeline evaluates them: entry conditions (blocker alarms, deployment
 * windows) and on-success bakes that watch alarms for a wait time, recorded as the condition and
 * rule runs GetPipelineState reports.
 */

/** Answers "which alarms are in which state" for stage conditions. */
export type AlarmStateLookup = (
  region: string,
  alarmName: string,
) => string | undefined;

/** An alarm a condition watches, found in one of its `AlarmStates`. */
export interface TrippedAlarm {
  region: string;
  name: string;
}

/** The longest `WaitTime` (minutes) of the conditions' rules. */
export function waitTimeOf(conditions: ConditionDeclaration[]): number {
  let max = 0;
  for (const c of conditions) {
    for (const r of c.rules) {
      const w = Number(r.configuration.WaitTime ?? 0);
      if (w > max) max = w;
    }
  }
  return max;
}

/** The first alarm a CloudWatchAlarm rule of the conditions watches that is in a state it fails on. */
export function trippedAlarm(
  conditions: ConditionDeclaration[],
  alarmState: AlarmStateLookup,
): TrippedAlarm | undefined {
  for (const c of conditions) {
    for (const rule of c.rules) {
      if (rule.ruleTypeId.provider !== 'CloudWatchAlarm') continue;
      const states = (rule.configuration.AlarmStates ?? 'ALARM')
        .split(',')
        .map(s => s.trim());
      for (const name of rule.configuration.AlarmName.split(',').map(s =>
        s.trim(),
      )) {
        const region = rule.region ?? '';
        const state = alarmState(region, name);
        if (state && states.includes(state)) return { region, name };
      }
    }
  }
  return undefined;
}

/**
 * The run of a stage's entry conditions at `at`: failed when a watched alarm is tripped or a
 * DeploymentWindow rule is closed, each rule's run saying which.
 */
export function entryConditionRun(
  conditions: ConditionDeclaration[],
  random: SeededRandom,
  at: Date,
  checks: {
    alarmState: AlarmStateLookup;
    windowOpen: (configuration: Record<string, string>, at: Date) => boolean;
  },
): { run: ConditionRun; blocked?: string } {
  const tripped = trippedAlarm(conditions, checks.alarmState);
  const closed = conditions
    .flatMap(c => c.rules)
    .find(
      r =>
        r.ruleTypeId.provider === 'DeploymentWindow' &&
        !checks.windowOpen(r.configuration, at),
    );
  let summary = 'Inside the deployment window; no blocker alarm in ALARM';
  if (tripped) {
    summary = `Alarm ${tripped.name} (${tripped.region}) is in ALARM`;
  } else if (closed) {
    summary = `Outside the deployment window ${closed.configuration.Cron} (${
      closed.configuration.TimeZone ?? 'UTC'
    })`;
  }
  const run: ConditionRun = {
    status: tripped || closed ? 'Failed' : 'Succeeded',
    summary,
    startTime: at,
    lastStatusChange: at,
    rules: conditions.flatMap(c =>
      c.rules.map(rule => {
        const blocked =
          tripped &&
          rule.ruleTypeId.provider === 'CloudWatchAlarm' &&
          rule.region === tripped.region &&
          rule.configuration.AlarmName.split(',').includes(tripped.name);
        const outside = rule === closed;
        let ruleSummary = 'No watched alarm in ALARM';
        if (blocked) ruleSummary = `Alarm ${tripped!.name} is in ALARM`;
        else if (outside) ruleSummary = 'Outside the deployment window';
        else if (rule.ruleTypeId.provider === 'DeploymentWindow')
          ruleSummary = 'Inside the deployment window';
        return {
          ruleName: rule.name,
          ruleExecutionId: random.uuid(),
          status:
            blocked || outside ? ('Failed' as const) : ('Succeeded' as const),
          summary: ruleSummary,
          lastStatusChange: at,
        };
      }),
    ),
  };
  let blocked: string | undefined;
  if (tripped)
    blocked = `alarm ${tripped.name} in ${tripped.region} is in ALARM`;
  else if (closed) blocked = 'outside its deployment window';
  return { run, blocked };
}

/** The run of an on-success bake that started at `at` and ends at `endsAt`. */
export function bakeConditionRun(
  conditions: ConditionDeclaration[],
  random: SeededRandom,
  at: Date,
  endsAt: Date,
): ConditionRun {
  return {
    status: 'InProgress',
    summary: `Watching alarms for ${waitTimeOf(
      conditions,
    )} minutes before promotion`,
    startTime: at,
    lastStatusChange: at,
    endsAt,
    rules: conditions.flatMap(c =>
      c.rules.map(rule => ({
        ruleName: rule.name,
        ruleExecutionId: random.uuid(),
        status: 'InProgress' as const,
        summary: `Waiting ${
          rule.configuration.WaitTime ?? 0
        } minutes; alarms OK so far`,
        lastStatusChange: at,
      })),
    ),
  };
}

/** The bake's wait time is over without an alarm tripping. */
export function passBake(bake: ConditionRun, at: Date): void {
  bake.status = 'Succeeded';
  bake.summary = 'All alarms stayed out of ALARM for the whole wait time';
  bake.lastStatusChange = at;
  bake.rules.forEach(r => {
    r.status = 'Succeeded';
    r.summary = 'Alarm state OK for the wait time';
    r.lastStatusChange = at;
  });
}

/** A watched alarm went into ALARM during the bake: its rule fails, the others are abandoned. */
export function failBakeRun(
  bake: ConditionRun,
  alarm: TrippedAlarm,
  at: Date,
): void {
  bake.status = 'Failed';
  bake.summary = `Alarm ${alarm.name} went into ALARM during the bake`;
  bake.lastStatusChange = at;
  bake.rules.forEach(r => {
    const tripped = r.ruleName === RULE.bake(alarm.region);
    r.status = tripped ? 'Failed' : 'Abandoned';
    r.summary = tripped
      ? `Alarm ${alarm.name} is in ALARM`
      : 'Abandoned: another rule failed';
    r.lastStatusChange = at;
  });
}
