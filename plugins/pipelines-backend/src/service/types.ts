import type { BackstageCredentials } from '@backstage/backend-plugin-api';
import type { Entity } from '@backstage/catalog-model';
import type {
  AlarmHistoryResponse,
  ApprovalDecisionRequest,
  ApprovalDecisionResponse,
  DataSource,
  DeliveryMetricsResponse,
  EntityPipelinesResponse,
  ExecutionsResponse,
  FindingsResponse,
  InboxApproval,
} from '@dpra/plugin-pipelines-common';
import type { PreparedJsonBody } from './PreparedJsonBody';

/*
 * The services of the plugin, one job each; `plugin.ts` wires them. Each is made by a
 * `create<Name>({ deps })` factory in the file of its name.
 */

/** Builds API responses from the store only: no AWS call is ever made per viewer. */
export interface EntityPipelinesService {
  getPipelines(
    entityRef: string,
    options: { canDecideApprovals: boolean },
  ): Promise<EntityPipelinesResponse>;
  getExecutions(
    entityRef: string,
    options: { pipelineArn?: string; limit: number },
  ): Promise<ExecutionsResponse>;
  /** The entity's findings; with `executionId`, only those that run reported last. */
  getFindings(
    entityRef: string,
    options?: { executionId?: string },
  ): Promise<FindingsResponse>;
  /**
   * The stored state changes of an alarm that a pipeline of the entity watches; an alarm the
   * pipeline does not watch is an input error (no other alarm of the account is ever served).
   */
  getAlarmHistory(
    entityRef: string,
    options: {
      pipelineArn: string;
      region: string;
      alarmName: string;
      limit: number;
    },
  ): Promise<AlarmHistoryResponse>;
  getMetrics(
    entityRef: string,
    options: { windowDays: number; pipelineArn?: string },
  ): Promise<DeliveryMetricsResponse>;
  /** Marks the entity as being viewed: its pipelines refresh soon, and at the hot interval. */
  markViewed(entityRef: string): Promise<void>;
  source(): DataSource;
}

/**
 * The hot route's response cache: the pipelines response of an entity serialised (and gzipped on
 * demand) once per version of the stored data and per value of the caller's `canDecideApprovals`,
 * with an entity tag. Steady-state requests cost one small version query (at most one per
 * `responseCacheMs`, shared by concurrent requests), no store read, no `JSON.stringify` and no
 * compression.
 */
export interface EntityPipelinesResponseCache {
  getBody(
    entityRef: string,
    options: { canDecideApprovals: boolean },
  ): Promise<PreparedJsonBody>;
  /**
   * Makes the next request re-check the store version of an entity, or of all (after a change
   * made through this instance), instead of trusting the last check for `responseCacheMs`.
   */
  invalidate(entityRef?: string): void;
}

/** Keeps the store's entity → pipelines mapping in line with the catalog. */
export interface EntityPipelineResolver {
  /**
   * Reads every entity with pipeline annotations from the catalog, resolves its references (tag
   * lookups included) and forgets entities that lost their annotations.
   */
  syncAll(): Promise<{ entities: number }>;
  /**
   * Makes sure an entity seen by the API is known: explicit references are stored at once (no
   * AWS call); tag lookups wait for the next sync. Unchanged entities cost one read.
   */
  ensureEntity(entity: Entity): Promise<void>;
  /** Schedules {@link EntityPipelineResolver.syncAll} on the scheduler (once across replicas). */
  start(): Promise<void>;
}

/** Sends approve/reject decisions to CodePipeline, once, and records them. */
export interface ApprovalService {
  /**
   * Decides a pending manual approval for a user who was already authorized.
   * Throws NotFoundError (not the entity's pipeline), ConflictError (no longer pending, stale
   * token, already decided, double submit) or ServiceUnavailableError (AWS unavailable; safe to
   * retry).
   */
  decide(options: {
    entityRef: string;
    userEntityRef: string;
    /** The user's display name in the catalog, recorded with the decision. */
    userDisplayName?: string;
    request: ApprovalDecisionRequest;
  }): Promise<ApprovalDecisionResponse>;
  /**
   * Settles decisions whose sending got no answer in time, against AWS: recorded when the
   * approval is no longer pending, released when it still waits; and prunes decisions AWS never
   * took once their approval expired, and the others once AWS no longer keeps their execution. Safe to run on every replica.
   */
  reconcile(): Promise<{ reconciled: number; pruned: number }>;
}

/** The inbox: every pending approval the caller may decide, across all entities. */
export interface ApprovalInboxService {
  /**
   * The approvals pending in the store on entities where `credentials` hold
   * `dpra.approval.decide`, oldest request first; with the time the store read and the permission
   * check took (milliseconds), for the `Server-Timing` header.
   */
  listFor(credentials: BackstageCredentials): Promise<{
    items: InboxApproval[];
    timings: { storeMs: number; permissionsMs: number };
  }>;
  /** Makes the next call read the store (after a decision made through this instance). */
  invalidate(): void;
  /** The same as a prepared `PendingApprovalsResponse` body (serialised once per store read). */
  bodyFor(credentials: BackstageCredentials): Promise<{
    body: PreparedJsonBody;
    timings: { storeMs: number; permissionsMs: number };
  }>;
}
