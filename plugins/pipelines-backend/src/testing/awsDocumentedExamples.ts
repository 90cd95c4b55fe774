/**
 * AWS's own published example answers, as the AWS CLI's documentation prints them
 * (aws/aws-cli `awscli/examples/<service>/<command>.rst`) or, where it prints none, as the API
 * reference's response syntax lists the fields. Only the placeholders (`<region-ID>`,
 * `<report-group-name>`…) are filled in, so that the readers' scope matches; timestamps the CLI
 * prints as ISO text travel as epoch seconds in the JSON 1.0/1.1 protocols and are converted
 * here; everything else is as published. Each comes with the sparsest answer AWS may send: the
 * fields the API marks required and nothing more.
 */

const epoch = (iso: string) => Date.parse(iso) / 1000;

/** `aws cloudwatch describe-alarm-history --alarm-name "myalarm" --history-item-type StateUpdate`. */
export const describeAlarmHistoryExample = {
  AlarmHistoryItems: [
    {
      Timestamp: epoch('2014-04-09T18:59:06.442Z'),
      HistoryItemType: 'StateUpdate',
      AlarmName: 'myalarm',
      HistoryData:
        '{"version":"1.0","oldState":{"stateValue":"ALARM","stateReason":"testing purposes"},"newState":{"stateValue":"OK","stateReason":"Threshold Crossed: 2 datapoints were not greater than the threshold (70.0). The most recent datapoints: [38.958, 40.292].","stateReasonData":{"version":"1.0","queryDate":"2014-04-09T18:59:06.419+0000","startDate":"2014-04-09T18:44:00.000+0000","statistic":"Average","period":300,"recentDatapoints":[38.958,40.292],"threshold":70.0}}}',
      HistorySummary: 'Alarm updated from ALARM to OK',
    },
    {
      Timestamp: epoch('2014-04-09T18:59:05.805Z'),
      HistoryItemType: 'StateUpdate',
      AlarmName: 'myalarm',
      HistoryData:
        '{"version":"1.0","oldState":{"stateValue":"OK","stateReason":"Threshold Crossed: 2 datapoints were not greater than the threshold (70.0). The most recent datapoints: [38.839999999999996, 39.714].","stateReasonData":{"version":"1.0","queryDate":"2014-03-11T22:45:41.569+0000","startDate":"2014-03-11T22:30:00.000+0000","statistic":"Average","period":300,"recentDatapoints":[38.839999999999996,39.714],"threshold":70.0}},"newState":{"stateValue":"ALARM","stateReason":"testing purposes"}}',
      HistorySummary: 'Alarm updated from OK to ALARM',
    },
  ],
};

/** Every AlarmHistoryItem field is optional (API reference, AlarmHistoryItem). */
export const describeAlarmHistorySparse = {
  AlarmHistoryItems: [{}, { Timestamp: epoch('2014-04-09T18:59:06.442Z') }],
};

/**
 * `aws securityhub get-findings` (example 2: a CRITICAL finding of the CIS standard, workflow
 * NOTIFIED), account and region filled in.
 */
export function getFindingsExample(account: string, region: string) {
  return {
    Findings: [
      {
        SchemaVersion: '2018-10-08',
        Id: `arn:aws:securityhub:${region}:${account}:subscription/cis-aws-foundations-benchmark/v/1.2.0/1.13/finding/a1b2c3d4-5678-90ab-cdef-EXAMPLE11111`,
        ProductArn: `arn:aws:securityhub:${region}::product/aws/securityhub`,
        GeneratorId:
          'arn:aws:securityhub:::ruleset/cis-aws-foundations-benchmark/v/1.2.0/rule/1.13',
        AwsAccountId: account,
        Types: [
          'Software and Configuration Checks/Industry and Regulatory Standards/CIS AWS Foundations Benchmark',
        ],
        FirstObservedAt: '2020-05-21T20:16:34.752Z',
        LastObservedAt: '2020-06-09T08:16:37.171Z',
        CreatedAt: '2020-05-21T20:16:34.752Z',
        UpdatedAt: '2020-06-09T08:16:36.430Z',
        Severity: { Product: 90, Label: 'CRITICAL', Normalized: 90 },
        Title: '1.13 Ensure MFA is enabled for the "root" account',
        Description:
          'The root account is the most privileged user in an AWS account. MFA adds an extra layer of protection on top of a user name and password. With MFA enabled, when a user signs in to an AWS website, they will be prompted for their user name and password as well as for an authentication code from their AWS MFA device.',
        Remediation: {
          Recommendation: {
            Text: 'For directions on how to fix this issue, please consult the AWS Security Hub CIS documentation.',
            Url: 'https://docs.aws.amazon.com/console/securityhub/standards-cis-1.13/remediation',
          },
        },
        ProductFields: {
          StandardsGuideArn:
            'arn:aws:securityhub:::ruleset/cis-aws-foundations-benchmark/v/1.2.0',
          RuleId: '1.13',
          'aws/securityhub/SeverityLabel': 'CRITICAL',
          'aws/securityhub/ProductName': 'Security Hub',
          'aws/securityhub/CompanyName': 'AWS',
        },
        Resources: [
          {
            Type: 'AwsAccount',
            Id: `AWS::::Account:${account}`,
            Partition: 'aws',
            Region: region,
          },
        ],
        Compliance: { Status: 'FAILED' },
        WorkflowState: 'NEW',
        Workflow: { Status: 'NOTIFIED' },
        RecordState: 'ACTIVE',
      },
    ],
  };
}

