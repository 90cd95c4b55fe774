import { SeededRandom } from './seededRandom';
import {
  ActionRun,
  CodeBuildReportGroupRecord,
  CodeBuildReportRecord,
  PipelineExecutionRecord,
  ScenarioPipeline,
} from './types';

const DAY = 24 * 60 * 60_000;

/** The newest unit-test report of each pipeline: the figures the tests and the demo assert. @public */
export const LATEST_TEST_REPORT = { total: 412, failed: 3, skipped: 4 };
/** The newest coverage report of each pipeline (81.4 % lines, 72.5 % branches). @public */
export const LATEST_COVERAGE = {
  linesCovered: 8140,
  linesMissed: 1860,
  branchesCovered: 1450,
  branchesMissed: 550,
};

const SUITES = [
  'OrderServiceTest',
  'PricingTest',
  'InventoryClientTest',
  'ApiContractTest',
  'RepositoryTest',
];

/**
 * CodeBuild report groups (unit tests, coverage) and reports of each pipeline, one pair per UnitTests
 * run of its recent executions; the report's `executionId` is the build the pipeline action ran.
 */
export function buildReports(
  pipelines: ScenarioPipeline[],
  executionsOf: (pipeline: string) => PipelineExecutionRecord[],
  random: SeededRandom,
): { groups: CodeBuildReportGroupRecord[]; reports: CodeBuildReportRecord[] } {
  const groups: CodeBuildReportGroupRecord[] = [];
  const reports: CodeBuildReportRecord[] = [];
  for (const p of pipelines) {
    if (!p.stages.some(s => s.actions.some(a => a.name === 'UnitTests')))
      continue;
    const region = p.region;
    const groupArn = (name: string) =>
      `arn:aws:codebuild:${region}:${p.accountId}:report-group/${name}`;
    const testGroup = `${p.name}-UnitTests`;
    const coverageGroup = `${p.name}-Coverage`;
    groups.push(
      {
        region,
        arn: groupArn(testGroup),
        name: testGroup,
        type: 'TEST',
        created: p.created,
        tags: p.tags,
      },
      {
        region,
        arn: groupArn(coverageGroup),
        name: coverageGroup,
        type: 'CODE_COVERAGE',
        created: p.created,
        tags: p.tags,
      },
    );
    const runs = executionsOf(p.name)
      .flatMap(e =>
        e.stageRuns
          .filter(s => s.stageName === 'Build')
          .flatMap(s => s.actions),
      )
      .filter(a => a.actionName === 'UnitTests');
    reports.push(
      ...reportsOfRuns(
        runs,
        {
          region,
          accountId: p.accountId,
          test: { arn: groupArn(testGroup), name: testGroup },
          coverage: { arn: groupArn(coverageGroup), name: coverageGroup },
        },
        random,
      ),
    );
  }
  reports.sort((a, b) => b.created.getTime() - a.created.getTime());
  return { groups, reports };
}

/**
 * A test report (and, with a coverage group, a coverage report) for each of the most recent
 * finished runs of the actions whose builds report into the groups; a report's `executionId` is
 * the build the action ran. The newest carries {@link LATEST_TEST_REPORT} / {@link LATEST_COVERAGE}.
 */
