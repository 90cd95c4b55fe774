/**
 * Request and response types of the pipelines backend REST API (described in
 * `plugins/pipelines-backend/src/schema/openapi.yaml`).
 *
 * @packageDocumentation
 */
import type { PipelineLayout } from './layout';

/** Status of a pipeline execution, as CodePipeline reports it. @public */
export type ExecutionStatus =
  | 'Cancelled'
  | 'InProgress'
  | 'Stopped'
  | 'Stopping'
  | 'Succeeded'
  | 'Superseded'
  | 'Failed';

/** Status of a stage or action in the current state. @public */
export type StepStatus =
  | 'Cancelled'
  | 'InProgress'
  | 'Stopped'
  | 'Stopping'
  | 'Succeeded'
  | 'Failed'
  | 'Skipped'
  | 'Abandoned'
  | 'NotStarted';

/** One normalised severity scale for every findings source. @public */
export type Severity = 'CRITICAL' | 'HIGH' | 'MEDIUM' | 'LOW' | 'INFORMATIONAL';

/** Severity order, most severe first. @public */
export const SEVERITY_ORDER: readonly Severity[] = [
  'CRITICAL',
  'HIGH',
  'MEDIUM',
  'LOW',
  'INFORMATIONAL',
];

/** How fresh the data served from the store is. @public */
export interface Freshness {
  /** When the data was last refreshed from AWS successfully (ISO 8601), if ever. */
  lastRefreshedAt?: string;
  /** True when the last refresh attempt failed or is overdue: the data is the last known state. */
  stale: boolean;
  /** Why the data is stale, e.g. `AWS throttled the request (ThrottlingException)`. */
  staleReason?: string;
}

/** Where the AWS data comes from. @public */
export interface DataSource {
  /** `aws` for real accounts, `local` for the local scenario endpoint (demo data). */
  kind: 'aws' | 'local';
  /** A human label, e.g. `Local AWS scenario (demo data) at http://localhost:4566`. */
  label: string;
}

/** State of one action in the current pipeline state. @public */
export interface ActionStateView {
  /** Action name. */
  name: string;
  /** Latest status. */
  status: StepStatus;
  /** When the action last changed (ISO 8601). */
  lastStatusChange?: string;
  /** Summary or error message of the latest run. */
  summary?: string;
  /** Link to the action's details (console, CodeBuild logs). */
  externalUrl?: string;
  /** Execution id of the action's latest run. */
  pipelineExecutionId?: string;
}

/** State of one stage in the current pipeline state. @public */
export interface StageStateView {
  /** Stage name. */
  name: string;
  /** Latest status of the stage. */
  status: StepStatus;
  /** Execution the stage is on. */
  pipelineExecutionId?: string;
  /** Action states. */
  actions: ActionStateView[];
  /** Whether inbound transitions are enabled; a disabled transition blocks the stage. */
  inboundTransitionEnabled: boolean;
  /** Why the inbound transition was disabled. */
  disabledReason?: string;
  /** When the stage's `onSuccess` bake ends (ISO 8601), while it is baking. */
  bakeEndsAt?: string;
  /** Status of the stage's `beforeEntry` conditions, e.g. `Failed` when a window or alarm blocks. */
  beforeEntryStatus?: string;
  /** Status of the stage's `onSuccess` conditions (`InProgress` while baking). */
  onSuccessStatus?: string;
  /** Human reason why the stage is blocked (time window closed, alarm in ALARM). */
  blockedReason?: string;
}

/** A manual approval waiting for a decision. @public */
export interface PendingApproval {
  /** Pipeline ARN. */
  pipelineArn: string;
  /** Stage name. */
  stageName: string;
  /** Action name. */
  actionName: string;
  /** The approval token AWS issued for this request. */
  token: string;
  /** Execution that waits. */
  pipelineExecutionId?: string;
  /** When the approval was requested (ISO 8601). */
  requestedAt?: string;
  /** When it times out (ISO 8601; CodePipeline approvals expire after 7 days). */
  expiresAt?: string;
  /** Custom data / review URL from the approval action configuration. */
  customData?: string;
  /** URL for review from the action configuration. */
  externalEntityLink?: string;
}

/** An alarm referenced by the pipeline (blockers, bake watchers, rollback triggers). @public */
export interface AlarmView {
  /** Alarm name. */
  name: string;
  /** Alarm ARN. */
  arn?: string;
  /** `metric` or `composite`. */
  type: 'metric' | 'composite';
  /** `OK`, `ALARM`, `INSUFFICIENT_DATA`, or `UNKNOWN` when the alarm was not found. */
  state: 'OK' | 'ALARM' | 'INSUFFICIENT_DATA' | 'UNKNOWN';
  /** Why the alarm is in its state. */
  stateReason?: string;
  /** When the state last changed (ISO 8601). */
  stateUpdatedAt?: string;
  /** Region of the alarm. */
  region: string;
  /** Composite alarm rule, for composite alarms. */
  alarmRule?: string;
}

