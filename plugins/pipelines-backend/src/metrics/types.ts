import type { ExecutionStatus } from '@dpra/plugin-pipelines-common';

/**
 * One stored pipeline execution, reduced to what the delivery metrics need.
 *
 * The store fills it from the executions it keeps (with their stage-level results); every time is
 * an ISO 8601 string or a `Date`, as the store happens to hold it.
 *
 * @public
 */
export interface StoredExecutionForMetrics {
  /** CodePipeline execution id. */
  id: string;
  /** ARN of the pipeline the execution belongs to. */
  pipelineArn: string;
  /** Execution status as CodePipeline reports it (`Succeeded`, `Failed`, `InProgress`, ...). */
  status: ExecutionStatus;
  /**
   * `ROLLBACK` for executions CodePipeline started to roll a stage back (automatic `onFailure`
   * rollback or a manual `RollbackStage`), `STANDARD` for everything else. Rollback executions are
   * not changes: they are never counted as deployments, but a rollback that ran in production marks
   * the production deployment it undid as a change failure.
   */
  executionType: 'STANDARD' | 'ROLLBACK';
  /** When the execution started (`startTime`). */
  startedAt: string | Date;
  /** When the execution reached a terminal status (or its `lastUpdateTime`), if known. */
  finishedAt?: string | Date;
  /**
   * Commit (or object upload) times of the execution's source revisions, as far as they are known.
   * Lead time is measured from the latest of them; when absent, from `startedAt`.
   */
  sourceRevisionTimes?: Array<string | Date>;
  /**
   * When the execution entered the first production stage (first prod wave). Set for every
   * execution that ran anything in production, whatever its outcome; it is what makes an execution
   * a production deployment. For pipelines whose layout has no production phase the store may use
   * the last stage instead.
   */
  reachedProdAt?: string | Date;
  /**
   * When the last production wave finished successfully: the moment the change was fully
   * deployed. Unset while a wave is still running and when production failed or was stopped.
   */
  prodCompletedAt?: string | Date;
}

/**
 * Options of {@link computeDeliveryMetrics}.
 *
 * @public
 */
export interface DeliveryMetricsOptions {
  /**
   * Window length in whole UTC days, ending with (and including) the UTC day of `now`. Must be an
   * integer between 1 and 366.
   */
  windowDays: number;
  /** The reference "now"; the window ends here. */
  now: Date;
  /** Restrict the metrics to one pipeline; all given executions are used when absent. */
  pipelineArn?: string;
}
