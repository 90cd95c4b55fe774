import type {
  GetPipelineStateOutput,
  PipelineDeclaration,
} from '@aws-sdk/client-codepipeline';
import type { LoggerService } from '@backstage/backend-plugin-api';
import {
  type FindingView,
  type PendingApproval,
  type PipelineLayout,
  type ReportView,
  type StageStateView,
  shownActionRuns,
} from '@dpra/plugin-pipelines-common';
import { parseWaiverTags } from '@dpra/pipeline-contract';
import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import type { AppConfigDeploymentReader } from '../aws/AppConfigDeploymentReader';
import type { AwsTarget, AwsTargetPolicy } from '../aws/AwsTarget';
import type { CloudWatchAlarmReader } from '../aws/CloudWatchAlarmReader';
import type { CodePipelineReader } from '../aws/CodePipelineReader';
import type { PipelinesConfig } from '../config';
import type { FindingsReader, FindingsSource } from '../findings';
import { deriveLayout } from '../layout/deriveLayout';
import type {
  AlarmStore,
  PipelineSnapshot,
  PipelineSnapshotWriter,
  RefreshState,
  StoredExecution,
} from '../store';
import { readAlarmHistory, readAlarms } from './readAlarms';
import { readConfigDeployments } from './readConfigDeployments';
import { readProblem } from './readProblem';
import {
  isFinished,
  pendingApprovalsFromActionExecutions,
  pendingApprovalsFromState,
  productionTimings,
  toExecutionView,
  toStageStateViews,
} from './pipelineStateViews';

/** What the read steps of one pipeline's refresh use. */
export interface SnapshotReadContext {
  state: RefreshState;
  target: AwsTarget;
  /** When the refresh started: the snapshot's capture time. */
  startedAt: Date;
  codePipeline: CodePipelineReader;
  /** `DescribeAlarms` shared by the pipelines of the refresh run. */
  alarms: Pick<CloudWatchAlarmReader, 'describeAlarms'>;
  cloudWatch: Pick<CloudWatchAlarmReader, 'describeAlarmHistory'>;
  findings?: FindingsReader<AwsTarget>;
  /** AppConfig deployments of configuration pipelines (none read without it). */
  appConfig?: AppConfigDeploymentReader;
  snapshots: Pick<
    PipelineSnapshotWriter,
    'getDefinition' | 'getExecutionsById'
  >;
  alarmStore: Pick<
    AlarmStore,
    'getNewestAlarmHistory' | 'getAlarmHistoryReadThrough'
  >;
  /** Per alarm, the state change time the pipeline's previous refresh saw. */
  previousAlarmStates: ReadonlyMap<string, string | undefined>;
  policy: AwsTargetPolicy;
  config: PipelinesConfig;
  logger: LoggerService;
}

/** What a refresh read, and what its bookkeeping needs to know. */
export interface SnapshotRead {
  snapshot: PipelineSnapshot;
  /** An execution is running: the pipeline stays hot. */
  inProgress: boolean;
  /** Findings and reports (or, without a findings reader, the tags) were read. */
  findingsRefreshed: boolean;
  /** The optional parts that could not be read, one sentence each. */
  readProblems: string[];
}

/** What the optional reads call when their part could not be read. */
type ReportProblem = (problem: string) => void;

/** How the findings sources are named in a problem. */
const FINDINGS_SOURCE_LABELS: Record<FindingsSource, string> = {
  securityhub: 'Security Hub findings',
  codebuild: 'CodeBuild test and coverage reports',
  inspector2: 'Amazon Inspector findings',
};

/** Finished executions whose stage timings are read per refresh: spreads the backfill. */
const DETAILS_PER_REFRESH = 5;

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

/** The pipeline definition and its layout: the stored ones unless the version changed. */
export async function readDefinition(
  ctx: SnapshotReadContext,
  pipelineVersion: number | undefined,
): Promise<{
  definition?: PipelineDeclaration;
  layout?: PipelineLayout;
  /** Read from AWS by this refresh (and so written with its snapshot). */
  fetched: boolean;
}> {
  const stored = await ctx.snapshots.getDefinition(ctx.state.arn);
  if (
    stored &&
    stored.version !== undefined &&
    stored.version === pipelineVersion
  ) {
    return {
      definition: stored.definition as PipelineDeclaration,
      layout: stored.layout,
      fetched: false,
    };
  }
  const { pipeline } = await ctx.codePipeline.getPipeline(
    ctx.target,
    ctx.state.name,
  );
  return {
    definition: pipeline,
    layout: deriveLayout(pipeline, ctx.state.region),
    fetched: true,
  };
}

/**
 * The latest executions, newest first, with the stored timings of those already known; the
 * stage timings of a few newly finished ones are read (once: they never change again).
 */