/** A pipeline execution. @public */
export interface ExecutionView {
  /** Execution id. */
  id: string;
  /** Pipeline ARN. */
  pipelineArn: string;
  /** Status. */
  status: ExecutionStatus;
  /** Status summary (reason of failure, supersede, stop). */
  statusSummary?: string;
  /** Start (ISO 8601). */
  startedAt?: string;
  /** Last update (ISO 8601). */
  updatedAt?: string;
  /** Trigger type, e.g. `Webhook`, `StartPipelineExecution`, `PollForSourceChanges`. */
  trigger?: string;
  /** Trigger detail (who or what started it). */
  triggerDetail?: string;
  /** `ROLLBACK` for rollback executions, else `STANDARD`. */
  executionType?: string;
  /** Source revisions. */
  sourceRevisions: Array<{
    actionName: string;
    revisionId?: string;
    revisionSummary?: string;
    revisionUrl?: string;
  }>;
}

/** A security or quality finding, normalised. @public */
export interface FindingView {
  /** Stable id (ASFF Id, report id + test case, Inspector finding ARN). */
  id: string;
  /** Normalised severity. */
  severity: Severity;
  /** Title. */
  title: string;
  /** Tool or product that reported it (e.g. `Trivy`, `Inspector`, `CodeBuild report`). */
  tool: string;
  /** Category, e.g. `SCA`, `SAST`, `Secrets`, `IaC`, `Vulnerability`, `UnitTest`. */
  category?: string;
  /** Affected resource. */
  resource?: string;
  /** First seen (ISO 8601). */
  firstSeenAt?: string;
  /** Last seen (ISO 8601). */
  lastSeenAt?: string;
  /** Link to the console or the source of the finding. */
  url?: string;
  /** Workflow/record state, e.g. `NEW`, `ACTIVE`. */
  status?: string;
  /** Pipeline the finding is attributed to. */
  pipelineArn?: string;
}

/** A CodeBuild test or coverage report summary. @public */
export interface ReportView {
  /** Report ARN. */
  arn: string;
  /** `TEST` or `CODE_COVERAGE`. */
  type: 'TEST' | 'CODE_COVERAGE';
  /** Report group name. */
  reportGroup?: string;
  /** `SUCCEEDED`, `FAILED`, ... */
  status: string;
  /** Created (ISO 8601). */
  createdAt?: string;
  /** Test totals: status → count. */
  testStatusCounts?: Record<string, number>;
  /** Total test cases. */
  testTotal?: number;
  /** Line coverage percentage. */
  lineCoveragePercentage?: number;
  /** Branch coverage percentage. */
  branchCoveragePercentage?: number;
}

/** Everything the entity tab shows for one pipeline. @public */
export interface PipelineView {
  /** Pipeline ARN (the pipeline's id everywhere in this API). */
  arn: string;
  /** Pipeline name. */
  name: string;
  /** AWS account id. */
  accountId: string;
  /** Home region. */
  region: string;
  /** Execution mode: `SUPERSEDED`, `QUEUED`, `PARALLEL`. */
  executionMode?: string;
  /** Pipeline type (`V1`, `V2`). */
  pipelineType?: string;
  /** Layout derived from the pipeline definition. */
  layout: PipelineLayout;
  /** Current stage states. */
  stages: StageStateView[];
  /** Latest execution, if any. */
  latestExecution?: ExecutionView;
  /** Manual approvals waiting for a decision. */
  pendingApprovals: PendingApproval[];
  /** Alarms referenced by the pipeline's conditions. */
  alarms: AlarmView[];
  /** Link to the pipeline in the AWS console. */
  consoleUrl: string;
  /** Freshness of this pipeline's data. */
  freshness: Freshness;
}

/** A reference that could not be resolved or was refused. @public */
export interface PipelineProblem {
  /** The reference as written in the annotation. */
  reference: string;
  /** What went wrong, in plain words. */
  message: string;
}

/** `GET /entities/{kind}/{namespace}/{name}/pipelines`. @public */
export interface EntityPipelinesResponse {
  /** The entity ref. */
  entityRef: string;
  /** Pipelines of the entity. */
  pipelines: PipelineView[];
  /** References that are not (yet) served, with the reason. */
  problems: PipelineProblem[];
  /** Where the data comes from. */
  source: DataSource;
  /** Whether the calling user may decide approvals for this entity. */
  canDecideApprovals: boolean;
}

