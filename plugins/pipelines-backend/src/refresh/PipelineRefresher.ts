import type {
  LoggerService,
  SchedulerService,
} from '@backstage/backend-plugin-api';
import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import pLimit from 'p-limit';
import { withAwsDeadline } from '../aws/awsDeadline';
import type { AppConfigDeploymentReader } from '../aws/AppConfigDeploymentReader';
import type { AwsTarget, AwsTargetPolicy } from '../aws/AwsTarget';
import type { CloudWatchAlarmReader } from '../aws/CloudWatchAlarmReader';
import type { CodePipelineReader } from '../aws/CodePipelineReader';
import { describeAwsError } from '../aws/describeAwsError';
import type { PipelinesConfig } from '../config';
import type { FindingsReader } from '../findings';
import type { EntityPipelinesResponseCache } from '../service/types';
import {
  alarmKey,
  type AlarmStore,
  type PipelineSnapshot,
  type PipelineSnapshotWriter,
  type RefreshQueue,
  type RefreshState,
} from '../store';
import { readPipelineSnapshot } from './readPipelineSnapshot';
import { RefreshRunAlarmReader } from './RefreshRunAlarmReader';
import type { PipelineRefresher } from './types';

/** Options of {@link createPipelineRefresher}. */
export interface PipelineRefresherOptions {
  refreshQueue: RefreshQueue;
  snapshots: PipelineSnapshotWriter;
  alarmStore: Pick<
    AlarmStore,
    'listWatchedAlarms' | 'getNewestAlarmHistory' | 'getAlarmHistoryReadThrough'
  >;
  /**
   * The one invalidation path of the response cache: whatever a refresh wrote (a snapshot or a
   * failure) is seen by the next request of this instance.
   */
  responses: Pick<EntityPipelinesResponseCache, 'invalidate'>;
  codePipeline: CodePipelineReader;
  cloudWatch: CloudWatchAlarmReader;
  findings?: FindingsReader<AwsTarget>;
  /** Reads the AppConfig deployments of configuration pipelines. */
  appConfig?: AppConfigDeploymentReader;
  policy: AwsTargetPolicy;
  config: PipelinesConfig;
  logger: LoggerService;
  scheduler: SchedulerService;
  /** Identifies this instance in leases. */
  instanceId: string;
  /**
   * Told of every snapshot once it is saved (owner notifications, live updates); must not throw.
   * It is awaited, so that what it records is in place when the refresh ends.
   */
  onSaved?: (snapshot: PipelineSnapshot) => Promise<void>;
  now?: () => Date;
}

/** What the pipelines of one refresh run share (see `prepareRun`). */
interface RefreshRun {
  alarms: Pick<CloudWatchAlarmReader, 'describeAlarms'>;
  /** Per alarm ({@link alarmKey}), the state change time the pipeline's previous refresh saw. */
  previousAlarmStates(arn: string): ReadonlyMap<string, string | undefined>;
}

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
    responses,
    cloudWatch,
    config,
    logger,
  } = options;
  const now = options.now ?? (() => new Date());
  const deadlineMs = config.refresh.deadlineSeconds * 1000;
  // A lease outlives the refresh it guards: the reads end at their deadline at the latest.
  const leaseMs = Math.max(
    60_000,
    config.refresh.intervalSeconds * 2000,
    deadlineMs * 2,
  );

  /** When a pipeline is due next: soon while it runs or is viewed. */
  function nextRefreshAt(
    state: RefreshState,
    at: Date,
    inProgress: boolean,
  ): Date {
    const hot =
      inProgress || (state.hotUntil !== undefined && state.hotUntil > at);
    const interval = hot
      ? config.refresh.hotIntervalSeconds
      : config.refresh.intervalSeconds;
    return new Date(at.getTime() + interval * 1000);
  }

  async function refreshPipeline(
    state: RefreshState,
    run: RefreshRun,
  ): Promise<void> {
    // Every AWS read of the refresh is cut off at the deadline (a hung endpoint fails the
    // refresh, naming the call); the store is written only after the reads finished in time.
    const { snapshot, inProgress, findingsRefreshed, readProblems } =
      await withAwsDeadline(deadlineMs, `The refresh of ${state.name}`, () =>
        readPipelineSnapshot({
          ...options,
          state,
          target: {
            accountId: state.accountId,
            region: state.region,
            roleArn: state.roleArn,
          },
          startedAt: now(),
          alarms: run.alarms,
          previousAlarmStates: run.previousAlarmStates(state.arn),
        }),
      );
    // A refresh is a chain of promises that, with an in-process database such as SQLite, can
    // run for many milliseconds without returning to the event loop; pending requests are
    // served before the write.
    await yieldToEventLoop();
    await snapshots.savePipelineSnapshot(snapshot);
    const finishedAt = now();
    await refreshQueue.recordRefreshSuccess(state.arn, {
      owner: options.instanceId,
      now: finishedAt,
      nextRefreshAt: nextRefreshAt(state, finishedAt, inProgress),
      inProgress,
      findingsRefreshed,
      readProblems,
    });
    if (readProblems.length > 0) {
      logger.warn(
        `Refresh of ${state.arn} could not read: ${readProblems.join('; ')}`,
      );
    }
    await options.onSaved?.(snapshot);
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
      await refreshQueue.recordRefreshFailure(state.arn, {
        owner: options.instanceId,
        now: failedAt,
        nextRefreshAt: nextRefreshAt(state, failedAt, state.inProgress),
        error: message,
      });
      return false;
    }
  }

  const refresher: PipelineRefresher = {
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
        responses.invalidate();
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
      responses.invalidate();
    },

    async start() {
      // Global scope: with several replicas, each run happens on one of them only.
      await options.scheduler.scheduleTask({
        id: 'dpra-pipelines-refresh',
        frequency: { seconds: config.refresh.tickSeconds },
        timeout: { minutes: 5 },
        scope: 'global',
        fn: async () => {
          const { refreshed, failed } = await refresher.refreshDue();
          if (refreshed + failed > 0) {
            logger.debug(`Refreshed ${refreshed} pipelines, ${failed} failed`);
          }
        },
      });
    },
  };
  return refresher;
}
