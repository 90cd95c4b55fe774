/**
 * The data model of the scenario: an in-memory AWS world held in the shapes the AWS APIs document,
 * plus the bookkeeping the simulation needs (durations, outcome plans).
 */

/** AWS services the endpoint answers for. @public */
export type AwsServiceName =
  | 'codepipeline'
  | 'cloudwatch'
  | 'securityhub'
  | 'codebuild'
  | 'inspector2'
  | 'sts';

/**
 * Kinds of injected faults: `throttle` → ThrottlingException (400), `server-error` → 500,
 * `timeout` → no answer (a hung endpoint), `connection-reset` → the connection is closed without
 * an answer, `slow` → the answer after `latencyMs` (5 s by default), `expired-credentials` →
 * ExpiredTokenException (400), `access-denied` → AccessDeniedException (400).
 *
 * @public
 */
export type FaultKind =
  | 'throttle'
  | 'server-error'
  | 'timeout'
  | 'connection-reset'
  | 'slow'
  | 'expired-credentials'
  | 'access-denied';

/** Every {@link FaultKind}. @public */
export const FAULT_KINDS: readonly FaultKind[] = [
  'throttle',
  'server-error',
  'timeout',
  'connection-reset',
  'slow',
  'expired-credentials',
  'access-denied',
];

/**
 * A fault to inject into the next matching calls.
 *
 * @public
 */
export interface FaultSpec {
  /** Service whose calls fail. */
  service: AwsServiceName;
  /** Operation name (e.g. `GetPipelineState`); every operation of the service when absent. */
  operation?: string;
  /** What the calls get instead of their answer (see {@link FaultKind}). */
  kind: FaultKind;
  /** How many calls fail; unlimited when absent. */
  times?: number;
  /** Delay of a `slow` fault, in milliseconds; 5000 when absent. */
  latencyMs?: number;
}

/** One AWS call the endpoint served (for call counting and the benchmark). @public */
export interface ServedCall {
  /** Service of the call. */
  service: AwsServiceName;
  /** Operation name. */
  operation: string;
  /** Region from the SigV4 credential scope (or the host name). */
  region: string;
  /** Wall-clock time the call was received (ms since epoch). */
  at: number;
  /** The fault served instead of an answer, if any. */
  fault?: FaultKind;
}

/** `Rule` type id of a CodePipeline condition rule. @public */
export interface RuleDeclaration {
  name: string;
  ruleTypeId: {
    category: 'Rule';
    owner: 'AWS';
    provider: string;
    version: string;
  };
  configuration: Record<string, string>;
  region?: string;
}

/** A stage condition as GetPipeline returns it. @public */
export interface ConditionDeclaration {
  result?: 'ROLLBACK' | 'FAIL' | 'RETRY' | 'SKIP';
  rules: RuleDeclaration[];
}

/**
 * An action of a scenario pipeline: the declaration GetPipeline returns plus how the simulation runs it.
 *
 * @public
 */
export interface ScenarioActionDefinition {
  name: string;
  actionTypeId: {
    category:
      | 'Source'
      | 'Build'
      | 'Test'
      | 'Deploy'
      | 'Approval'
      | 'Invoke'
      | 'Compute';
    owner: 'AWS' | 'ThirdParty' | 'Custom';
    provider: string;
    version: string;
  };
  runOrder: number;
  configuration: Record<string, string>;
  region?: string;
  inputArtifacts?: Array<{ name: string }>;
  outputArtifacts?: Array<{ name: string }>;
  namespace?: string;
  /** Simulated run time in minutes (approvals wait for a decision instead). */
  durationMinutes: number;
}

/** A stage of a scenario pipeline. @public */
export interface ScenarioStageDefinition {
  name: string;
  actions: ScenarioActionDefinition[];
  beforeEntry?: { conditions: ConditionDeclaration[] };
  onSuccess?: { conditions: ConditionDeclaration[] };
  onFailure?: {
    result: 'ROLLBACK' | 'FAIL' | 'RETRY';
    conditions?: ConditionDeclaration[];
  };
}

