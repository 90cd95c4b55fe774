import type { PipelineDeclaration } from '@aws-sdk/client-codepipeline';
import type { LoggerService } from '@backstage/backend-plugin-api';
import type {
  AlarmView,
  FindingView,
  PipelineLayout,
  ReportView,
} from '@dpra/plugin-pipelines-common';
import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import pLimit from 'p-limit';
import type { AwsTarget, AwsTargetPolicy } from '../aws/AwsTarget';
import type { CloudWatchAlarmReader } from '../aws/CloudWatchAlarmReader';
import type { CodePipelineReader } from '../aws/CodePipelineReader';
import { describeAwsError } from '../aws/describeAwsError';
import type { PipelinesConfig } from '../config';
import type { FindingsReader } from '../findings';
import { deriveLayout } from '../layout/deriveLayout';
import {
  alarmKey,
  type AlarmStore,
  type PipelineSnapshot,
  type PipelineSnapshotWriter,
  type RefreshQueue,
  type RefreshState,
  type StoredExecution,
} from '../store';
import { RefreshRunAlarmReader } from './RefreshRunAlarmReader';
import {
  isFinished,
  pendingApprovalsFromActionExecutions,
  pendingApprovalsFromState,
  productionTimings,
  toExecutionView,
  toStageStateViews,
} from './pipelineStateViews';

/** Refreshes pipelines from AWS into the store. */
export interface PipelineRefresher {
  /** Refreshes every due pipeline this instance can lease; returns how many were refreshed. */
  refreshDue(): Promise<{ refreshed: number; failed: number }>;
  /**
   * Refreshes one pipeline now if no other replica is refreshing it (after an approval), and
   * otherwise makes it due at once.
   */
  refreshNow(arn: string): Promise<void>;
}

/** Options of {@link createPipelineRefresher}. */
export interface PipelineRefresherOptions {
  refreshQueue: RefreshQueue;
  snapshots: PipelineSnapshotWriter;
  alarmStore: Pick<
    AlarmStore,
    'listWatchedAlarms' | 'getNewestAlarmHistory' | 'getAlarmHistoryReadThrough'
  >;
  codePipeline: CodePipelineReader;
  cloudWatch: CloudWatchAlarmReader;
  findings?: FindingsReader<AwsTarget>;
  policy: AwsTargetPolicy;
  config: PipelinesConfig;
  logger: LoggerService;
  /** Identifies this instance in leases. */
  instanceId: string;
  /** Called after refreshes wrote to the store (to drop cached responses). */
  onStoreChanged?: () => void;
  now?: () => Date;
}

/** What the store keeps of an execution, in a fixed order: equal text means nothing to write. */
function storedForm(e: StoredExecution): string {
  return JSON.stringify([
    e.status,
    e.statusSummary,
    e.executionType ?? 'STANDARD',
    e.startedAt,
    e.updatedAt,
    e.finishedAt,
    e.trigger,
    e.triggerDetail,
    e.sourceRevisions,
    e.sourceRevisionTimes,
    e.reachedProdAt,
    e.prodCompletedAt,
    e.detailsComplete,
  ]);
}

/** What the pipelines of one refresh run share (see `prepareRun`). */
interface RefreshRun {
  alarms: Pick<CloudWatchAlarmReader, 'describeAlarms'>;
  /** Per alarm ({@link alarmKey}), the state change time the pipeline's previous refresh saw. */
  previousAlarmStates(arn: string): ReadonlyMap<string, string | undefined>;
}

/** Alarm histories read per refresh (changed alarms, most recent change first). */
const ALARM_HISTORIES_PER_REFRESH = 5;
/**
 * How long after a state change CloudWatch's history is trusted to hold it: a read that finds no
 * item for the change before then is tried again at the next refresh.
 */
const ALARM_HISTORY_LAG_MS = 5 * 60_000;