/** `GET /entities/{kind}/{namespace}/{name}/executions`. @public */
export interface ExecutionsResponse {
  /** Executions, newest first. */
  executions: ExecutionView[];
}

/** `GET /entities/{kind}/{namespace}/{name}/findings`. @public */
export interface FindingsResponse {
  /** Findings, most severe first. */
  findings: FindingView[];
  /** Counts by severity. */
  counts: Record<Severity, number>;
  /** Latest test and coverage reports. */
  reports: ReportView[];
  /** Freshness of the findings. */
  freshness: Freshness;
}

/** One state change of a CloudWatch alarm (a `StateUpdate` item of `DescribeAlarmHistory`). @public */
export interface AlarmHistoryItem {
  /** When the state changed (ISO 8601). */
  timestamp: string;
  /** State before the change (`UNKNOWN` if CloudWatch did not say). */
  oldState: AlarmView['state'];
  /** State after the change (`UNKNOWN` if CloudWatch did not say). */
  newState: AlarmView['state'];
  /** CloudWatch's summary, e.g. `Alarm updated from OK to ALARM`. */
  summary: string;
  /** Why the alarm entered the new state. */
  reason?: string;
}

/**
 * `GET /entities/{kind}/{namespace}/{name}/alarm-history?pipelineArn=…&region=…&alarmName=…`:
 * the recent state changes of one alarm that a pipeline of the entity watches. @public
 */
export interface AlarmHistoryResponse {
  pipelineArn: string;
  region: string;
  alarmName: string;
  /** State changes, newest first (CloudWatch keeps 30 days; so does the store). */
  items: AlarmHistoryItem[];
  /**
   * False while the alarm's latest state change (its `stateUpdatedAt`) is not in `items` yet: the
   * refresher reads the history of changed alarms a few at a time.
   */
  complete: boolean;
  /** Freshness of the pipeline the alarm was read with. */
  freshness: Freshness;
}

/** One point of a metric time series. @public */
export interface MetricPoint {
  /** Bucket start (ISO 8601 date). */
  date: string;
  /** Value for the bucket. */
  value: number;
}

/** `GET /entities/{kind}/{namespace}/{name}/metrics?window=30d`. @public */
export interface DeliveryMetricsResponse {
  /** Window in days. */
  windowDays: number;
  /** Pipeline ARN when scoped to one pipeline. */
  pipelineArn?: string;
  /** Production deployments (last prod wave succeeded) per day over the window. */
  deploymentFrequencyPerDay: number;
  /** Median lead time for changes (source revision time → last prod wave success), in hours. */
  leadTimeHours?: number;
  /**
   * Production deployments that failed, were stopped or were rolled back / production deployments
   * (executions that reached production and ended), 0–1.
   */
  changeFailureRate?: number;
  /**
   * Mean time between failures (start of the successful run that turned the pipeline green →
   * start of the next failed run), in hours.
   */
  mtbfHours?: number;
  /**
   * Mean time to restore (start of the failed run that turned the pipeline red → start of the
   * next successful run), in hours.
   */
  mttrHours?: number;
  /** Number of finished (standard, not rollback) executions that started in the window. */
  sampleSize: number;
  /**
   * Daily series for small charts: deployments and change failures per day of the window;
   * lead time (median) only for days with deployments.
   */
  series: {
    deployments: MetricPoint[];
    leadTimeHours: MetricPoint[];
    failures: MetricPoint[];
  };
}

/** `POST /entities/{kind}/{namespace}/{name}/approvals`. @public */
export interface ApprovalDecisionRequest {
  /** Pipeline ARN. */
  pipelineArn: string;
  /** Stage name. */
  stageName: string;
  /** Action name. */
  actionName: string;
  /** The token from the current state. */
  token: string;
  /** `Approved` or `Rejected`. */
  decision: 'Approved' | 'Rejected';
  /** Comment, sent to AWS with the approving user's name. */
  comment?: string;
}

/** Response of a decision. @public */
export interface ApprovalDecisionResponse {
  /** The recorded decision. */
  decision: 'Approved' | 'Rejected';
  /** Who decided (user entity ref). */
  decidedBy: string;
  /** When (ISO 8601). */
  decidedAt: string;
  /** Summary sent to AWS. */
  summary: string;
}

/** `GET /status`: what the backend is configured to reach. @public */
export interface PipelinesStatusResponse {
  /** Where the data comes from. */
  source: DataSource;
  /** Number of configured account/region targets. */
  targets: number;
}
