import type {
  AlarmHistoryItem,
  InboxApproval,
  AlarmView,
  ExecutionView,
  FindingView,
  PendingApproval,
  PipelineLayout,
  PipelineProblem,
  ReportView,
  WaivedCheck,
  ConfigDeploymentView,
  StageStateView,
} from '@dpra/plugin-pipelines-common';
import type { StoredExecutionForMetrics } from '../metrics';

/**
 * The store of the pipelines backend, cut by consumer (as catalog-backend cuts its database into
 * processing, provider and entities roles): each service depends on the roles it uses. All roles
 * share one knex instance and one migration history (`migrations/`); `createPipelineStores` makes
 * them.
 *
 * | role                       | used by                                                  |
 * | -------------------------- | -------------------------------------------------------- |
 * | {@link EntityStore}        | entity resolver, entity pipelines service, approvals, response cache |
 * | {@link RefreshQueue}       | refresher, state-change events                           |
 * | {@link PipelineSnapshotWriter} | refresher                                            |
 * | {@link PipelineSnapshotReader} | entity pipelines service, approvals                  |
 * | {@link AlarmStore}         | refresher, entity pipelines service, state-change events |
 * | {@link ApprovalDecisionStore} | approvals                                             |
 * | {@link InboxStore}         | inbox ("waiting for my approval")                        |
 * | {@link OwnerNotificationStore} | owner notifications (once across replicas)           |
 */

/** The key of an alarm of an account in maps the store answers with: its region and name. */
export function alarmKey(alarm: { region: string; name: string }): string {
  return `${alarm.region}\u0000${alarm.name}`;
}

/** Where a pipeline lives, and how it is reached. */
export interface PipelineLocation {
  arn: string;
  accountId: string;
  region: string;
  name: string;
  /** Allow-listed role to assume, from the entity annotation. */
  roleArn?: string;
}

/** A pipeline an entity references, with the annotation text that named it. */
export interface EntityPipelineLink extends PipelineLocation {
  reference: string;
}

/** What an entity's annotations resolved to. */
export interface EntityResolution {
  /** Hash of the annotations the resolution was made from (to skip unchanged entities). */
  referencesHash: string;
  pipelines: EntityPipelineLink[];
  problems: PipelineProblem[];
}

/** Refresh bookkeeping of one pipeline. */
export interface RefreshState extends PipelineLocation {
  nextRefreshAt: Date;
  lastAttemptAt?: Date;
  lastSuccessAt?: Date;
  lastError?: string;
  hotUntil?: Date;
  inProgress: boolean;
  findingsRefreshedAt?: Date;
  /**
   * What the last successful refresh could not read of the pipeline's optional parts, one
   * sentence each (naming the call, the AWS error and the fix).
   */
  readProblems?: string[];
}

/** An execution as stored, with the timings the delivery metrics need. */
export interface StoredExecution extends ExecutionView {
  finishedAt?: string;
  sourceRevisionTimes?: string[];
  reachedProdAt?: string;
  prodCompletedAt?: string;
  /** True once the stage timings of a finished execution were read. */
  detailsComplete: boolean;
}

/** State changes of one watched alarm that a refresh read. */
export interface AlarmHistoryRead {
  region: string;
  alarmName: string;
  items: AlarmHistoryItem[];
  /** The alarm state change the stored history now covers (ISO 8601), if it does. */
  readThrough?: string;
}

/** Everything one refresh learned about a pipeline; written in one transaction. */
export interface PipelineSnapshot {
  location: PipelineLocation;
  executionMode?: string;
  pipelineType?: string;
  pipelineVersion?: number;
  /** Definition and layout; absent when the version did not change since the last read. */
  definition?: unknown;
  layout?: PipelineLayout;
  stages: StageStateView[];
  pendingApprovals: PendingApproval[];
  latestExecutionId?: string;
  /** Executions to insert or update (others stay as stored). */
  executions: StoredExecution[];
  /** Alarms of the pipeline; replaces the stored set when present. */
  alarms?: AlarmView[];
  /**
   * State changes of watched alarms (of the pipeline's account) read by this refresh; added to
   * what is stored (an alarm watched by several pipelines is stored once).
   */
  alarmHistory?: AlarmHistoryRead[];
  /** Findings and reports; replace the stored sets when present. */
  findings?: FindingView[];
  reports?: ReportView[];
  /** Waived checks from the pipeline's tags; replace the stored ones when present. */
  waivers?: WaivedCheck[];
  /** AppConfig deployments of a configuration pipeline; replace the stored ones when present. */
  configDeployments?: ConfigDeploymentView[];
  capturedAt: Date;
}

