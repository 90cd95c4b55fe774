import type { SeededRandom } from './seededRandom';
import type { ActionRun, CodeBuildReportRecord } from './types';

const DAY = 24 * 60 * 60_000;

/**
 * The newest unit-test report of each pipeline: the figures the tests assert. `failed` is what a
 * run whose tests failed reports; a run whose tests passed reports none (the generated test step
 * runs the team's test command, so failing tests fail the build and its action). @public
 */
export const LATEST_TEST_REPORT = { total: 412, failed: 3, skipped: 4 };
const SUITES = [
  'OrderServiceTest',
  'PricingTest',
  'InventoryClientTest',
  'ApiContractTest',
  'RepositoryTest',
];

/**
 * A test report for each of the most recent finished runs of the actions whose builds report into
 * the group; a report's `executionId` is the build the action ran, and it has failed tests exactly
 * when the run failed. The newest carries {@link LATEST_TEST_REPORT}. (The stacks declare test report groups only, so the world has no
 * coverage reports.)
 */
export function reportsOfRuns(
  runs: ActionRun[],
  groups: {
    region: string;
    accountId: string;
    test: { arn: string; name: string };
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
    // The build's outcome is its tests': failures only in the report of a failed run.
    const failing = random.int(1, LATEST_TEST_REPORT.failed);
    let failed = 0;
    if (run.status === 'Failed') {
      failed = latest ? LATEST_TEST_REPORT.failed : failing;
    }
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
  });
  return reports;
}
