import type {
  ApprovalDecisionView,
  ExecutionView,
  PipelineView,
} from '@dpra/plugin-pipelines-common';

/**
 * The decisions each stage shows, by stage name: those taken in Backstage on the execution the
 * stage holds, so a decision stays on its stage after its approval (and banner) is gone, and a
 * newer execution reaching the stage replaces it.
 */
export function stageDecisions(
  pipeline: Pick<PipelineView, 'arn' | 'stages'>,
  executions: readonly ExecutionView[],
): Map<string, ApprovalDecisionView[]> {
  const byExecution = new Map(
    executions
      .filter(e => e.pipelineArn === pipeline.arn && e.decisions?.length)
      .map(e => [e.id, e.decisions!]),
  );
  const result = new Map<string, ApprovalDecisionView[]>();
  for (const stage of pipeline.stages) {
    const onStage = (
      byExecution.get(stage.pipelineExecutionId ?? '') ?? []
    ).filter(d => d.stageName === stage.name);
    if (onStage.length) result.set(stage.name, onStage);
  }
  return result;
}