/** A CodePipeline V2 pipeline of the scenario. @public */
export interface ScenarioPipeline {
  name: string;
  accountId: string;
  region: string;
  arn: string;
  roleArn: string;
  executionMode: 'QUEUED' | 'SUPERSEDED' | 'PARALLEL';
  pipelineType: 'V1' | 'V2';
  version: number;
  created: Date;
  updated: Date;
  tags: Array<{ key: string; value: string }>;
  stages: ScenarioStageDefinition[];
  /** Repository shown in source revisions. */
  repository: string;
  /**
   * What GetPipeline returns, when the pipeline comes from a synthesized spec (the declaration
   * exactly as converted from Terraform); built from `stages` otherwise.
   */
  declaration?: object;
}

/** CodePipeline condition status values. @public */
export type ConditionStatus =
  | 'Cancelled'
  | 'Errored'
  | 'Failed'
  | 'InProgress'
  | 'Succeeded'
  | 'Abandoned'
  | 'Overridden';

/** A rule run inside a condition run. @public */
export interface RuleRun {
  ruleName: string;
  ruleExecutionId: string;
  status:
    | 'InProgress'
    | 'Failed'
    | 'Errored'
    | 'Succeeded'
    | 'Cancelled'
    | 'Abandoned';
  summary?: string;
  lastStatusChange: Date;
}

/** One evaluation of a stage condition (before entry, on success, on failure). @public */
export interface ConditionRun {
  status: ConditionStatus;
  summary?: string;
  startTime: Date;
  lastStatusChange: Date;
  /** For on-success bakes: when the wait time is over. */
  endsAt?: Date;
  rules: RuleRun[];
}

/** CodePipeline action execution status values. @public */
export type ActionStatus = 'InProgress' | 'Abandoned' | 'Succeeded' | 'Failed';

/** One run of an action. @public */
export interface ActionRun {
  actionName: string;
  actionExecutionId: string;
  status: ActionStatus;
  startTime: Date;
  lastUpdateTime: Date;
  /** When a running (non-approval) action completes. */
  endsAt?: Date;
  summary?: string;
  /** Manual approvals: the approval token while pending (and kept after the decision). */
  token?: string;
  /** Who decided a manual approval, or the service principal. */
  updatedBy?: string;
  externalExecutionId?: string;
  externalExecutionUrl?: string;
  errorDetails?: { code: string; message: string };
  percentComplete?: number;
}

/** One run of a stage inside a pipeline execution. @public */
export interface StageRun {
  stageName: string;
  status:
    | 'Cancelled'
    | 'InProgress'
    | 'Failed'
    | 'Stopped'
    | 'Stopping'
    | 'Succeeded'
    | 'Skipped';
  startTime: Date;
  endTime?: Date;
  beforeEntry?: ConditionRun;
  onSuccess?: ConditionRun;
  onFailure?: ConditionRun;
  actions: ActionRun[];
}

/** CodePipeline pipeline execution status values. @public */
export type PipelineExecutionStatus =
  | 'Cancelled'
  | 'InProgress'
  | 'Stopped'
  | 'Stopping'
  | 'Succeeded'
  | 'Superseded'
  | 'Failed';

/**
 * How a scripted execution ends: it runs the whole pipeline unless one of these says otherwise.
 *
 * @public
 */
export interface ExecutionPlan {
  /** Fail this action (stage/action names). */
  failAt?: {
    stageName: string;
    actionName: string;
    code: string;
    message: string;
  };
  /** The bake of this stage trips its alarm → on-success condition fails → ROLLBACK. */
  alarmDuringBakeOf?: string;
  /** Minutes after the approval is requested that it is decided (history only). */
  approveAfterMinutes?: number;
  /** Reject the approval instead of approving it. */
  reject?: boolean;
  /** Stop at the approval and wait for PutApprovalResult (the live executions). */
  waitForApproval?: boolean;
}

/** A pipeline execution of the scenario. @public */
export interface PipelineExecutionRecord {
  pipelineName: string;
  pipelineVersion: number;
  pipelineExecutionId: string;
  status: PipelineExecutionStatus;
  statusSummary?: string;
  startTime: Date;
  lastUpdateTime: Date;
  executionMode: 'QUEUED' | 'SUPERSEDED' | 'PARALLEL';
  executionType: 'STANDARD' | 'ROLLBACK';
  rollbackTargetPipelineExecutionId?: string;
  trigger: { triggerType: string; triggerDetail: string };
  sourceRevision: {
    actionName: string;
    revisionId: string;
    revisionSummary: string;
    revisionUrl: string;
    created: Date;
  };
  stageRuns: StageRun[];
  plan: ExecutionPlan;
}

