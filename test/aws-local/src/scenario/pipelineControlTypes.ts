/*
 * What the stage controls of the local CodePipeline offer (the scenario's side of
 * RetryStageExecution, StopPipelineExecution, RollbackStage, Disable/EnableStageTransition,
 * OverrideStageCondition and StartPipelineExecution).
 */

/**
 * A stage transition as GetPipelineState reports it (`inboundTransitionState`).
 *
 * @public
 */
export interface TransitionState {
  enabled: boolean;
  lastChangedBy?: string;
  lastChangedAt?: Date;
  disabledReason?: string;
}

/**
 * The CodePipeline operations that change a running pipeline, with the state changes and errors
 * the CodePipeline API reference documents. Each throws an {@link AwsServiceError} shaped like
 * AWS's; inputs are already validated on the wire.
 *
 * @public
 */
export interface PipelineControls {
  /** RetryStageExecution: runs the failed (or stopped) stage again in the same execution. */
  retryStageExecution(input: {
    pipelineName: string;
    stageName: string;
    pipelineExecutionId: string;
    retryMode: 'FAILED_ACTIONS' | 'ALL_ACTIONS';
  }): { pipelineExecutionId: string };
  /** StopPipelineExecution: stop (running actions finish first) or abandon (at once). */
  stopPipelineExecution(input: {
    pipelineName: string;
    pipelineExecutionId: string;
    abandon: boolean;
    reason?: string;
  }): { pipelineExecutionId: string };
  /** RollbackStage: a ROLLBACK execution re-deploys the target execution's revision to the stage. */
  rollbackStage(input: {
    pipelineName: string;
    stageName: string;
    targetPipelineExecutionId: string;
    requestedBy?: string;
  }): { pipelineExecutionId: string };
  /** DisableStageTransition / EnableStageTransition. */
  setStageTransition(input: {
    pipelineName: string;
    stageName: string;
    transitionType: 'Inbound' | 'Outbound';
    enabled: boolean;
    reason?: string;
    changedBy?: string;
  }): void;
  /** The inbound transition of a stage, as GetPipelineState reports it. */
  inboundTransitionState(
    pipelineName: string,
    stageName: string,
  ): TransitionState;
  /** OverrideStageCondition: passes a running bake, or enters a stage its entry condition refused. */
  overrideStageCondition(input: {
    pipelineName: string;
    stageName: string;
    pipelineExecutionId: string;
    conditionType: 'BEFORE_ENTRY' | 'ON_SUCCESS';
  }): void;
  /** StartPipelineExecution: a new execution of the latest commit (idempotent per request token). */
  startPipelineExecution(input: {
    pipelineName: string;
    clientRequestToken?: string;
    startedBy?: string;
  }): { pipelineExecutionId: string };
}
