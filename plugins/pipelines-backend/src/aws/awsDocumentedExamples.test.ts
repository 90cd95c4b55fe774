import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { CodeBuildReportsReader } from '../findings/CodeBuildReportsReader';
import { SecurityHubFindingsReader } from '../findings/SecurityHubFindingsReader';
import {
  awsJsonOperations,
  testClientFactory,
} from '../findings/testing/awsTestClients';
import {
  PIPELINE_ARN,
  PIPELINE_NAME,
  SERVICE_TAGS,
} from '../findings/testing/securityHubFindings';
import {
  CLOUDWATCH_HOSTS,
  CODEPIPELINE_HOSTS,
  awsJsonHandler,
} from '../testing/awsJsonMsw';
import {
  batchGetReportsExample,
  batchGetReportsSparse,
  describeAlarmHistoryExample,
  describeAlarmHistorySparse,
  getFindingsExample,
  getFindingsSparse,
  getPipelineExecutionExample,
  getPipelineExecutionSparse,
} from '../testing/awsDocumentedExamples';
import { createTestAwsClients } from '../testing/awsClients';
import { SdkCloudWatchAlarmReader } from './CloudWatchAlarmReader';
import { SdkCodePipelineReader } from './CodePipelineReader';

/*
 * AWS's published example answers (and the sparsest answers its API reference allows) replayed
 * at the HTTP layer, through the real SDK clients, into the readers of alarm history, execution
 * details, findings and reports: nothing crashes and every optional field is treated as
 * optional. What happens when such a read fails is the fault matrix's part (optional reads).
 */

const ACCOUNT = '111111111111';
const REGION = 'us-east-1';
const target = { accountId: ACCOUNT, region: REGION };

const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

const clients = () =>
  createTestAwsClients({
    accountId: ACCOUNT,
    regions: [REGION],
    maxAttempts: 1,
  });

describe('AWS documented examples: CloudWatch DescribeAlarmHistory', () => {
  it('reads the documented state updates', async () => {
    server.use(
      awsJsonHandler(CLOUDWATCH_HOSTS, 'GraniteServiceVersion20100801', {
        DescribeAlarmHistory: () => ({ body: describeAlarmHistoryExample }),
      }),
    );
    const items = await new SdkCloudWatchAlarmReader(
      clients(),
    ).describeAlarmHistory(target, 'myalarm');
    expect(items).toEqual([
      {
        timestamp: '2014-04-09T18:59:06.442Z',
        oldState: 'ALARM',
        newState: 'OK',
        summary: 'Alarm updated from ALARM to OK',
        reason:
          'Threshold Crossed: 2 datapoints were not greater than the threshold (70.0). The most recent datapoints: [38.958, 40.292].',
      },
      {
        timestamp: '2014-04-09T18:59:05.805Z',
        oldState: 'OK',
        newState: 'ALARM',
        summary: 'Alarm updated from OK to ALARM',
        reason: 'testing purposes',
      },
    ]);
  });

  it.each([
    ['no items at all', {}, 0],
    ['items with only optional fields missing', describeAlarmHistorySparse, 1],
  ])('treats every field as optional: %s', async (_, body, placed) => {
    server.use(
      awsJsonHandler(CLOUDWATCH_HOSTS, 'GraniteServiceVersion20100801', {
        DescribeAlarmHistory: () => ({ body }),
      }),
    );
    const items = await new SdkCloudWatchAlarmReader(
      clients(),
    ).describeAlarmHistory(target, 'myalarm');
    // An item without a time cannot be placed in the history; one with only a time can.
    expect(items).toEqual(
      [
        {
          timestamp: '2014-04-09T18:59:06.442Z',
          oldState: 'UNKNOWN',
          newState: 'UNKNOWN',
          summary: '',
          reason: undefined,
        },
      ].slice(0, placed),
    );
  });
});

describe('AWS documented examples: CodePipeline GetPipelineExecution', () => {
  const executionId = '0e4a7b1c-adfc-488e-bf4c-1111111720d3';

  it('reads the documented execution', async () => {
    server.use(
      awsJsonHandler(CODEPIPELINE_HOSTS, 'CodePipeline_20150709', {
        GetPipelineExecution: input => ({
          body: getPipelineExecutionExample(
            input.pipelineName,
            input.pipelineExecutionId,
          ),
        }),
      }),
    );
    const execution = await new SdkCodePipelineReader(
      clients(),
    ).getPipelineExecution(target, 'myPipeline', executionId);
    expect(execution).toMatchObject({
      pipelineExecutionId: executionId,
      status: 'Succeeded',
      artifactRevisions: [
        {
          created: new Date('2020-05-08T17:45:43Z'),
          revisionId: 'EXAMPLEad99dcd35914c00b7fbea139951111111',
        },
      ],
    });
  });

  it.each(getPipelineExecutionSparse.map(body => [JSON.stringify(body), body]))(
    'treats every field as optional: %s',
    async (_, body) => {
      server.use(
        awsJsonHandler(CODEPIPELINE_HOSTS, 'CodePipeline_20150709', {
          GetPipelineExecution: () => ({ body }),
        }),
      );
      const execution = await new SdkCodePipelineReader(
        clients(),
      ).getPipelineExecution(target, 'myPipeline', executionId);
      // What the refresh takes from it: the source revisions' times, none here.
      expect(
        (execution?.artifactRevisions ?? [])
          .map(r => r.created?.toISOString())
          .filter(Boolean),
      ).toEqual([]);
    },
  );
});

