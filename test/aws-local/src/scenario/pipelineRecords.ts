/**
 * Pipelines and their executions, held in the shapes the CodePipeline API documents, plus the
 * bookkeeping the simulation needs (run times, outcome plans).
 */

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