/** The ASFF fields the API reference marks required, and no others. */
export function getFindingsSparse(account: string, region: string) {
  return {
    Findings: [
      {
        SchemaVersion: '2018-10-08',
        Id: 'sparse-finding-1',
        ProductArn: `arn:aws:securityhub:${region}::product/aws/securityhub`,
        GeneratorId: 'sparse-generator',
        AwsAccountId: account,
        CreatedAt: '2020-06-02T14:02:49.159Z',
        UpdatedAt: '2020-06-02T14:02:52.397Z',
        Title: 'A finding with only the required fields',
        Description: 'Nothing else is set.',
        Resources: [{ Type: 'AwsAccount', Id: `AWS::::Account:${account}` }],
      },
    ],
  };
}

/** `aws codebuild batch-get-reports` (two FAILED test reports), placeholders filled in. */
export function batchGetReportsExample(
  reportArns: string[],
  groupArn: string,
  groupName: string,
  buildArn: string,
) {
  return {
    reports: reportArns.map((arn, i) => ({
      arn,
      type: 'TEST',
      name: groupName,
      reportGroupArn: groupArn,
      executionId: buildArn,
      status: 'FAILED',
      created: epoch(
        i === 0
          ? '2020-10-01T11:25:22.531000-07:00'
          : '2020-10-01T11:13:05.816000-07:00',
      ),
      expired: epoch(
        i === 0 ? '2020-10-31T11:25:22-07:00' : '2020-10-31T11:13:05-07:00',
      ),
      exportConfig: { exportConfigType: 'NO_EXPORT' },
      truncated: false,
      testSummary: {
        total: 28,
        statusCounts: {
          ERROR: 5,
          FAILED: 1,
          SKIPPED: 4,
          SUCCEEDED: 18,
          UNKNOWN: 0,
        },
        durationInNanoSeconds: 94000000,
      },
    })),
    reportsNotFound: [],
  };
}

/** Every Report field is optional (API reference, Report). */
export function batchGetReportsSparse(reportArns: string[]) {
  return { reports: [{ arn: reportArns[0] }, {}] };
}

/**
 * GetPipelineExecution as its API reference's response syntax lists it (the CLI documentation
 * prints no example), with values of the kind the CodePipeline User Guide shows.
 */
export function getPipelineExecutionExample(
  pipelineName: string,
  executionId: string,
) {
  return {
    pipelineExecution: {
      artifactRevisions: [
        {
          created: epoch('2020-05-08T17:45:43Z'),
          name: 'SourceArtifact',
          revisionChangeIdentifier: '2020-05-08T17:45:43Z',
          revisionId: 'EXAMPLEad99dcd35914c00b7fbea139951111111',
          revisionSummary: 'Edited template.yml',
          revisionUrl:
            'https://us-east-1.console.aws.amazon.com/codecommit/home#/repository/my-repo/commit/EXAMPLEad99dcd35914c00b7fbea139951111111',
        },
      ],
      executionMode: 'SUPERSEDED',
      executionType: 'STANDARD',
      pipelineExecutionId: executionId,
      pipelineName,
      pipelineVersion: 12,
      status: 'Succeeded',
      statusSummary: 'Edited template.yml',
      trigger: {
        triggerDetail: 'arn:aws:iam::111111111111:user/admin',
        triggerType: 'StartPipelineExecution',
      },
      variables: [{ name: 'Stage', resolvedValue: 'prod' }],
    },
  };
}

/** PipelineExecution's fields are all optional; so is pipelineExecution itself. */
export const getPipelineExecutionSparse = [
  {},
  { pipelineExecution: {} },
  { pipelineExecution: { artifactRevisions: [{}] } },
];