/** Finished executions whose stage timings are read per refresh: spreads the backfill. */
const DETAILS_PER_REFRESH = 5;
/** Pipelines leased per run; the rest stay due for the next run. */
const CLAIMS_PER_RUN = 500;
/** Pipelines refreshed concurrently (AWS concurrency is bounded per target underneath). */
const PIPELINES_IN_PARALLEL = 16;

/** Creates the refresher. */
export function createPipelineRefresher(
  options: PipelineRefresherOptions,
): PipelineRefresher {
  const {
    refreshQueue,
    snapshots,
    alarmStore,
    codePipeline,
    cloudWatch,
    findings,
    policy,
    config,
    logger,
  } = options;
  const now = options.now ?? (() => new Date());
  const leaseMs = Math.max(60_000, config.refresh.intervalSeconds * 2000);

  async function readAlarms(
    reader: Pick<CloudWatchAlarmReader, 'describeAlarms'>,
    target: AwsTarget,
    layout: PipelineLayout,
  ): Promise<AlarmView[]> {
    const byRegion = new Map<string, Set<string>>();
    for (const stage of layout.stages) {
      const conditions = [
        ...stage.safety.beforeEntry,
        ...stage.safety.onSuccess,
      ];
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
      const regionTarget = { ...target, region };
      const refusal = policy.refusalReason(regionTarget);
      if (refusal) {
        views.push(
          ...[...names].map(name => ({
            name,
            region,
            type: 'metric' as const,
            state: 'UNKNOWN' as const,
            stateReason: `Not read: ${refusal}`,
          })),
        );
        continue;
      }
      views.push(...(await reader.describeAlarms(regionTarget, [...names])));
    }
    return views;
  }

  /**
   * The state changes of the alarms whose state changed since their history was last read (a
   * few per refresh), for the snapshot.
   */
  async function readAlarmHistory(
    target: AwsTarget,
    views: AlarmView[],
    previous: ReadonlyMap<string, string | undefined>,
    at: Date,
  ): Promise<NonNullable<PipelineSnapshot['alarmHistory']>> {
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
          items = await cloudWatch.describeAlarmHistory(
            { ...target, region: view.region },
            view.name,
            { after: newest.get(alarmKey(view)), maxRecords: 20 },
          );
        } catch (error) {
          // The history is an addition to the page: its failure leaves the alarm due for the
          // next refresh rather than failing this one.
          logger.warn(
            `History of alarm ${view.name} in ${view.region} not read: ${
              describeAwsError(error).message
            }`,
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
          at.getTime() - changedAt > ALARM_HISTORY_LAG_MS;
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

  async function refreshPipeline(
    state: RefreshState,
    run: RefreshRun,
  ): Promise<void> {
    const target: AwsTarget = {
      accountId: state.accountId,
      region: state.region,
      roleArn: state.roleArn,
    };
    const startedAt = now();
    const pipelineState = await codePipeline.getPipelineState(
      target,
      state.name,
    );

    await yieldToEventLoop();
    const stored = await snapshots.getDefinition(state.arn);
    let definition = stored?.definition as PipelineDeclaration | undefined;
    let layout = stored?.layout;
    let fetchedDefinition = false;
    if (
      !stored ||
      stored.version === undefined ||
      stored.version !== pipelineState.pipelineVersion
    ) {
      const { pipeline } = await codePipeline.getPipeline(target, state.name);
      definition = pipeline;
      layout = deriveLayout(pipeline, state.region);
      fetchedDefinition = true;
    }

    const summaries = await codePipeline.listPipelineExecutions(
      target,
      state.name,
      {
        maxResults: config.refresh.executionsPerRefresh,
      },
    );
    const known = new Map(
      (
        await snapshots.getExecutionsById(
          state.arn,
          summaries.map(s => s.pipelineExecutionId ?? ''),
        )
      ).map(e => [e.id, e]),
    );
    let detailBudget = DETAILS_PER_REFRESH;
    const executions: StoredExecution[] = [];
    for (const summary of summaries) {
      const view = toExecutionView(state.arn, summary);
      const previous = known.get(view.id);
      const finished = isFinished(view.status);
      const execution: StoredExecution = {
        ...view,
        finishedAt: finished ? view.updatedAt : undefined,
        sourceRevisionTimes: previous?.sourceRevisionTimes,
        reachedProdAt: previous?.reachedProdAt,
        prodCompletedAt: previous?.prodCompletedAt,
        detailsComplete: previous?.detailsComplete ?? false,
      };
      // Stage timings are read once, after the execution finished: they never change again.
      if (finished && !execution.detailsComplete && detailBudget > 0) {
        detailBudget--;
        const [detail, actions] = await Promise.all([
          codePipeline.getPipelineExecution(target, state.name, view.id),
          codePipeline.listActionExecutions(target, state.name, {
            pipelineExecutionId: view.id,
          }),
        ]);
        execution.sourceRevisionTimes = (detail?.artifactRevisions ?? [])
          .map(r => r.created?.toISOString())
          .filter((t): t is string => Boolean(t));
        Object.assign(execution, productionTimings(actions, layout));
        execution.detailsComplete = true;
      }
      executions.push(execution);
    }

    const configurationOf = (stageName: string, actionName: string) =>
      definition?.stages
        ?.find(s => s.name === stageName)
        ?.actions?.find(a => a.name === actionName)?.configuration;
    let pendingApprovals = pendingApprovalsFromState(
      state.arn,
      pipelineState,
      layout,
      configurationOf,
    );
    const executionMode = definition?.executionMode;
    if (executionMode === 'PARALLEL') {
      const inProgress = executions.filter(e => e.status === 'InProgress');
      const details = (
        await Promise.all(
          inProgress.map(e =>
            codePipeline.listActionExecutions(target, state.name, {
              pipelineExecutionId: e.id,
            }),
          ),
        )
      ).flat();
      pendingApprovals = pendingApprovalsFromActionExecutions(
        state.arn,
        details,
        layout,
      );
    }

    const alarmViews = layout
      ? await readAlarms(run.alarms, target, layout)
      : [];
    const alarmHistory = await readAlarmHistory(
      target,
      alarmViews,
      run.previousAlarmStates(state.arn),
      startedAt,
    );

    let findingsResult:
      | { findings: FindingView[]; reports: ReportView[] }
      | undefined;
    const findingsDue =
      !state.findingsRefreshedAt ||
      startedAt.getTime() - state.findingsRefreshedAt.getTime() >=
        config.refresh.findingsIntervalSeconds * 1000;
    if (findings && findingsDue) {
      const tags = await codePipeline.listTagsForResource(target, state.arn);
      const result = await findings.read(target, {
        pipelineArn: state.arn,
        pipelineName: state.name,
        tags,
      });
      // A failing findings source keeps the previous findings rather than emptying the table.
      if (result.errors.length === 0) {
        findingsResult = { findings: result.findings, reports: result.reports };
      } else {
        logger.warn(
          `Findings of ${state.arn} not refreshed: ${result.errors
            .map(e => `${e.source}: ${describeAwsError(e.error).message}`)
            .join('; ')}`,
        );
      }
    }

    const inProgress = executions.some(e => e.status === 'InProgress');
    // A refresh is a chain of promises that, with an in-process database such as SQLite, can
    // run for many milliseconds without returning to the event loop; pending requests are
    // served before the write.
    await yieldToEventLoop();
    await snapshots.savePipelineSnapshot({
      location: {
        arn: state.arn,
        accountId: state.accountId,
        region: state.region,
        name: state.name,
        roleArn: state.roleArn,
      },
      executionMode,
      pipelineType: definition?.pipelineType,
      pipelineVersion: pipelineState.pipelineVersion ?? definition?.version,
      definition: fetchedDefinition ? definition : undefined,
      layout: fetchedDefinition ? layout : undefined,
      stages: toStageStateViews(pipelineState, layout),
      pendingApprovals,
      latestExecutionId: executions[0]?.id,
      // Most listed executions finished long ago and are stored as they are: only new and
      // changed ones are written.
      executions: executions.filter(e => {
        const previous = known.get(e.id);
        return !previous || storedForm(previous) !== storedForm(e);
      }),
      alarms: alarmViews,
      alarmHistory,
      findings: findingsResult?.findings,
      reports: findingsResult?.reports,
      capturedAt: startedAt,
    });
    const finishedAt = now();
    const hot =
      inProgress ||
      (state.hotUntil !== undefined && state.hotUntil > finishedAt);
    const interval = hot
      ? config.refresh.hotIntervalSeconds
      : config.refresh.intervalSeconds;
    await refreshQueue.recordRefreshSuccess(state.arn, {
      owner: options.instanceId,
      now: finishedAt,
      nextRefreshAt: new Date(finishedAt.getTime() + interval * 1000),
      inProgress,
      findingsRefreshed: Boolean(findingsResult),
    });
  }

  /**
   * What the pipelines of one refresh run share: their alarm reads, and what their previous
   * refreshes stored of their alarms (one query for the run).
   */
  async function prepareRun(claimed: RefreshState[]): Promise<RefreshRun> {
    const byArn = new Map(claimed.map(state => [state.arn, state]));
    const watched = await alarmStore.listWatchedAlarms(
      claimed.map(state => state.arn),
    );
    const previous = new Map<string, Map<string, string | undefined>>();
    for (const alarm of watched) {
      const ofPipeline = previous.get(alarm.pipelineArn) ?? new Map();
      ofPipeline.set(alarmKey(alarm), alarm.stateUpdatedAt);
      previous.set(alarm.pipelineArn, ofPipeline);
    }
    return {
      // The alarms of all claimed pipelines are read together, one call per target.
      alarms: new RefreshRunAlarmReader(
        cloudWatch,
        watched.map(({ pipelineArn, region, name }) => ({
          accountId: byArn.get(pipelineArn)!.accountId,
          roleArn: byArn.get(pipelineArn)!.roleArn,
          region,
          name,
        })),
      ),
      previousAlarmStates: arn => previous.get(arn) ?? new Map(),
    };
  }

  async function refreshLeased(
    state: RefreshState,
    run: RefreshRun,
  ): Promise<boolean> {
    try {
      await refreshPipeline(state, run);
      return true;
    } catch (error) {
      const { message } = describeAwsError(error);
      logger.warn(
        `Refresh of ${state.arn} failed; serving the last known state: ${message}`,
      );
      const failedAt = now();
      const hot =
        state.inProgress ||
        (state.hotUntil !== undefined && state.hotUntil > failedAt);
      const interval = hot
        ? config.refresh.hotIntervalSeconds
        : config.refresh.intervalSeconds;
      await refreshQueue.recordRefreshFailure(state.arn, {
        owner: options.instanceId,
        now: failedAt,
        nextRefreshAt: new Date(failedAt.getTime() + interval * 1000),
        error: message,
      });
      return false;
    }
  }

  return {
    async refreshDue() {
      const claimed = await refreshQueue.claimDuePipelines({
        now: now(),
        owner: options.instanceId,
        leaseMs,
        limit: CLAIMS_PER_RUN,
      });
      const run = await prepareRun(claimed);
      const limit = pLimit(PIPELINES_IN_PARALLEL);
      const results = await Promise.all(
        claimed.map(state => limit(() => refreshLeased(state, run))),
      );
      if (claimed.length > 0) {
        options.onStoreChanged?.();
      }
      return {
        refreshed: results.filter(Boolean).length,
        failed: results.filter(r => !r).length,
      };
    },
    async refreshNow(arn: string) {
      const state = await refreshQueue.claimPipeline(arn, {
        now: now(),
        owner: options.instanceId,
        leaseMs,
      });
      if (!state) {
        // Another replica is refreshing it right now; make sure it is refreshed again after.
        await refreshQueue.requestRefresh(arn, now());
        return;
      }
      await refreshLeased(state, await prepareRun([state]));
      options.onStoreChanged?.();
    },
  };
}