export async function readExecutions(
  ctx: SnapshotReadContext,
  layout: PipelineLayout | undefined,
  report: ReportProblem,
): Promise<{ executions: StoredExecution[]; changed: StoredExecution[] }> {
  const { codePipeline, target, state } = ctx;
  const summaries = await codePipeline.listPipelineExecutions(
    target,
    state.name,
    { maxResults: ctx.config.refresh.executionsPerRefresh },
  );
  const known = new Map(
    (
      await ctx.snapshots.getExecutionsById(
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
    if (finished && !execution.detailsComplete && detailBudget > 0) {
      detailBudget--;
      try {
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
      } catch (error) {
        // Only the delivery metrics need the timings: the execution is stored without them,
        // and they are read again at the next refresh.
        report(
          readProblem(
            `Details of execution ${view.id} of ${state.name}`,
            error,
          ),
        );
      }
    }
    executions.push(execution);
  }
  // Most listed executions finished long ago and are stored as they are: only new and changed
  // ones are written.
  const changed = executions.filter(e => {
    const previous = known.get(e.id);
    return !previous || storedForm(previous) !== storedForm(e);
  });
  return { executions, changed };
}

/**
 * The manual approvals waiting for a decision: from the pipeline state, or, in PARALLEL mode
 * (where the state shows one of several waiting executions), from the action executions of every
 * running execution.
 */
export async function readPendingApprovals(
  ctx: SnapshotReadContext,
  pipelineState: GetPipelineStateOutput,
  definition: PipelineDeclaration | undefined,
  layout: PipelineLayout | undefined,
  executions: StoredExecution[],
): Promise<PendingApproval[]> {
  const { codePipeline, target, state } = ctx;
  if (definition?.executionMode !== 'PARALLEL') {
    const configurationOf = (stageName: string, actionName: string) =>
      definition?.stages
        ?.find(s => s.name === stageName)
        ?.actions?.find(a => a.name === actionName)?.configuration;
    return pendingApprovalsFromState(
      state.arn,
      pipelineState,
      layout,
      configurationOf,
    );
  }
  const running = executions.filter(e => e.status === 'InProgress');
  const details = (
    await Promise.all(
      running.map(e =>
        codePipeline.listActionExecutions(target, state.name, {
          pipelineExecutionId: e.id,
        }),
      ),
    )
  ).flat();
  return pendingApprovalsFromActionExecutions(state.arn, details, layout);
}

/**
 * The pipeline's tags (its waived checks, and the selectors of its findings) and its findings and
 * reports, when `findingsIntervalSeconds` passed since findings were last read; nothing otherwise.
 * Tags change only when the pipeline's stack is applied again, so their interval is the
 * findings'. The reports are those of the builds `stages` show (each group's newest when none
 * of them reported into it). When a read fails, its part is undefined and the stored one is kept rather than
 * emptied.
 */
export async function readTagsAndFindings(
  ctx: SnapshotReadContext,
  stages: readonly StageStateView[],
  report: ReportProblem,
): Promise<{
  tags?: Record<string, string>;
  findings?: { findings: FindingView[]; reports: ReportView[] };
}> {
  const { state, startedAt, findings, codePipeline, target } = ctx;
  const due =
    !state.findingsRefreshedAt ||
    startedAt.getTime() - state.findingsRefreshedAt.getTime() >=
      ctx.config.refresh.findingsIntervalSeconds * 1000;
  if (!due) {
    return {};
  }
  let tags;
  try {
    tags = await codePipeline.listTagsForResource(target, state.arn);
  } catch (error) {
    report(
      readProblem(
        `Tags of ${state.name} (its waived checks, and what selects its findings and reports)`,
        error,
      ),
    );
    return {};
  }
  if (!findings) {
    return { tags };
  }
  const result = await findings.read(target, {
    pipelineArn: state.arn,
    pipelineName: state.name,
    tags,
    shownBuildIds: [...shownActionRuns(stages).keys()],
  });
  if (result.errors.length > 0) {
    // Partial results would hide what a failed source found before: all are kept as stored.
    for (const { source, error } of result.errors) {
      report(
        readProblem(
          `${FINDINGS_SOURCE_LABELS[source]} of ${state.name}`,
          error,
        ),
      );
    }
    return { tags };
  }
  return {
    tags,
    findings: { findings: result.findings, reports: result.reports },
  };
}

/**
 * Pages of ListActionExecutions (100 action executions each) read per refresh at most to place
 * the executions waiting in line: as many calls as the 10 single-execution reads they replace,
 * and enough for dozens of waiting runs.
 */
export const QUEUE_PAGES_PER_REFRESH = 10;

/**
 * QUEUED and SUPERSEDED pipelines: a stage holds one execution at a time, and the others wait in
 * line to enter it, status InProgress, holding no stage of GetPipelineState. Each such execution's
 * action executions say how far it got: it waits to enter the stage after the last one it went
 * through. They are read for the whole pipeline at once, newest first, page after page until the
 * listing reaches back before the oldest waiting run started (at most
 * {@link QUEUE_PAGES_PER_REFRESH} pages). A run started before what the pages reached gets no
 * place: the tab counts it as waiting with its place not read. Returns the stages with their
 * `waiting` executions, first in line (oldest) first.
 */
export async function readStageQueues(
  ctx: SnapshotReadContext,
  definition: PipelineDeclaration | undefined,
  stages: StageStateView[],
  executions: readonly StoredExecution[],
  report: ReportProblem,
  pages = QUEUE_PAGES_PER_REFRESH,
): Promise<StageStateView[]> {
  if (!definition?.stages || definition.executionMode === 'PARALLEL') {
    return stages;
  }
  const order = definition.stages.map(s => s.name ?? '');
  // A stage in progress (running, waiting for approval, baking) holds its execution; the last
  // one through a stage is shown on it as Succeeded and may be waiting for the next.
  const holding = new Set(
    stages
      .filter(s => s.status === 'InProgress' || s.status === 'Stopping')
      .map(s => s.pipelineExecutionId),
  );
  const inLine = executions
    .filter(e => e.status === 'InProgress' && !holding.has(e.id))
    .sort((a, b) => (a.startedAt ?? '').localeCompare(b.startedAt ?? ''));
  if (inLine.length === 0) {
    return stages;
  }
  const oldest = inLine[0].startedAt
    ? new Date(inLine[0].startedAt)
    : undefined;
  const maxResults = pages * 100;
  let details;
  try {
    details = await ctx.codePipeline.listActionExecutions(
      ctx.target,
      ctx.state.name,
      { maxResults, backTo: oldest },
    );
  } catch (error) {
    report(
      readProblem(
        `Where the waiting executions of ${ctx.state.name} wait`,
        error,
      ),
    );
    return stages;
  }
  // Everything started after the oldest action execution read is complete in the pages (the
  // listing is newest first); when the listing ended, everything is.
  const reachedBack =
    details.length < maxResults
      ? -Infinity
      : Math.min(...details.map(d => d.startTime?.getTime() ?? Infinity));
  const byExecution = new Map<string, typeof details>();
  for (const d of details) {
    const id = d.pipelineExecutionId ?? '';
    byExecution.set(id, [...(byExecution.get(id) ?? []), d]);
  }
  const queues = new Map<string, string[]>();
  for (const execution of inLine) {
    const started = execution.startedAt
      ? new Date(execution.startedAt).getTime()
      : -Infinity;
    const mine = byExecution.get(execution.id) ?? [];
    if (!(reachedBack < started) || mine.length === 0) continue;
    const furthest = Math.max(
      ...mine.map(d => order.indexOf(d.stageName ?? '')),
    );
    const through = mine.filter(
      d => order.indexOf(d.stageName ?? '') === furthest,
    );
    const next = order[furthest + 1];
    // It went through that stage (every action succeeded) and is in no other: it waits.
    if (furthest < 0 || !next || through.some(d => d.status !== 'Succeeded')) {
      continue;
    }
    queues.set(next, [...(queues.get(next) ?? []), execution.id]);
  }
  return stages.map(s =>
    queues.has(s.name) ? { ...s, waiting: queues.get(s.name) } : s,
  );
}

/** Reads everything one refresh learns about a pipeline, as one snapshot. */
export async function readPipelineSnapshot(
  ctx: SnapshotReadContext,
): Promise<SnapshotRead> {
  const { state, target, startedAt } = ctx;
  const pipelineState = await ctx.codePipeline.getPipelineState(
    target,
    state.name,
  );
  await yieldToEventLoop();
  const { definition, layout, fetched } = await readDefinition(
    ctx,
    pipelineState.pipelineVersion,
  );
  const readProblems: string[] = [];
  const report = (problem: string) => readProblems.push(problem);
  const { executions, changed } = await readExecutions(ctx, layout, report);
  const pendingApprovals = await readPendingApprovals(
    ctx,
    pipelineState,
    definition,
    layout,
    executions,
  );
  const alarms = layout ? await readAlarms(ctx, layout, report) : [];
  const alarmHistory = await readAlarmHistory(ctx, alarms, report);
  const stages = await readStageQueues(
    ctx,
    definition,
    toStageStateViews(pipelineState, layout),
    executions,
    report,
  );
  const { tags, findings } = await readTagsAndFindings(ctx, stages, report);
  const configDeployments = await readConfigDeployments(
    ctx,
    definition,
    report,
  );
  return {
    snapshot: {
      location: {
        arn: state.arn,
        accountId: state.accountId,
        region: state.region,
        name: state.name,
        roleArn: state.roleArn,
      },
      executionMode: definition?.executionMode,
      pipelineType: definition?.pipelineType,
      pipelineVersion: pipelineState.pipelineVersion ?? definition?.version,
      definition: fetched ? definition : undefined,
      layout: fetched ? layout : undefined,
      stages,
      pendingApprovals,
      latestExecutionId: executions[0]?.id,
      executions: changed,
      alarms,
      alarmHistory,
      findings: findings?.findings,
      reports: findings?.reports,
      waivers: tags ? parseWaiverTags(tags) : undefined,
      configDeployments,
      capturedAt: startedAt,
    },
    inProgress: executions.some(e => e.status === 'InProgress'),
    // Without a findings reader the tags alone keep the findings interval.
    findingsRefreshed: Boolean(findings) || (Boolean(tags) && !ctx.findings),
    readProblems,
  };
}