export function reportsOfRuns(
  runs: ActionRun[],
  groups: {
    region: string;
    accountId: string;
    test: { arn: string; name: string };
    coverage?: { arn: string; name: string };
  },
  random: SeededRandom,
): CodeBuildReportRecord[] {
  const { region, accountId } = groups;
  const reports: CodeBuildReportRecord[] = [];
  const recent = runs
    .filter(a => a.status !== 'InProgress' && a.externalExecutionId)
    .sort((a, b) => b.lastUpdateTime.getTime() - a.lastUpdateTime.getTime())
    .slice(0, 6);
  recent.forEach((run, index) => {
    const latest = index === 0;
    const buildArn = `arn:aws:codebuild:${region}:${accountId}:build/${run.externalExecutionId}`;
    const failed = latest ? LATEST_TEST_REPORT.failed : random.int(0, 2);
    const skipped = latest ? LATEST_TEST_REPORT.skipped : random.int(2, 5);
    const total = latest
      ? LATEST_TEST_REPORT.total
      : LATEST_TEST_REPORT.total - index * random.int(1, 3);
    const testId = random.uuid();
    const testCases: CodeBuildReportRecord['testCases'] = [];
    for (let i = 0; i < total; i++) {
      let status = 'SUCCEEDED';
      if (i < failed) status = 'FAILED';
      else if (i < failed + skipped) status = 'SKIPPED';
      const suite = SUITES[i % SUITES.length];
      testCases.push({
        testRawDataPath: `build/test-results/test/TEST-com.acme.${suite}.xml`,
        prefix: `com.acme.${suite}`,
        name: `case${String(i + 1).padStart(3, '0')}${
          status === 'FAILED' ? 'RejectsStaleQuote' : ''
        }`,
        status,
        durationInNanoSeconds: (5 + (i % 40)) * 1_000_000,
        ...(status === 'FAILED'
          ? {
              message: `expected: <200> but was: <409> (com.acme.${suite}.java:${
                40 + i
              })`,
            }
          : {}),
        testSuiteName: `com.acme.${suite}`,
      });
    }
    const created = run.lastUpdateTime;
    reports.push({
      region,
      arn: `arn:aws:codebuild:${region}:${accountId}:report/${groups.test.name}:${testId}`,
      type: 'TEST',
      name: `${groups.test.name}-${testId}`,
      reportGroupArn: groups.test.arn,
      executionId: buildArn,
      status: failed > 0 ? 'FAILED' : 'SUCCEEDED',
      created,
      expired: new Date(created.getTime() + 30 * DAY),
      exportConfig: { exportConfigType: 'NO_EXPORT' },
      truncated: false,
      testSummary: {
        total,
        statusCounts: {
          SUCCEEDED: total - failed - skipped,
          FAILED: failed,
          SKIPPED: skipped,
          ERROR: 0,
          UNKNOWN: 0,
        },
        durationInNanoSeconds: testCases.reduce(
          (n, c) => n + c.durationInNanoSeconds,
          0,
        ),
      },
      testCases,
    });
    if (!groups.coverage) return;
    const coverageId = random.uuid();
    const covered = latest
      ? LATEST_COVERAGE.linesCovered
      : LATEST_COVERAGE.linesCovered - index * random.int(10, 40);
    const missed = latest
      ? LATEST_COVERAGE.linesMissed
      : LATEST_COVERAGE.linesMissed + index * random.int(5, 20);
    const bCovered = latest
      ? LATEST_COVERAGE.branchesCovered
      : LATEST_COVERAGE.branchesCovered - index * 5;
    const bMissed = latest
      ? LATEST_COVERAGE.branchesMissed
      : LATEST_COVERAGE.branchesMissed + index * 3;
    reports.push({
      region,
      arn: `arn:aws:codebuild:${region}:${accountId}:report/${groups.coverage.name}:${coverageId}`,
      type: 'CODE_COVERAGE',
      name: `${groups.coverage.name}-${coverageId}`,
      reportGroupArn: groups.coverage.arn,
      executionId: buildArn,
      status: 'SUCCEEDED',
      created,
      expired: new Date(created.getTime() + 30 * DAY),
      exportConfig: { exportConfigType: 'NO_EXPORT' },
      truncated: false,
      codeCoverageSummary: {
        lineCoveragePercentage:
          Math.round((covered / (covered + missed)) * 1000) / 10,
        linesCovered: covered,
        linesMissed: missed,
        branchCoveragePercentage:
          Math.round((bCovered / (bCovered + bMissed)) * 1000) / 10,
        branchesCovered: bCovered,
        branchesMissed: bMissed,
      },
      testCases: [],
    });
  });
  return reports;
}