/** A pipeline as served to the API: definition, state, alarms and bookkeeping. */
export interface StoredPipeline extends PipelineLocation {
  executionMode?: string;
  pipelineType?: string;
  pipelineVersion?: number;
  layout?: PipelineLayout;
  stages: StageStateView[];
  pendingApprovals: PendingApproval[];
  latestExecutionId?: string;
  alarms: AlarmView[];
  /** Waived checks as the pipeline's tags last said; absent before the first tag read. */
  waivers?: WaivedCheck[];
  /** AppConfig deployments as last read; absent for other pipelines and before the first read. */
  configDeployments?: ConfigDeploymentView[];
  refresh?: RefreshState;
}

/** An alarm a pipeline's conditions watched at its last refresh. */
export interface WatchedAlarmRecord {
  pipelineArn: string;
  region: string;
  name: string;
  /** The state change time the refresh saw (ISO 8601). */
  stateUpdatedAt?: string;
}

/**
 * Where a decision stands: `pending` while it is in flight (or its sending got no answer and awaits
 * reconciliation), `succeeded` once AWS accepted it, `reconciled` when AWS later showed the
 * approval decided after an unanswered send, `refused` when AWS refused it (token no longer valid,
 * approval already completed), `failed` for any other failure before AWS took it. Only `pending`,
 * `succeeded` and `reconciled` lock the token.
 */
export type ApprovalDecisionOutcome =
  | 'pending'
  | 'succeeded'
  | 'reconciled'
  | 'refused'
  | 'failed';

/** A row of the approval audit trail. */
export interface ApprovalDecisionRecord {
  id: number;
  entityRef: string;
  pipelineArn: string;
  stageName: string;
  actionName: string;
  token: string;
  pipelineExecutionId?: string;
  decision: 'Approved' | 'Rejected';
  comment?: string;
  summary: string;
  /** User entity ref of who decided. */
  decidedBy: string;
  /** Their display name in the catalog when they decided, if the catalog had one. */
  decidedByName?: string;
  decidedAt: Date;
  outcome: ApprovalDecisionOutcome;
  error?: string;
  completedAt?: Date;
}

/** Entity resolution: which pipelines each catalog entity references, and which are viewed. */
export interface EntityStore {
  getEntityResolution(
    entityRef: string,
  ): Promise<(EntityResolution & { hotUntil?: Date }) | undefined>;
  /** Hash of the annotations the stored resolution was made from (cheap "unchanged?" check). */
  getEntityReferencesHash(entityRef: string): Promise<string | undefined>;
  /**
   * A token that changes whenever anything the entity's pipelines response is built from changes
   * (its resolution, a pipeline snapshot written by a refresh, a refresh success or failure);
   * undefined for an unknown entity. One small query: cheap enough to ask on every request.
   */
  getEntityPipelinesVersion(entityRef: string): Promise<string | undefined>;
  /** Replaces what the entity references; new pipelines become due for refresh at once. */
  saveEntityResolution(
    entityRef: string,
    resolution: EntityResolution,
    now: Date,
  ): Promise<void>;
  listEntityRefs(): Promise<string[]>;
  /** Forgets entities (no longer in the catalog or without annotations). */
  removeEntities(entityRefs: string[]): Promise<void>;
  /** Deletes bookkeeping and data of pipelines no entity references any more. */
  removeUnreferencedPipelines(): Promise<number>;
  /** Marks an entity as being viewed: its pipelines refresh soon and at the hot interval. */
  markEntityHot(
    entityRef: string,
    options: { hotUntil: Date; refreshBy: Date },
  ): Promise<void>;
}