/** A CloudWatch metric alarm, in DescribeAlarms' shape (timestamps as dates). @public */
export interface MetricAlarmRecord {
  kind: 'MetricAlarm';
  region: string;
  AlarmName: string;
  AlarmArn: string;
  AlarmDescription?: string;
  AlarmConfigurationUpdatedTimestamp: Date;
  ActionsEnabled: boolean;
  OKActions: string[];
  AlarmActions: string[];
  InsufficientDataActions: string[];
  StateValue: 'OK' | 'ALARM' | 'INSUFFICIENT_DATA';
  StateReason: string;
  StateReasonData?: string;
  StateUpdatedTimestamp: Date;
  StateTransitionedTimestamp: Date;
  /** Absent on a metric-math alarm (which has `Metrics` instead). */
  MetricName?: string;
  Namespace?: string;
  Statistic?: string;
  ExtendedStatistic?: string;
  Dimensions?: Array<{ Name: string; Value: string }>;
  Period?: number;
  Unit?: string;
  EvaluationPeriods: number;
  DatapointsToAlarm?: number;
  Threshold?: number;
  ThresholdMetricId?: string;
  ComparisonOperator: string;
  TreatMissingData?: string;
  /** The metric-math queries of an alarm on an expression. */
  Metrics?: Array<Record<string, unknown>>;
}

/** A CloudWatch composite alarm, in DescribeAlarms' shape. @public */
export interface CompositeAlarmRecord {
  kind: 'CompositeAlarm';
  region: string;
  AlarmName: string;
  AlarmArn: string;
  AlarmDescription?: string;
  AlarmConfigurationUpdatedTimestamp: Date;
  ActionsEnabled: boolean;
  OKActions: string[];
  AlarmActions: string[];
  InsufficientDataActions: string[];
  AlarmRule: string;
  StateValue: 'OK' | 'ALARM' | 'INSUFFICIENT_DATA';
  StateReason: string;
  StateReasonData?: string;
  StateUpdatedTimestamp: Date;
  StateTransitionedTimestamp: Date;
}

/** Either kind of alarm. @public */
export type AlarmRecord = MetricAlarmRecord | CompositeAlarmRecord;

/** One DescribeAlarmHistory item. @public */
export interface AlarmHistoryRecord {
  region: string;
  AlarmName: string;
  AlarmType: 'MetricAlarm' | 'CompositeAlarm';
  Timestamp: Date;
  HistoryItemType: 'ConfigurationUpdate' | 'StateUpdate' | 'Action';
  HistorySummary: string;
  HistoryData: string;
}

/** An ASFF finding (Security Hub), as GetFindings returns it. @public */
export type AsffFinding = Record<string, unknown> & {
  Id: string;
  ProductArn: string;
  AwsAccountId: string;
  Region: string;
  GeneratorId: string;
  Severity: {
    Label: string;
    Normalized: number;
    Original?: string;
    Product?: number;
  };
  UpdatedAt: string;
};

/** A CodeBuild report (test or coverage), as BatchGetReports returns it. @public */
export interface CodeBuildReportRecord {
  region: string;
  arn: string;
  type: 'TEST' | 'CODE_COVERAGE';
  name: string;
  reportGroupArn: string;
  executionId: string;
  status: 'GENERATING' | 'SUCCEEDED' | 'FAILED' | 'INCOMPLETE' | 'DELETING';
  created: Date;
  expired: Date;
  exportConfig: { exportConfigType: 'NO_EXPORT' | 'S3' };
  truncated: boolean;
  testSummary?: {
    total: number;
    statusCounts: Record<string, number>;
    durationInNanoSeconds: number;
  };
  codeCoverageSummary?: {
    lineCoveragePercentage: number;
    linesCovered: number;
    linesMissed: number;
    branchCoveragePercentage: number;
    branchesCovered: number;
    branchesMissed: number;
  };
  testCases: Array<{
    testRawDataPath: string;
    prefix: string;
    name: string;
    status: string;
    durationInNanoSeconds: number;
    message?: string;
    testSuiteName: string;
  }>;
}

