import type {
  ExecutionView,
  PipelineView,
  SourceRevision,
} from '@dpra/plugin-pipelines-common';
import { readableRevisionSummary } from '../SourceRevision/revisionSummary';

/** The revision a stage holds: the source revision of the execution the stage is on. */
export interface StageRevision {
  /** Execution the stage is on. */
  executionId: string;
  /** Its first source revision with an id, if the execution is known. */
  revision?: SourceRevision;
  /** The commit message, readable (CodeConnections JSON unwrapped). */
  message?: string;
  /**
   * True when the stage holds an older execution than the pipeline's newest: the newest has not
   * reached it (yet, or it stopped before).
   */
  previous: boolean;
  /** How many executions of this pipeline are newer than the stage's, when known. */
  runsBehind?: number;
  /** How much earlier the stage's execution started than the newest one, when known. */
  behindMs?: number;
}

/** The first 7 characters of a commit id, as git shows it; other ids (S3 versions) whole. */
export function shortRevision(id: string | undefined): string | undefined {
  if (!id) return undefined;
  return /^[0-9a-f]{40}$/i.test(id) ? id.slice(0, 7) : id;
}

/** The source revision that names the change: the first with an id. */
export function mainRevision(
  execution: Pick<ExecutionView, 'sourceRevisions'> | undefined,
): SourceRevision | undefined {
  return (
    execution?.sourceRevisions.find(r => r.revisionId) ??
    execution?.sourceRevisions[0]
  );
}

/**
 * Which revision each stage of a pipeline holds, from the stage states (which execution each
 * stage is on) and the pipeline's executions (newest first, as the API returns them). A stage on
 * an execution older than the newest is marked `previous`, with how far behind it is.
 */
export function stageRevisions(
  pipeline: Pick<PipelineView, 'arn' | 'stages' | 'latestExecution'>,
  executions: readonly ExecutionView[],
): Map<string, StageRevision> {
  const own = executions
    .filter(e => e.pipelineArn === pipeline.arn)
    .sort((a, b) => (b.startedAt ?? '').localeCompare(a.startedAt ?? ''));
  const newest = pipeline.latestExecution ?? own[0];
  const index = new Map(own.map((e, i) => [e.id, i]));
  const newestIndex = newest ? index.get(newest.id) ?? 0 : 0;
  const newestStart = newest?.startedAt ? Date.parse(newest.startedAt) : NaN;
  const result = new Map<string, StageRevision>();
  for (const stage of pipeline.stages) {
    const id = stage.pipelineExecutionId;
    if (!id) continue;
    const execution =
      id === newest?.id ? newest : own[index.get(id) ?? -1] ?? undefined;
    const revision = mainRevision(execution);
    const previous = Boolean(newest && id !== newest.id);
    const at = index.get(id);
    const start = execution?.startedAt ? Date.parse(execution.startedAt) : NaN;
    result.set(stage.name, {
      executionId: id,
      revision,
      message: readableRevisionSummary(revision?.revisionSummary),
      previous,
      runsBehind:
        previous && at !== undefined
          ? Math.max(0, at - newestIndex)
          : undefined,
      behindMs:
        previous && !Number.isNaN(start) && !Number.isNaN(newestStart)
          ? Math.max(0, newestStart - start)
          : undefined,
    });
  }
  return result;
}
