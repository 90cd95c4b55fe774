import { delay } from 'msw';
import { setupServer } from 'msw/node';
import { CodeBuildReportsReader } from './CodeBuildReportsReader';
import {
  ACCOUNT,
  PIPELINE_ARN,
  PIPELINE_NAME,
  REGION,
  SERVICE_TAGS,
} from './testing/securityHubFindings';
import { codeBuildBuildId } from '@dpra/plugin-pipelines-common';
import {
  BUILD_ARN,
  COVERAGE_GROUP_ARN,
  COVERAGE_REPORT_ARN,
  OTHER_GROUP_ARN,
  PREFIX_LOOKALIKE_GROUP_ARN,
  TAGGED_GROUP_ARN,
  TAGGED_REPORT_ARN,
  UNIT_GROUP,
  UNIT_GROUP_ARN,
  UNIT_REPORT_ARN,
  UNTAGGED_GROUP_ARN,
  PIPELINE_TAGGED_GROUP_ARN,
  coverageReport,
  erroredTestCases,
  failedTestCases,
  reportGroupsWithTags,
  taggedReport,
  unitReport,
} from './testing/codeBuildReports';
import {
  type AwsJsonCall,
  awsJsonError,
  awsJsonOperations,
  testClientFactory,
} from './testing/awsTestClients';

const CODEBUILD_URL = `https://codebuild.${REGION}.amazonaws.com/`;
const TARGET_PREFIX = 'CodeBuild_20161006';
const target = { accountId: ACCOUNT, region: REGION };
const scope = {
  pipelineArn: PIPELINE_ARN,
  pipelineName: PIPELINE_NAME,
  tags: SERVICE_TAGS,
};

const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

const latestReportOfGroup: Record<string, string> = {
  [UNIT_GROUP_ARN]: UNIT_REPORT_ARN,
  [COVERAGE_GROUP_ARN]: COVERAGE_REPORT_ARN,
  [TAGGED_GROUP_ARN]: TAGGED_REPORT_ARN,
};
const allReports = [unitReport, coverageReport, taggedReport];

/** DescribeTestCases of the failing report: its failed cases, or its errored ones. */
const describeTestCases = (input: { filter?: { status?: string } }) => ({
  testCases:
    input.filter?.status === 'FAILED' ? failedTestCases : erroredTestCases,
});

function codeBuildAccount(calls: AwsJsonCall[]) {
  return awsJsonOperations(
    CODEBUILD_URL,
    TARGET_PREFIX,
    {
      ListReportGroups: input =>
        input.nextToken === 'page-2'
          ? {
              reportGroups: [
                COVERAGE_GROUP_ARN,
                TAGGED_GROUP_ARN,
                UNTAGGED_GROUP_ARN,
                PIPELINE_TAGGED_GROUP_ARN,
              ],
            }
          : {
              reportGroups: [
                UNIT_GROUP_ARN,
                OTHER_GROUP_ARN,
                PREFIX_LOOKALIKE_GROUP_ARN,
              ],
              nextToken: 'page-2',
            },
      BatchGetReportGroups: input => ({
        reportGroups: reportGroupsWithTags.filter(g =>
          input.reportGroupArns.includes(g.arn),
        ),
        reportGroupsNotFound: [],
      }),
      ListReportsForReportGroup: input => ({
        reports: latestReportOfGroup[input.reportGroupArn]
          ? [latestReportOfGroup[input.reportGroupArn]]
          : [],
      }),
      BatchGetReports: input => ({
        reports: allReports.filter(r => input.reportArns.includes(r.arn)),
        reportsNotFound: [],
      }),
      DescribeTestCases: describeTestCases,
    },
    calls,
  );
}