/** The refresh queue: which pipelines are due, who holds each lease, how the last refresh went. */
export interface RefreshQueue {
  /** Leases due pipelines for `owner`; a leased pipeline is not handed to anyone else. */
  claimDuePipelines(options: {
    now: Date;
    owner: string;
    leaseMs: number;
    limit: number;
  }): Promise<RefreshState[]>;
  /** Leases one pipeline, due or not; undefined when another owner holds it. */
  claimPipeline(
    arn: string,
    options: { now: Date; owner: string; leaseMs: number },
  ): Promise<RefreshState | undefined>;
  recordRefreshSuccess(
    arn: string,
    options: {
      owner: string;
      now: Date;
      nextRefreshAt: Date;
      inProgress: boolean;
      findingsRefreshed: boolean;
      /** What the refresh could not read of the optional parts (replaces the previous list). */
      readProblems?: string[];
    },
  ): Promise<void>;
  recordRefreshFailure(
    arn: string,
    options: { owner: string; now: Date; nextRefreshAt: Date; error: string },
  ): Promise<void>;
  /**
   * Makes a pipeline due at `at` (or earlier if it already is). While it is leased, the request
   * survives the holder's outcome: one follow-up refresh, however many requests came.
   */
  requestRefresh(arn: string, at: Date): Promise<void>;
}

/**
 * The write side of pipeline snapshots (the refresher's): writes what a refresh learned, and reads
 * back what building the next snapshot needs.
 */
export interface PipelineSnapshotWriter {
  savePipelineSnapshot(snapshot: PipelineSnapshot): Promise<void>;
  /** Stored definition of a pipeline, if any, with its version. */
  getDefinition(
    arn: string,
  ): Promise<
    | { definition: unknown; layout: PipelineLayout; version?: number }
    | undefined
  >;
  /** The stored executions of a pipeline among `ids`. */
  getExecutionsById(arn: string, ids: string[]): Promise<StoredExecution[]>;
}

/**
 * Which of the stored findings to read.
 *
 * @public
 */
export interface FindingsQuery {
  /** Only findings that this pipeline execution reported last (its `dpra:execution-id` stamp). */
  executionId?: string;
}

/** The read side of pipeline snapshots (the API's). */
export interface PipelineSnapshotReader {
  getPipelines(arns: string[]): Promise<StoredPipeline[]>;
  getExecutions(
    arns: string[],
    options: { limit: number },
  ): Promise<StoredExecution[]>;
  /** The latest execution of each pipeline (as the last refresh saw it). */
  getLatestExecutions(arns: string[]): Promise<StoredExecution[]>;
  getExecutionsForMetrics(
    arns: string[],
    since: Date,
  ): Promise<StoredExecutionForMetrics[]>;
  /** Findings, most severe first; with `executionId`, only those that run reported last. */
  getFindings(arns: string[], options?: FindingsQuery): Promise<FindingView[]>;
  /** Reports, newest first. */
  getReports(arns: string[]): Promise<ReportView[]>;
}

/** The alarms pipelines watch (as their last refresh saw them) and the alarms' state history. */
export interface AlarmStore {
  /** Pipelines whose conditions watch the named alarm (for alarm state-change events). */
  listPipelineArnsWatchingAlarm(
    region: string,
    alarmName: string,
  ): Promise<string[]>;
  /**
   * The alarms (region and name) each of the pipelines watched at its last refresh, with the
   * state change time that refresh saw.
   */
  listWatchedAlarms(arns: string[]): Promise<WatchedAlarmRecord[]>;
  /**
   * The time of the newest stored state change of each alarm (region and name) of an account,
   * keyed by {@link alarmKey}; alarms without stored history are absent.
   */
  getNewestAlarmHistory(
    accountId: string,
    alarms: Array<{ region: string; name: string }>,
  ): Promise<Map<string, Date>>;
  /**
   * For each alarm (region and name) of an account, the state change its stored history covers
   * (see {@link AlarmHistoryRead.readThrough}); keyed like {@link AlarmStore.getNewestAlarmHistory}.
   */
  getAlarmHistoryReadThrough(
    accountId: string,
    alarms: Array<{ region: string; name: string }>,
  ): Promise<Map<string, Date>>;
  /** Stored state changes of one alarm, newest first. */
  getAlarmHistory(alarm: {
    accountId: string;
    region: string;
    name: string;
    limit: number;
  }): Promise<AlarmHistoryItem[]>;
}

