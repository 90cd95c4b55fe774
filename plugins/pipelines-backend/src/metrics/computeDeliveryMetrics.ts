import { InputError } from '@backstage/errors';
import type {
  DeliveryMetricsResponse,
  ExecutionStatus,
  MetricPoint,
} from '@dpra/plugin-pipelines-common';
import type {
  DeliveryMetricsOptions,
  StoredExecutionForMetrics,
} from './types';

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;
const MAX_WINDOW_DAYS = 366;

/** Statuses after which an execution will not change any more. */
const TERMINAL_STATUSES: ReadonlySet<ExecutionStatus> = new Set([
  'Succeeded',
  'Failed',
  'Stopped',
  'Cancelled',
  'Superseded',
]);

/**
 * Outcomes that tell whether a production deployment went well. `Superseded` and `Cancelled` say
 * nothing about the change itself (a newer change overtook it), so they are left out of the change
 * failure rate.
 */
const PRODUCTION_OUTCOME_STATUSES: ReadonlySet<ExecutionStatus> = new Set([
  'Succeeded',
  'Failed',
  'Stopped',
]);

/** An execution with its times parsed once, so the rest works on plain numbers. */
interface TimedExecution {
  source: StoredExecutionForMetrics;
  startedAt: number;
  reachedProdAt?: number;
  prodCompletedAt?: number;
  latestRevisionAt?: number;
}

function toMillis(value: string | Date | undefined): number | undefined {
  if (value === undefined || value === null) {
    return undefined;
  }
  const millis =
    value instanceof Date ? value.getTime() : new Date(value).getTime();
  return Number.isFinite(millis) ? millis : undefined;
}

function toTimedExecution(
  execution: StoredExecutionForMetrics,
): TimedExecution | undefined {
  const startedAt = toMillis(execution.startedAt);
  // Without a start time an execution cannot be placed on the time line at all.
  if (startedAt === undefined) {
    return undefined;
  }
  const revisionTimes = (execution.sourceRevisionTimes ?? [])
    .map(toMillis)
    .filter((t): t is number => t !== undefined);
  return {
    source: execution,
    startedAt,
    reachedProdAt: toMillis(execution.reachedProdAt),
    prodCompletedAt: toMillis(execution.prodCompletedAt),
    // The latest revision is the change that triggered this run; the other source actions usually
    // carry revisions that earlier executions already deployed, so the earliest would overstate.
    latestRevisionAt: revisionTimes.length
      ? Math.max(...revisionTimes)
      : undefined,
  };
}

function utcDayStart(millis: number): number {
  return Math.floor(millis / DAY_MS) * DAY_MS;
}

function isoDate(millis: number): string {
  return new Date(millis).toISOString().slice(0, 10);
}

function median(values: number[]): number | undefined {
  if (values.length === 0) {
    return undefined;
  }
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? sorted[middle]
    : (sorted[middle - 1] + sorted[middle]) / 2;
}

function mean(values: number[]): number | undefined {
  if (values.length === 0) {
    return undefined;
  }
  return values.reduce((sum, v) => sum + v, 0) / values.length;
}

/**
 * Marks the production deployments that a rollback execution undid. A rollback that ran in
 * production undoes the latest standard execution of the same pipeline that had reached
 * production before the rollback started.
 */
function findRolledBackDeployments(
  executions: TimedExecution[],
): Set<TimedExecution> {
  const rolledBack = new Set<TimedExecution>();
  const rollbacks = executions.filter(
    e => e.source.executionType === 'ROLLBACK' && e.reachedProdAt !== undefined,
  );
  for (const rollback of rollbacks) {
    let undone: TimedExecution | undefined;
    for (const candidate of executions) {
      if (
        candidate.source.executionType !== 'STANDARD' ||
        candidate.source.pipelineArn !== rollback.source.pipelineArn ||
        candidate.reachedProdAt === undefined ||
        candidate.reachedProdAt > rollback.startedAt
      ) {
        continue;
      }
      if (!undone || candidate.reachedProdAt > undone.reachedProdAt!) {
        undone = candidate;
      }
    }
    if (undone) {
      rolledBack.add(undone);
    }
  }
  return rolledBack;
}

