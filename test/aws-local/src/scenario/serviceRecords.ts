/**
 * The other services' records: CloudWatch alarms and their history, Security Hub and Inspector2
 * findings, CodeBuild reports and report groups, in the shapes those APIs document.
 */

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