/** A CodeBuild report group, as ListReportGroups names it. @public */
export interface CodeBuildReportGroupRecord {
  region: string;
  arn: string;
  name: string;
  type: 'TEST' | 'CODE_COVERAGE';
  created: Date;
  /** Tags of the report group (the pipeline's tags), as BatchGetReportGroups returns them. */
  tags: Array<{ key: string; value: string }>;
}

/** An Inspector2 finding, as ListFindings returns it. @public */
export type Inspector2Finding = Record<string, unknown> & {
  findingArn: string;
  awsAccountId: string;
  severity: string;
  status: string;
  region: string;
};

/**
 * The stateful in-memory AWS world behind the endpoint: pipelines, executions, alarms, findings,
 * reports, and a clock.
 *
 * @public
 */
export interface AwsScenario {
  /** Account that owns every resource of the scenario. */
  readonly accountId: string;
  /** The scenario clock. */
  now(): Date;
  /** Moves the scenario clock forward: actions complete, bakes end, next waves start. */
  advance(minutes: number): void;
  /** Back to the initial world (clock, executions, alarms, faults, call counts). */
  reset(): void;
  /** Makes the next matching calls fail. */
  injectFault(fault: FaultSpec): void;
  /** Removes every injected fault. */
  clearFaults(): void;
  /** How many AWS calls were served, optionally for one service and operation. */
  callCount(service?: AwsServiceName, operation?: string): number;
  /** Forgets the served calls and their counts (e.g. at the start of a measurement). */
  clearCalls(): void;
  /** The calls served since the last reset, oldest first (the most recent 10,000). */
  calls(): readonly ServedCall[];
  /** Sets an alarm's state (and records a history item), e.g. to clear a blocker. */
  setAlarmState(
    region: string,
    alarmName: string,
    state: 'OK' | 'ALARM' | 'INSUFFICIENT_DATA',
    reason?: string,
  ): void;
  /** The pipelines of the world (definitions). */
  pipelines(): readonly ScenarioPipeline[];
  /** Executions of a pipeline, newest first. */
  executions(pipelineName: string): readonly PipelineExecutionRecord[];
  /** The pending approval token of a pipeline's stage/action, if one is waiting. */
  pendingApprovalToken(
    pipelineName: string,
    stageName?: string,
    actionName?: string,
  ): string | undefined;
  /** Alarms in a region (metric and composite). */
  alarms(region: string): readonly AlarmRecord[];
  /** Alarm history items in a region. */
  alarmHistory(region: string): readonly AlarmHistoryRecord[];
  /** Security Hub findings in a region. */
  securityHubFindings(region: string): readonly AsffFinding[];
  /** Inspector2 findings in a region. */
  inspectorFindings(region: string): readonly Inspector2Finding[];
  /** CodeBuild report groups in a region. */
  reportGroups(region: string): readonly CodeBuildReportGroupRecord[];
  /** CodeBuild reports in a region, newest first. */
  reports(region: string): readonly CodeBuildReportRecord[];
  /**
   * Records a manual approval decision (the PutApprovalResult semantics). Throws an
   * {@link AwsServiceError} shaped like AWS's errors.
   */
  putApprovalResult(input: {
    pipelineName: string;
    stageName: string;
    actionName: string;
    token: string;
    status: 'Approved' | 'Rejected';
    summary: string;
    decidedBy?: string;
  }): { approvedAt: Date };
  /**
   * A value that changes whenever the world does (executions progress, approvals, alarm states,
   * reset): read answers are cached until it changes. @internal
   */
  stateVersion(): string;
  /** Takes the fault for a call, if one matches (consumes one of its `times`). @internal */
  takeFault(
    service: AwsServiceName,
    operation: string,
  ): Pick<FaultSpec, 'kind' | 'latencyMs'> | undefined;
  /** Records a served call. @internal */
  recordCall(call: ServedCall): void;
}

/**
 * An AWS service error: its code (`__type`), HTTP status and message, as the service would send it.
 *
 * @public
 */
export class AwsServiceError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly statusCode: number = 400,
    readonly fault: 'Sender' | 'Receiver' = statusCode >= 500
      ? 'Receiver'
      : 'Sender',
  ) {
    super(message);
    this.name = code;
  }
}