/**
 * Periods in which a pipeline stayed green (successful runs) or red (failed runs), per the DPRA:
 * MTBF runs from the start of the successful run that turned the pipeline green to the start of the
 * next failed run; MTTR runs from the start of the failed run that turned it red to the start of the
 * next successful run. Only periods that end inside the window are returned, but the whole history
 * given is used to find where they began.
 */
function greenAndRedPeriods(
  executions: TimedExecution[],
  windowStart: number,
  windowEnd: number,
): { betweenFailuresMs: number[]; toRestoreMs: number[] } {
  const betweenFailuresMs: number[] = [];
  const toRestoreMs: number[] = [];
  const byPipeline = new Map<string, TimedExecution[]>();
  for (const execution of executions) {
    const status = execution.source.status;
    // Stopped, superseded and cancelled runs say nothing about the pipeline's health; rollbacks are
    // not changes.
    if (
      execution.source.executionType !== 'STANDARD' ||
      (status !== 'Succeeded' && status !== 'Failed')
    ) {
      continue;
    }
    const list = byPipeline.get(execution.source.pipelineArn) ?? [];
    list.push(execution);
    byPipeline.set(execution.source.pipelineArn, list);
  }

  for (const runs of byPipeline.values()) {
    runs.sort(
      (a, b) =>
        a.startedAt - b.startedAt || a.source.id.localeCompare(b.source.id),
    );
    let greenSince: number | undefined;
    let redSince: number | undefined;
    for (const run of runs) {
      const inWindow =
        run.startedAt >= windowStart && run.startedAt <= windowEnd;
      if (run.source.status === 'Failed') {
        if (greenSince !== undefined && inWindow) {
          betweenFailuresMs.push(run.startedAt - greenSince);
        }
        greenSince = undefined;
        redSince ??= run.startedAt;
      } else {
        if (redSince !== undefined && inWindow) {
          toRestoreMs.push(run.startedAt - redSince);
        }
        redSince = undefined;
        greenSince ??= run.startedAt;
      }
    }
  }
  return { betweenFailuresMs, toRestoreMs };
}

/**
 * Computes the DPRA delivery metrics from stored execution history.
 *
 * Definitions (window = the `windowDays` UTC days ending with the day of `now`, up to `now`):
 * - deployment: a standard execution whose last production wave succeeded (`prodCompletedAt`)
 *   inside the window; deployment frequency = deployments / `windowDays`;
 * - lead time for changes: per deployment, from the latest source revision time (or the execution
 *   start when unknown) to `prodCompletedAt`; the median, in hours;
 * - change failure rate: production deployments (standard executions that reached production
 *   inside the window and ended `Succeeded`, `Failed` or `Stopped`) that failed, were stopped or
 *   were rolled back, divided by all such production deployments;
 * - MTBF: mean time from the start of the successful run that turned a pipeline green to the start
 *   of the next failed run; MTTR: mean time from the start of the failed run that turned it red to
 *   the start of the next successful run (both per pipeline, then averaged over all periods that
 *   end in the window), in hours;
 * - sample size: finished standard executions that started inside the window.
 *
 * Series are daily: `deployments` and `failures` (change failures, by the day production was
 * reached) have one point per day of the window; `leadTimeHours` has a point (the median) only for
 * days with at least one deployment, because a zero would read as an instant deployment.
 *
 * @public
 */
