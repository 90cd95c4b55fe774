import type { AlarmView, PipelineLayout } from '@dpra/plugin-pipelines-common';
import { readProblem } from './readProblem';
import { alarmKey, type AlarmHistoryRead } from '../store';
import type { SnapshotReadContext } from './readPipelineSnapshot';

/** Alarm histories read per refresh (changed alarms, most recent change first). */
const ALARM_HISTORIES_PER_REFRESH = 5;
/**
 * How long after a state change CloudWatch's history is trusted to hold it: a read that finds no
 * item for the change before then is tried again at the next refresh.
 */
const ALARM_HISTORY_LAG_MS = 5 * 60_000;

/** Alarms shown as not read, with the reason. */
function notRead(
  names: Iterable<string>,
  region: string,
  stateReason: string,
): AlarmView[] {
  return [...names].map(name => ({
    name,
    region,
    type: 'metric' as const,
    state: 'UNKNOWN' as const,
    stateReason,
  }));
}

/**
 * The alarms the stage conditions of the layout watch (blockers, bake watchers, rollback
 * triggers), per region; an alarm in a region the targets do not allow, or whose read failed
 * (`report`ed), is shown as not read.
 */
export async function readAlarms(
  ctx: Pick<SnapshotReadContext, 'alarms' | 'target' | 'policy' | 'state'>,
  layout: PipelineLayout,
  report: (problem: string) => void,
): Promise<AlarmView[]> {
  const byRegion = new Map<string, Set<string>>();
  for (const stage of layout.stages) {
    const conditions = [...stage.safety.beforeEntry, ...stage.safety.onSuccess];
    if (stage.safety.onFailure) conditions.push(stage.safety.onFailure);
    for (const rule of conditions.flatMap(c => c.rules)) {
      const region = rule.region ?? layout.homeRegion;
      const names = byRegion.get(region) ?? new Set<string>();
      (rule.alarmNames ?? []).forEach(n => names.add(n));
      byRegion.set(region, names);
    }
  }
  const views: AlarmView[] = [];
  for (const [region, names] of byRegion) {
    if (names.size === 0) continue;
    const regionTarget = { ...ctx.target, region };
    const refusal = ctx.policy.refusalReason(regionTarget);
    if (refusal) {
      views.push(...notRead(names, region, `Not read: ${refusal}`));
      continue;
    }
    try {
      views.push(
        ...(await ctx.alarms.describeAlarms(regionTarget, [...names])),
      );
    } catch (error) {
      const problem = readProblem(
        `Alarms of ${ctx.state.name} in ${region}`,
        error,
      );
      report(problem);
      views.push(...notRead(names, region, problem));
    }
  }
  return views;
}

/**
 * The state changes of the alarms whose state changed since their history was last read (a few
 * per refresh), for the snapshot.
 */
export async function readAlarmHistory(
  ctx: Pick<
    SnapshotReadContext,
    | 'target'
    | 'alarmStore'
    | 'cloudWatch'
    | 'logger'
    | 'previousAlarmStates'
    | 'startedAt'
  >,
  views: AlarmView[],
  report: (problem: string) => void,
): Promise<AlarmHistoryRead[]> {
  const { target, alarmStore, previousAlarmStates: previous } = ctx;
  const changed = views.filter(v => v.stateUpdatedAt);
  if (changed.length === 0) {
    return [];
  }
  const alarmsOf = changed.map(v => ({ region: v.region, name: v.name }));
  const [readThrough, newest] = await Promise.all([
    alarmStore.getAlarmHistoryReadThrough(target.accountId, alarmsOf),
    alarmStore.getNewestAlarmHistory(target.accountId, alarmsOf),
  ]);
  const due = changed
    .filter(v => {
      const read = readThrough.get(alarmKey(v));
      return !read || read.getTime() < Date.parse(v.stateUpdatedAt!);
    })
    .sort(
      (a, b) => Date.parse(b.stateUpdatedAt!) - Date.parse(a.stateUpdatedAt!),
    )
    .slice(0, ALARM_HISTORIES_PER_REFRESH);
  const read = await Promise.all(
    due.map(async view => {
      let items;
      try {
        items = await ctx.cloudWatch.describeAlarmHistory(
          { ...target, region: view.region },
          view.name,
          { after: newest.get(alarmKey(view)), maxRecords: 20 },
        );
      } catch (error) {
        // The history is an addition to the page: its failure leaves the alarm due for the
        // next refresh rather than failing this one.
        report(
          readProblem(`History of alarm ${view.name} in ${view.region}`, error),
        );
        return undefined;
      }
      const changedAt = Date.parse(view.stateUpdatedAt!);
      // The history covers the change once it lists an item from then on, or once CloudWatch
      // has had ample time to write one (some changes, such as creation, have none): a refresh
      // interval (the previous refresh already saw this change), or the lag by the clock (which
      // a local AWS with a fast clock may not share).
      const covered =
        items.some(i => Date.parse(i.timestamp) >= changedAt - 1000) ||
        previous.get(alarmKey(view)) === view.stateUpdatedAt ||
        ctx.startedAt.getTime() - changedAt > ALARM_HISTORY_LAG_MS;
      return {
        region: view.region,
        alarmName: view.name,
        items,
        readThrough: covered ? view.stateUpdatedAt : undefined,
      };
    }),
  );
  return read.filter((r): r is NonNullable<typeof r> => r !== undefined);
}
