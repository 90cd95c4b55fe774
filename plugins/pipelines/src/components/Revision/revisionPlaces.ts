import type {
  ExecutionView,
  PipelineView,
} from '@dpra/plugin-pipelines-common';
import { readableRevisionSummary } from '../SourceRevision/revisionSummary';
import { isBaking, stageBlockers } from '../WaveBoard/waveBoardModel';
import { mainRevision, shortRevision } from './stageRevisions';

/** Where a revision is at one stage it holds. */
export type RevisionPlace =
  | 'awaitingApproval'
  | 'deploying'
  | 'baking'
  | 'blocked'
  | 'failed'
  | 'reached';

/** Words for each place, as the board and the summary line say them. */
export const PLACE_WORDS: Record<RevisionPlace, string> = {
  awaitingApproval: 'waiting for approval',
  deploying: 'deploying',
  baking: 'baking',
  blocked: 'blocked',
  failed: 'failed',
  reached: 'reached',
};

/**
 * The stages a revision holds, and what it does there: waiting for approval, deploying, baking,
 * blocked (a closed window, an alarm, a disabled transition), failed, or reached (deployed and
 * done). A revision is carried by one execution or by several (`executionIds`: a run started
 * again on the same commit, the rollback that deployed it back to a wave); stages on other
 * executions are absent. In PARALLEL mode a stage state shows one execution only, so an approval
 * pending for one of these executions counts too.
 */
export function revisionPlaces(
  pipeline: Pick<
    PipelineView,
    'stages' | 'layout' | 'alarms' | 'pendingApprovals'
  >,
  executionIds: string | ReadonlySet<string>,
  now: number,
): Map<string, RevisionPlace> {
  const carries = (id: string | undefined) =>
    id !== undefined &&
    (typeof executionIds === 'string'
      ? id === executionIds
      : executionIds.has(id));
  const layout = new Map(pipeline.layout.stages.map(s => [s.name, s]));
  const places = new Map<string, RevisionPlace>();
  for (const approval of pipeline.pendingApprovals) {
    if (carries(approval.pipelineExecutionId)) {
      places.set(approval.stageName, 'awaitingApproval');
    }
  }
  for (const state of pipeline.stages) {
    if (!carries(state.pipelineExecutionId) || places.has(state.name)) {
      continue;
    }
    const stage = layout.get(state.name);
    const alarms = pipeline.alarms.filter(a =>
      stage?.safety.alarmNames.includes(a.name),
    );
    const blocked = stage
      ? stageBlockers(stage, state, alarms).length > 0
      : false;
    let place: RevisionPlace;
    if (isBaking(state, now)) place = 'baking';
    else if (blocked && state.status !== 'Succeeded') place = 'blocked';
    else if (state.status === 'InProgress' || state.status === 'Stopping') {
      place = stage?.phase === 'approval' ? 'awaitingApproval' : 'deploying';
    } else if (state.status === 'Succeeded' || state.status === 'Skipped') {
      place = 'reached';
    } else if (state.status === 'NotStarted') continue;
    else place = 'failed';
    places.set(state.name, place);
  }
  return places;
}

/** A revision to pick ("where is …"), with every execution that carries it. */
export interface PickableRevision {
  /** The picker's value: the revision id, or `execution:<id>` for a run that names none. */
  key: string;
  /** Short commit (or execution id when the run names no revision). */
  label: string;
  message?: string;
  /** The status of the newest run of the revision. */
  status: ExecutionView['status'];
  /** The executions that carry it, newest first: its runs and the rollbacks that deployed it. */
  executionIds: string[];
}

/**
 * The recent revisions of a pipeline, newest first, one entry per revision (at most `max`): a
 * commit run twice, or deployed back to a wave by a rollback, is one revision whose places are
 * those of all its executions.
 */
export function recentRevisions(
  pipelineArn: string,
  executions: readonly ExecutionView[],
  max = 10,
): PickableRevision[] {
  const ofPipeline = executions.filter(e => e.pipelineArn === pipelineArn);
  const keyOf = (e: ExecutionView) =>
    mainRevision(e)?.revisionId ?? `execution:${e.id}`;
  const picks = new Map<string, PickableRevision>();
  // The revisions are those of runs; a rollback carries a revision a run brought before.
  for (const e of ofPipeline) {
    const key = keyOf(e);
    if (e.executionType === 'ROLLBACK' || picks.has(key)) continue;
    if (picks.size === max) break;
    const revision = mainRevision(e);
    picks.set(key, {
      key,
      label:
        shortRevision(revision?.revisionId) ?? `execution ${e.id.slice(0, 8)}`,
      message: readableRevisionSummary(revision?.revisionSummary),
      status: e.status,
      executionIds: [],
    });
  }
  for (const e of ofPipeline) picks.get(keyOf(e))?.executionIds.push(e.id);
  return [...picks.values()];
}

/**
 * Where an execution is, in words, from the furthest stage it holds: "waiting for approval",
 * "baking in Prod-Wave1", "blocked at Prod-Wave2", "through Build", "in production" (it went
 * through the last wave); undefined when it holds no stage.
 */