describe('AWS documented examples: Security Hub GetFindings', () => {
  const scope = {
    pipelineArn: PIPELINE_ARN,
    pipelineName: PIPELINE_NAME,
    tags: SERVICE_TAGS,
  };
  const reader = () =>
    new SecurityHubFindingsReader({ client: testClientFactory().securityHub });

  it('reads the documented finding', async () => {
    server.use(
      http.post(`https://securityhub.${REGION}.amazonaws.com/findings`, () =>
        HttpResponse.json(getFindingsExample(ACCOUNT, REGION)),
      ),
    );
    const findings = await reader().readFindings(target, scope);
    expect(findings).toEqual([
      expect.objectContaining({
        severity: 'CRITICAL',
        title: '1.13 Ensure MFA is enabled for the "root" account',
        resource: `AWS::::Account:${ACCOUNT}`,
        firstSeenAt: '2020-05-21T20:16:34.752Z',
        lastSeenAt: '2020-06-09T08:16:37.171Z',
        status: 'NOTIFIED',
      }),
    ]);
  });

  it('treats every optional field as optional', async () => {
    server.use(
      http.post(`https://securityhub.${REGION}.amazonaws.com/findings`, () =>
        HttpResponse.json(getFindingsSparse(ACCOUNT, REGION)),
      ),
    );
    const findings = await reader().readFindings(target, scope);
    expect(findings).toEqual([
      expect.objectContaining({
        title: 'A finding with only the required fields',
        firstSeenAt: '2020-06-02T14:02:49.159Z',
        lastSeenAt: '2020-06-02T14:02:52.397Z',
      }),
    ]);
  });
});

describe('AWS documented examples: CodeBuild BatchGetReports', () => {
  const scope = {
    pipelineArn: PIPELINE_ARN,
    pipelineName: PIPELINE_NAME,
    tags: SERVICE_TAGS,
  };
  const groupName = `${PIPELINE_NAME}-UnitTests-junit`;
  const groupArn = `arn:aws:codebuild:${REGION}:${ACCOUNT}:report-group/${groupName}`;
  const reportArns = [
    `arn:aws:codebuild:${REGION}:${ACCOUNT}:report/${groupName}:11111111-1111-4111-8111-111111111111`,
    `arn:aws:codebuild:${REGION}:${ACCOUNT}:report/${groupName}:22222222-2222-4222-8222-222222222222`,
  ];
  const buildArn = `arn:aws:codebuild:${REGION}:${ACCOUNT}:build/test-reports:33333333-3333-4333-8333-333333333333`;

  function codeBuildAnswering(batchGetReports: unknown) {
    return awsJsonOperations(
      `https://codebuild.${REGION}.amazonaws.com/`,
      'CodeBuild_20161006',
      {
        ListReportGroups: () => ({ reportGroups: [groupArn] }),
        ListReportsForReportGroup: () => ({ reports: reportArns }),
        BatchGetReports: () => batchGetReports,
      },
    );
  }
  const reader = () =>
    new CodeBuildReportsReader({
      client: testClientFactory().codeBuild,
      includeFailedTestCases: false,
    });

  it('reads the documented reports', async () => {
    server.use(
      codeBuildAnswering(
        batchGetReportsExample(reportArns, groupArn, groupName, buildArn),
      ),
    );
    const { reports } = await reader().readReports(target, scope);
    // Both documented reports are of one group: the group's newest is kept (no run of the board
    // names a build here), the report the Tests section shows (reportsOfShownRuns).
    expect(reports).toEqual([
      {
        arn: reportArns[0],
        buildId: 'test-reports:33333333-3333-4333-8333-333333333333',
        type: 'TEST',
        reportGroup: groupName,
        status: 'FAILED',
        createdAt: '2020-10-01T18:25:22.531Z',
        testStatusCounts: {
          ERROR: 5,
          FAILED: 1,
          SKIPPED: 4,
          SUCCEEDED: 18,
          UNKNOWN: 0,
        },
        testTotal: 28,
      },
    ]);
  });

  it('treats every field as optional', async () => {
    server.use(codeBuildAnswering(batchGetReportsSparse(reportArns)));
    const { reports } = await reader().readReports(target, scope);
    // A report without a type cannot be shown as a test or coverage report.
    expect(reports).toEqual([]);
  });
});