export function computeDeliveryMetrics(
  executions: readonly StoredExecutionForMetrics[],
  options: DeliveryMetricsOptions,
): DeliveryMetricsResponse {
  const { windowDays, now, pipelineArn } = options;
  if (
    !Number.isInteger(windowDays) ||
    windowDays < 1 ||
    windowDays > MAX_WINDOW_DAYS
  ) {
    throw new InputError(
      `windowDays must be a whole number of days between 1 and ${MAX_WINDOW_DAYS}, got ${windowDays}`,
    );
  }
  const windowEnd = now.getTime();
  if (!Number.isFinite(windowEnd)) {
    throw new InputError('now must be a valid date');
  }
  const windowStart = utcDayStart(windowEnd) - (windowDays - 1) * DAY_MS;
  const inWindow = (t: number | undefined): t is number =>
    t !== undefined && t >= windowStart && t <= windowEnd;

  const timed = executions
    .filter(e => !pipelineArn || e.pipelineArn === pipelineArn)
    .map(toTimedExecution)
    .filter((e): e is TimedExecution => e !== undefined);
  const standard = timed.filter(e => e.source.executionType === 'STANDARD');

  // Deployments and lead time.
  const deployments = standard.filter(e => inWindow(e.prodCompletedAt));
  const leadTimesByDay = new Map<number, number[]>();
  const leadTimes: number[] = [];
  for (const deployment of deployments) {
    const changeAt = deployment.latestRevisionAt ?? deployment.startedAt;
    // Clock skew between the VCS and AWS must not produce negative lead times.
    const hours = Math.max(0, deployment.prodCompletedAt! - changeAt) / HOUR_MS;
    leadTimes.push(hours);
    const day = utcDayStart(deployment.prodCompletedAt!);
    leadTimesByDay.set(day, [...(leadTimesByDay.get(day) ?? []), hours]);
  }

  // Change failures.
  const rolledBack = findRolledBackDeployments(timed);
  const productionDeployments = standard.filter(
    e =>
      inWindow(e.reachedProdAt) &&
      PRODUCTION_OUTCOME_STATUSES.has(e.source.status),
  );
  const changeFailures = productionDeployments.filter(
    e => e.source.status !== 'Succeeded' || rolledBack.has(e),
  );

  const { betweenFailuresMs, toRestoreMs } = greenAndRedPeriods(
    timed,
    windowStart,
    windowEnd,
  );

  const deploymentsSeries: MetricPoint[] = [];
  const failuresSeries: MetricPoint[] = [];
  const leadTimeSeries: MetricPoint[] = [];
  for (let i = 0; i < windowDays; i++) {
    const day = windowStart + i * DAY_MS;
    const isSameDay = (t: number | undefined) =>
      t !== undefined && utcDayStart(t) === day;
    const date = isoDate(day);
    deploymentsSeries.push({
      date,
      value: deployments.filter(e => isSameDay(e.prodCompletedAt)).length,
    });
    failuresSeries.push({
      date,
      value: changeFailures.filter(e => isSameDay(e.reachedProdAt)).length,
    });
    const dayLeadTime = median(leadTimesByDay.get(day) ?? []);
    if (dayLeadTime !== undefined) {
      leadTimeSeries.push({ date, value: dayLeadTime });
    }
  }

  const mtbfMs = mean(betweenFailuresMs);
  const mttrMs = mean(toRestoreMs);
  return {
    windowDays,
    ...(pipelineArn ? { pipelineArn } : {}),
    deploymentFrequencyPerDay: deployments.length / windowDays,
    leadTimeHours: median(leadTimes),
    changeFailureRate: productionDeployments.length
      ? changeFailures.length / productionDeployments.length
      : undefined,
    mtbfHours: mtbfMs === undefined ? undefined : mtbfMs / HOUR_MS,
    mttrHours: mttrMs === undefined ? undefined : mttrMs / HOUR_MS,
    sampleSize: standard.filter(
      e => inWindow(e.startedAt) && TERMINAL_STATUSES.has(e.source.status),
    ).length,
    series: {
      deployments: deploymentsSeries,
      leadTimeHours: leadTimeSeries,
      failures: failuresSeries,
    },
  };
}