/** The approval audit trail, which is also the lock that makes a decision happen once. */
export interface ApprovalDecisionStore {
  /**
   * Records a decision before it is sent. Throws ConflictError when this token was already
   * decided (or is being decided): the database is the lock that makes a double submit harmless,
   * also across replicas.
   */
  insertApprovalDecision(
    decision: Omit<
      ApprovalDecisionRecord,
      'id' | 'outcome' | 'completedAt' | 'error'
    >,
  ): Promise<number>;
  completeApprovalDecision(
    id: number,
    result: {
      outcome: ApprovalDecisionOutcome;
      error?: string;
      /** Absent while the decision is still in flight. */
      completedAt?: Date;
    },
  ): Promise<void>;
  /** Removes a decision that was not sent (it releases the token's lock), so that it can be retried. */
  deleteApprovalDecision(id: number): Promise<void>;
  /** Decisions still in flight that were started before `startedBefore`: to reconcile. */
  listInFlightApprovalDecisions(
    startedBefore: Date,
  ): Promise<ApprovalDecisionRecord[]>;
  /**
   * Deletes decisions AWS never took (`refused`, `failed`) made before `unsentBefore` (the
   * approvals they were meant for have expired), and all decisions made before `sentBefore`
   * (those that took effect stay visible in the history as long as AWS keeps the executions).
   */
  pruneApprovalDecisions(before: {
    unsentBefore: Date;
    sentBefore: Date;
  }): Promise<number>;
  listApprovalDecisions(filter: {
    pipelineArn?: string;
    entityRef?: string;
  }): Promise<ApprovalDecisionRecord[]>;
  /**
   * The decisions that took effect or are in flight (`succeeded`, `reconciled`, `pending`) on
   * the given executions of the given pipelines, oldest first.
   */
  listExecutionDecisions(
    executions: ReadonlyArray<{ pipelineArn: string; executionId: string }>,
  ): Promise<ApprovalDecisionRecord[]>;
}

/** The pending approvals of every entity's pipelines, for the inbox. */
export interface InboxStore {
  /**
   * Every approval the last refreshes saw pending, once per entity that references its pipeline,
   * in one query, without those decided (or being decided) through Backstage. Oldest request
   * first. An approval past its `expiresAt` stays until a refresh sees it gone: `expiresAt` is
   * estimated from when the approval started, the refresh is what AWS says.
   */
  listPendingApprovals(): Promise<InboxApproval[]>;
}

/** What a notification to an entity's owners is about. */
export type OwnerNotificationKind =
  | 'approval'
  | 'stage-failed'
  | 'alarm-rollback';

/** A notification to the owners of the entities of a pipeline, as the replica that sent it recorded it. */
export interface OwnerNotificationRecord {
  /** The notification's scope in the notifications backend (a later send with it updates it). */
  scope: string;
  kind: OwnerNotificationKind;
  pipelineArn: string;
  stageName?: string;
  actionName?: string;
  token?: string;
  pipelineExecutionId?: string;
  /** The entities whose owners were notified. */
  recipients: string[];
  /** The payload sent (title, description, link, …), kept for the update that closes it. */
  payload: Record<string, unknown>;
  sentAt: Date;
  closedAt?: Date;
}

/**
 * The notifications sent to owners, so that each is sent once however many replicas see the
 * same change: the replica whose claim inserts (or closes) the row sends.
 */
export interface OwnerNotificationStore {
  /** Claims sending a notification: false when it is (being) sent already. */
  claimNotification(
    record: Omit<OwnerNotificationRecord, 'closedAt'>,
  ): Promise<boolean>;
  /** Gives a claim back after its sending failed, so that a later refresh sends it. */
  releaseNotification(scope: string): Promise<void>;
  /** The approval notifications of a pipeline that are not closed yet. */
  listOpenApprovalNotifications(
    pipelineArn: string,
  ): Promise<OwnerNotificationRecord[]>;
  /** Claims sending the update that closes a notification: false when it is (being) closed already. */
  claimClose(scope: string, at: Date): Promise<boolean>;
  /** Gives a close claim back after its sending failed. */
  releaseClose(scope: string): Promise<void>;
  /** The entities that reference a pipeline, whose owners are notified about it. */
  listEntityRefsOfPipeline(pipelineArn: string): Promise<string[]>;
}

/** Every role of the store, over one knex instance. */
export interface PipelineStores {
  entities: EntityStore;
  refreshQueue: RefreshQueue;
  snapshotWriter: PipelineSnapshotWriter;
  snapshotReader: PipelineSnapshotReader;
  alarms: AlarmStore;
  approvalDecisions: ApprovalDecisionStore;
  inbox: InboxStore;
  ownerNotifications: OwnerNotificationStore;
}