describe('CodeBuildReportsReader', () => {
  it("reads the latest test and coverage reports of the pipeline's report groups", async () => {
    const calls: AwsJsonCall[] = [];
    server.use(codeBuildAccount(calls));
    const reader = new CodeBuildReportsReader({
      client: testClientFactory().codeBuild,
      matchReportGroupsByTag: true,
    });

    const { reports, findings } = await reader.readReports(target, scope);

    expect(reports).toEqual([
      {
        arn: COVERAGE_REPORT_ARN,
        type: 'CODE_COVERAGE',
        reportGroup: `${PIPELINE_NAME}-UnitTests-coverage`,
        status: 'SUCCEEDED',
        createdAt: '2026-03-09T10:01:00.000Z',
        buildId: codeBuildBuildId(BUILD_ARN),
        lineCoveragePercentage: 81.4,
        branchCoveragePercentage: 67.25,
      },
      {
        arn: UNIT_REPORT_ARN,
        type: 'TEST',
        reportGroup: UNIT_GROUP,
        status: 'FAILED',
        createdAt: '2026-03-09T10:00:00.000Z',
        buildId: codeBuildBuildId(BUILD_ARN),
        testStatusCounts: {
          ERROR: 1,
          FAILED: 3,
          SKIPPED: 6,
          SUCCEEDED: 402,
          UNKNOWN: 0,
        },
        testTotal: 412,
      },
      {
        arn: TAGGED_REPORT_ARN,
        type: 'TEST',
        reportGroup: 'orders-integration-tests',
        status: 'SUCCEEDED',
        createdAt: '2026-03-08T10:00:00.000Z',
        buildId: codeBuildBuildId(taggedReport.executionId),
        testStatusCounts: {
          ERROR: 0,
          FAILED: 0,
          SKIPPED: 0,
          SUCCEEDED: 57,
          UNKNOWN: 0,
        },
        testTotal: 57,
      },
    ]);

    // Both pages of report groups were listed; only groups not matched by name were fetched for
    // their tags, in one batch.
    const ops = (name: string) => calls.filter(c => c.operation === name);
    expect(ops('ListReportGroups').map(c => c.input.nextToken)).toEqual([
      undefined,
      'page-2',
    ]);
    expect(
      ops('BatchGetReportGroups').map(c => c.input.reportGroupArns),
    ).toEqual([
      [
        OTHER_GROUP_ARN,
        PREFIX_LOOKALIKE_GROUP_ARN,
        TAGGED_GROUP_ARN,
        UNTAGGED_GROUP_ARN,
        PIPELINE_TAGGED_GROUP_ARN,
      ],
    ]);
    expect(ops('ListReportsForReportGroup').map(c => c.input)).toEqual([
      {
        reportGroupArn: UNIT_GROUP_ARN,
        sortOrder: 'DESCENDING',
        maxResults: 5,
      },
      {
        reportGroupArn: COVERAGE_GROUP_ARN,
        sortOrder: 'DESCENDING',
        maxResults: 5,
      },
      {
        reportGroupArn: TAGGED_GROUP_ARN,
        sortOrder: 'DESCENDING',
        maxResults: 5,
      },
      {
        reportGroupArn: PIPELINE_TAGGED_GROUP_ARN,
        sortOrder: 'DESCENDING',
        maxResults: 5,
      },
    ]);
    expect(ops('BatchGetReports')).toHaveLength(1);
    // Only the failing report's failing statuses were asked for test cases.
    expect(ops('DescribeTestCases').map(c => c.input)).toEqual([
      {
        reportArn: UNIT_REPORT_ARN,
        filter: { status: 'FAILED' },
        maxResults: 20,
      },
      {
        reportArn: UNIT_REPORT_ARN,
        filter: { status: 'ERROR' },
        maxResults: 20,
      },
    ]);

    expect(findings).toHaveLength(4);
    expect(findings[0]).toEqual({
      id: `${UNIT_REPORT_ARN}#build/test-results/junit.xml#OrderServiceTest › OrderServiceTest.rejectsNegativeQuantity`,
      severity: 'HIGH',
      title:
        'OrderServiceTest › OrderServiceTest.rejectsNegativeQuantity: expected: <400> but was: <500>',
      tool: 'CodeBuild report',
      category: 'UnitTest',
      resource: UNIT_GROUP,
      firstSeenAt: '2026-03-09T10:00:00.000Z',
      lastSeenAt: '2026-03-09T10:00:00.000Z',
      url: `https://us-east-1.console.aws.amazon.com/codesuite/codebuild/${ACCOUNT}/projects/${PIPELINE_NAME}-UnitTests/build/${PIPELINE_NAME}-UnitTests%3A5c4e2ed4-21d6-4c3e-a8a3-e6e84fa3ac0c/?region=us-east-1`,
      status: 'FAILED',
      pipelineArn: PIPELINE_ARN,
    });
    expect(findings[3].title).toBe(
      'InventoryClientTest › InventoryClientTest.timesOut error',
    );
    expect(new Set(findings.map(f => f.id)).size).toBe(4);
  });

  describe('the reports of the run the board shows', () => {
    // The UnitTests action's latest run (GetPipelineState) ran build A, whose tests passed; a
    // newer build B of the same project — another execution, whose action the board does not
    // show — reported 3 failures into the same group afterwards.
    const PASSED_BUILD = `${PIPELINE_NAME}-UnitTests:1d2e3f40-5a6b-4c7d-8e9f-0a1b2c3d4e5f`;
    const PASSED_REPORT_ARN = `${UNIT_REPORT_ARN.split(':')
      .slice(0, -1)
      .join(':')}:2b3c4d5e-6f70-4a81-92b3-c4d5e6f70819`;
    const passedReport = {
      ...unitReport,
      arn: PASSED_REPORT_ARN,
      executionId: BUILD_ARN.replace(codeBuildBuildId(BUILD_ARN), PASSED_BUILD),
      status: 'SUCCEEDED',
      created: unitReport.created - 3600,
      testSummary: {
        total: 409,
        statusCounts: {
          ERROR: 0,
          FAILED: 0,
          SKIPPED: 6,
          SUCCEEDED: 403,
          UNKNOWN: 0,
        },
        durationInNanoSeconds: 47000000000,
      },
    };
    const groupWithBoth = (calls: AwsJsonCall[]) =>
      awsJsonOperations(
        CODEBUILD_URL,
        TARGET_PREFIX,
        {
          ListReportGroups: () => ({ reportGroups: [UNIT_GROUP_ARN] }),
          // Newest first, as sortOrder DESCENDING asks.
          ListReportsForReportGroup: () => ({
            reports: [UNIT_REPORT_ARN, PASSED_REPORT_ARN],
          }),
          BatchGetReports: input => ({
            reports: [unitReport, passedReport].filter(r =>
              input.reportArns.includes(r.arn),
            ),
            reportsNotFound: [],
          }),
          DescribeTestCases: describeTestCases,
        },
        calls,
      );

    it("GIVEN the action's run passed and a newer build of another run failed THEN the group's report is the passing run's, with no failed test", async () => {
      const calls: AwsJsonCall[] = [];
      server.use(groupWithBoth(calls));
      const reader = new CodeBuildReportsReader({
        client: testClientFactory().codeBuild,
      });

      const { reports, findings } = await reader.readReports(target, {
        ...scope,
        shownBuildIds: [PASSED_BUILD],
      });

      expect(reports).toEqual([
        expect.objectContaining({
          arn: PASSED_REPORT_ARN,
          buildId: PASSED_BUILD,
          status: 'SUCCEEDED',
          testStatusCounts: expect.objectContaining({ FAILED: 0, ERROR: 0 }),
        }),
      ]);
      // The failures of the other run are not this run's: no failed-test finding, no read.
      expect(findings).toEqual([]);
      expect(calls.filter(c => c.operation === 'DescribeTestCases')).toEqual(
        [],
      );
    });

    it("GIVEN the board shows the failing build's run THEN its report and failed tests are read", async () => {
      server.use(groupWithBoth([]));
      const reader = new CodeBuildReportsReader({
        client: testClientFactory().codeBuild,
      });

      const { reports, findings } = await reader.readReports(target, {
        ...scope,
        shownBuildIds: [codeBuildBuildId(BUILD_ARN)],
      });

      expect(reports.map(r => [r.arn, r.status])).toEqual([
        [UNIT_REPORT_ARN, 'FAILED'],
      ]);
      expect(findings).toHaveLength(
        failedTestCases.length + erroredTestCases.length,
      );
    });

    it('GIVEN no shown run reported into the group THEN its newest report is kept', async () => {
      server.use(groupWithBoth([]));
      const reader = new CodeBuildReportsReader({
        client: testClientFactory().codeBuild,
      });

      const { reports } = await reader.readReports(target, scope);

      expect(reports.map(r => r.arn)).toEqual([UNIT_REPORT_ARN]);
    });
  });

  it('skips test cases when asked to, and matches groups by the pipeline tag alone without a service tag', async () => {
    const calls: AwsJsonCall[] = [];
    server.use(codeBuildAccount(calls));
    const reader = new CodeBuildReportsReader({
      client: testClientFactory().codeBuild,
      includeFailedTestCases: false,
      matchReportGroupsByTag: true,
    });
    const { reports, findings } = await reader.readReports(target, {
      ...scope,
      tags: { team: 'orders' },
    });
    expect(reports.map(r => r.arn)).toEqual([
      COVERAGE_REPORT_ARN,
      UNIT_REPORT_ARN,
    ]);
    expect(findings).toEqual([]);
    expect(
      calls
        .filter(c => c.operation === 'ListReportsForReportGroup')
        .map(c => c.input.reportGroupArn),
    ).toEqual([UNIT_GROUP_ARN, COVERAGE_GROUP_ARN, PIPELINE_TAGGED_GROUP_ARN]);
    expect(calls.map(c => c.operation)).not.toContain('DescribeTestCases');
  });

  it("selects report groups by name only by default, without listing every group's tags", async () => {
    const calls: AwsJsonCall[] = [];
    server.use(codeBuildAccount(calls));
    const reader = new CodeBuildReportsReader({
      client: testClientFactory().codeBuild,
    });
    const { reports, findings } = await reader.readReports(target, scope);
    expect(reports.map(r => r.arn)).toEqual([
      COVERAGE_REPORT_ARN,
      UNIT_REPORT_ARN,
    ]);
    expect(findings).toHaveLength(4);
    expect(calls.map(c => c.operation)).not.toContain('BatchGetReportGroups');
  });

  it('lets throttling surface typed', async () => {
    server.use(
      awsJsonOperations(CODEBUILD_URL, TARGET_PREFIX, {
        ListReportGroups: () =>
          awsJsonError(400, 'ThrottlingException', 'Rate exceeded'),
      }),
    );
    const reader = new CodeBuildReportsReader({
      client: testClientFactory().codeBuild,
    });
    await expect(reader.readReports(target, scope)).rejects.toMatchObject({
      name: 'ThrottlingException',
      message: 'Rate exceeded',
      $metadata: { httpStatusCode: 400 },
    });
  });

  it('lets a 5xx in the middle of the reads surface typed', async () => {
    const calls: AwsJsonCall[] = [];
    server.use(
      awsJsonOperations(
        CODEBUILD_URL,
        TARGET_PREFIX,
        {
          ListReportGroups: () => ({ reportGroups: [UNIT_GROUP_ARN] }),
          ListReportsForReportGroup: () => ({ reports: [UNIT_REPORT_ARN] }),
          BatchGetReports: () =>
            awsJsonError(
              503,
              'ServiceUnavailableException',
              'Service unavailable',
            ),
        },
        calls,
      ),
    );
    const reader = new CodeBuildReportsReader({
      client: testClientFactory().codeBuild,
    });
    await expect(reader.readReports(target, scope)).rejects.toMatchObject({
      name: 'ServiceUnavailableException',
      $metadata: { httpStatusCode: 503 },
    });
  });

  it('gives up when the caller aborts', async () => {
    server.use(
      awsJsonOperations(CODEBUILD_URL, TARGET_PREFIX, {
        ListReportGroups: async () => {
          await delay(5_000);
          return { reportGroups: [] };
        },
      }),
    );
    const reader = new CodeBuildReportsReader({
      client: testClientFactory().codeBuild,
    });
    await expect(
      reader.readReports(target, scope, {
        abortSignal: AbortSignal.timeout(100),
      }),
    ).rejects.toMatchObject({ name: 'AbortError' });
  });
});
