import { createApiRef } from '@backstage/core-plugin-api';
import type { CompoundEntityRef } from '@backstage/catalog-model';
import type {
  AlarmHistoryResponse,
  ApprovalDecisionRequest,
  ApprovalDecisionResponse,
  DeliveryMetricsResponse,
  EntityPipelinesResponse,
  ExecutionsResponse,
  FindingsResponse,
  PendingApprovalsResponse,
  PipelineControl,
  PipelineControlRequest,
  PipelineControlResponse,
  PipelinesStatusResponse,
} from '@dpra/plugin-pipelines-common';

/**
 * Options of {@link PipelinesApi.getExecutions}.
 *
 * @public
 */
export interface GetExecutionsOptions {
  /** Only executions of this pipeline. */
  pipelineArn?: string;
  /** At most this many executions (newest first). */
  limit?: number;
}

/**
 * Options of {@link PipelinesApi.getMetrics}.
 *
 * @public
 */
export interface GetMetricsOptions {
  /** Window in days (the backend defaults to 30). */
  windowDays?: number;
  /** Only metrics of this pipeline. */
  pipelineArn?: string;
}

/**
 * Options of {@link PipelinesApi.getAlarmHistory}: which alarm, as one of the entity's pipelines
 * watches it.
 *
 * @public
 */
export interface GetAlarmHistoryOptions {
  /** ARN of the pipeline that watches the alarm. */
  pipelineArn: string;
  /** Region of the alarm. */
  region: string;
  /** Alarm name. */
  alarmName: string;
  /** At most this many state changes, newest first (1–200; the backend defaults to 50). */
  limit?: number;
}

/**
 * Client of the pipelines backend (`/api/pipelines`).
 *
 * @public
 */
export interface PipelinesApi {
  /** Pipelines of an entity, served from the backend's store. */
  getEntityPipelines(
    entity: CompoundEntityRef,
  ): Promise<EntityPipelinesResponse>;
  /** Executions of an entity's pipelines, newest first. */
  getExecutions(
    entity: CompoundEntityRef,
    options?: GetExecutionsOptions,
  ): Promise<ExecutionsResponse>;
  /** Security and quality findings plus test/coverage reports. */
  getFindings(entity: CompoundEntityRef): Promise<FindingsResponse>;
  /** Delivery metrics (frequency, lead time, change failure rate, time to restore). */
  getMetrics(
    entity: CompoundEntityRef,
    options?: GetMetricsOptions,
  ): Promise<DeliveryMetricsResponse>;
  /**
   * Recent state changes of an alarm that a pipeline of the entity watches, newest first. Fails
   * with a 400 when that pipeline does not watch the alarm.
   */
  getAlarmHistory(
    entity: CompoundEntityRef,
    options: GetAlarmHistoryOptions,
  ): Promise<AlarmHistoryResponse>;
  /** Approve or reject a pending manual approval. */
  decideApproval(
    entity: CompoundEntityRef,
    request: ApprovalDecisionRequest,
  ): Promise<ApprovalDecisionResponse>;
  /**
   * Run a stage control (retry, stop, roll back, transitions, override, start). 403 without
   * `dpra.pipeline.operate`; 409 when the pipeline changed since `request.seen`.
   */
  operatePipeline(
    entity: CompoundEntityRef,
    control: PipelineControl,
    request: PipelineControlRequest,
  ): Promise<PipelineControlResponse>;
  /** Tell the backend the entity is being viewed, so its refresher keeps it fresh for a while. */
  markEntityViewed(entity: CompoundEntityRef): Promise<void>;
  /** What the backend is configured to reach. */
  getStatus(): Promise<PipelinesStatusResponse>;
  /**
   * The inbox: every pending approval, across all entities, that the signed-in user may decide,
   * oldest request first (served from the backend's store).
   */
  getPendingApprovals(): Promise<PendingApprovalsResponse>;
}

/**
 * Reference to the {@link PipelinesApi}.
 *
 * @public
 */
export const pipelinesApiRef = createApiRef<PipelinesApi>({
  id: 'plugin.pipelines.service',
});
