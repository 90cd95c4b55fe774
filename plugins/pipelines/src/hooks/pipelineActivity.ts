import type {
  EntityPipelinesResponse,
  PipelineView,
  StepStatus,
} from '@dpra/plugin-pipelines-common';

/** Poll interval while something moves (a run, a bake, an approval waiting). */
export const BUSY_POLL_INTERVAL_MS = 5_000;
/** Poll interval when everything is at rest. */
export const IDLE_POLL_INTERVAL_MS = 30_000;

const MOVING_STATUSES: readonly StepStatus[] = ['InProgress', 'Stopping'];

/**
 * True when the pipeline is running, baking or waiting for a decision: the view should refresh
 * often so that the next wave appears without a manual reload.
 */
export function isPipelineActive(pipeline: PipelineView): boolean {
  if (pipeline.pendingApprovals.length > 0) return true;
  if (
    pipeline.latestExecution?.status === 'InProgress' ||
    pipeline.latestExecution?.status === 'Stopping'
  ) {
    return true;
  }
  return pipeline.stages.some(
    stage =>
      MOVING_STATUSES.includes(stage.status) ||
      stage.onSuccessStatus === 'InProgress' ||
      stage.beforeEntryStatus === 'InProgress' ||
      Boolean(stage.bakeEndsAt && Date.parse(stage.bakeEndsAt) > Date.now()),
  );
}

/** How long to wait before the next fetch of an entity's pipelines. */
export function pipelinesPollInterval(
  response: EntityPipelinesResponse | undefined,
): number {
  if (response?.pipelines.some(isPipelineActive)) return BUSY_POLL_INTERVAL_MS;
  return IDLE_POLL_INTERVAL_MS;
}