export function whereIsExecution(
  pipeline: Pick<
    PipelineView,
    'stages' | 'layout' | 'alarms' | 'pendingApprovals'
  >,
  executionId: string,
  now: number,
): string | undefined {
  const places = revisionPlaces(pipeline, executionId, now);
  const order = pipeline.layout.stages.map(s => s.name);
  const furthest = [...places.entries()].sort(
    (a, b) => order.indexOf(b[0]) - order.indexOf(a[0]),
  )[0];
  if (!furthest) return undefined;
  const [stage, place] = furthest;
  const waves = pipeline.layout.waves;
  if (place === 'reached') {
    return stage === waves[waves.length - 1]?.stageName
      ? 'in production'
      : `through ${stage}`;
  }
  if (place === 'awaitingApproval') return 'waiting for approval';
  if (place === 'blocked' || place === 'failed') {
    return `${PLACE_WORDS[place]} at ${stage}`;
  }
  return `${PLACE_WORDS[place]} in ${stage}`;
}

const ORDINAL_SUFFIX: Record<string, string> = {
  one: 'st',
  two: 'nd',
  few: 'rd',
};
const ordinalRules = new Intl.PluralRules('en', { type: 'ordinal' });

/** 1st, 2nd, 3rd, 4th… */
export function ordinal(n: number): string {
  return `${n}${ORDINAL_SUFFIX[ordinalRules.select(n)] ?? 'th'}`;
}

/**
 * Where an execution waits in line (QUEUED and SUPERSEDED pipelines: a stage holds one execution
 * at a time): "2nd in queue for Prod-Wave1", from the stage's `waiting` list.
 */
export function queuePosition(
  pipeline: Pick<PipelineView, 'stages'>,
  executionId: string,
): string | undefined {
  for (const stage of pipeline.stages) {
    const at = stage.waiting?.indexOf(executionId) ?? -1;
    if (at >= 0) return `${ordinal(at + 1)} in queue for ${stage.name}`;
  }
  return undefined;
}

/**
 * QUEUED and SUPERSEDED pipelines: the executions in flight (`running`) that hold no stage and
 * have no place in any stage's line. They wait in line somewhere, but the refresh did not read
 * where: it reads a bounded number of pages of action executions, newest first, so these are the
 * oldest runs in line (or the read failed).
 */
export function unplacedInLine(
  pipeline: Pick<PipelineView, 'stages' | 'executionMode'>,
  running: readonly ExecutionView[],
): ExecutionView[] {
  if (pipeline.executionMode === 'PARALLEL') return [];
  const known = new Set<string>();
  for (const stage of pipeline.stages) {
    // A stage holds its execution while it runs, stops or bakes.
    if (
      stage.pipelineExecutionId &&
      (stage.status === 'InProgress' ||
        stage.status === 'Stopping' ||
        stage.onSuccessStatus === 'InProgress')
    ) {
      known.add(stage.pipelineExecutionId);
    }
    for (const id of stage.waiting ?? []) known.add(id);
  }
  return running.filter(e => e.status === 'InProgress' && !known.has(e.id));
}

/** "3 more waiting, places not read", for {@link unplacedInLine}'s runs; undefined for none. */
export function unplacedText(count: number): string | undefined {
  if (count === 0) return undefined;
  return `${count} more waiting, ${
    count === 1 ? 'place' : 'places'
  } not read (they started first: the places in line shown count only the runs read)`;
}

/**
 * Where the newest revision is and what production runs, in one line:
 * "a1b2c3d waiting for approval · prod on 9f8e7d6". The newest revision's place is the furthest
 * stage it holds; production is named by the revision of its last wave.
 */
export function pipelineWhereabouts(
  pipeline: Pick<
    PipelineView,
    | 'arn'
    | 'stages'
    | 'layout'
    | 'alarms'
    | 'pendingApprovals'
    | 'latestExecution'
  >,
  executions: readonly ExecutionView[],
  now: number,
): string | undefined {
  const newest = pipeline.latestExecution;
  if (!newest) return undefined;
  const label = (e: Pick<ExecutionView, 'id' | 'sourceRevisions'>) =>
    shortRevision(mainRevision(e)?.revisionId) ??
    `execution ${e.id.slice(0, 8)}`;
  // A run waiting in line is still shown on the last stage it went through: its place in line
  // says where it is.
  const where =
    queuePosition(pipeline, newest.id) ??
    whereIsExecution(pipeline, newest.id, now) ??
    (newest.status === 'Succeeded' ? 'deployed' : 'started');
  const waves = pipeline.layout.waves;
  const lastWave = waves[waves.length - 1]?.stageName;
  const head = `${label(newest)} ${where}`;
  if (!lastWave || where === 'in production') return head;
  const prodId = pipeline.stages.find(
    s => s.name === lastWave,
  )?.pipelineExecutionId;
  if (!prodId) return `${head} · prod not deployed yet`;
  if (prodId === newest.id) return head;
  const prod = executions.find(
    e => e.pipelineArn === pipeline.arn && e.id === prodId,
  );
  return `${head} · prod on ${
    prod ? label(prod) : `execution ${prodId.slice(0, 8)}`
  }`;
}
