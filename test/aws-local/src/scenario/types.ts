import type { PipelineControls } from './pipelineControlTypes';

/**
 * The data model of the scenario: an in-memory AWS world held in the shapes the AWS APIs document,
 * plus the bookkeeping the simulation needs (durations, outcome plans).
 */

import type { AwsServiceName, FaultSpec, ServedCall } from './faults';
import type {
  PipelineExecutionRecord,
  ScenarioPipeline,
} from './pipelineRecords';
import type {
  AlarmHistoryRecord,
  AlarmRecord,
  AsffFinding,
  CodeBuildReportGroupRecord,
  CodeBuildReportRecord,
  Inspector2Finding,
} from './serviceRecords';
import type { BatchImportFindingsResult } from './securityHubImport';
import type { AppConfigRegionView } from './appConfigDeployments';

export * from './faults';
export type { BatchImportFindingsResult } from './securityHubImport';
export type {
  AppConfigRegionView,
  AppConfigDeploymentRecord,
  AppConfigDeploymentEvent,
  AppConfigHostedVersionRecord,
} from './appConfigDeployments';
export * from './pipelineRecords';
export * from './serviceRecords';

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
  /**
   * Every region the world has resources in (pipelines, the regions their actions and rules
   * reach, alarms, findings, reports), in the order the pipelines first name them: the regions a
   * backend has to read to see all of it.
   */
  regions(): readonly string[];
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
  /**
   * BatchImportFindings into a region's Security Hub: imports the valid findings, lists the
   * refused ones with the reason.
   */
  importSecurityHubFindings(
    region: string,
    findings: unknown,
  ): BatchImportFindingsResult;
  /** Inspector2 findings in a region. */
  inspectorFindings(region: string): readonly Inspector2Finding[];
  /**
   * AWS AppConfig in a region at the scenario's now: the applications, environments, profiles
   * and strategies the stacks declare, and the versions and deployments the configuration
   * pipelines' deploy actions made (growing, baking, complete or rolled back by an alarm).
   */
  appConfig(region: string): AppConfigRegionView;
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
  /** The operations that change running pipelines (retry, stop, roll back, transitions, …). */
  pipelineControls(): PipelineControls;
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
