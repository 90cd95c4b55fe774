import { renderInTestApp } from '@backstage/test-utils';
import { screen } from '@testing-library/react';
import type { PipelineView, ReportView } from '@dpra/plugin-pipelines-common';
import { makeDemoPipeline } from '../../testing';
import { TestReports } from './TestReports';

jest.setTimeout(20_000);

/*
 * The disagreement the Tests section used to show: the UnitTests action of the board is green
 * (its latest run, build A, passed) while the report group's newest report is of another run's
 * build B, which failed 3 tests. The section shows the report of the run the board shows.
 */

const GROUP = 'orders-service-unit-tests';
const PASSED_BUILD =
  'orders-service-BuildAndUnitTest:0a1b2c3d-aaaa-4bbb-8ccc-000000000001';
const FAILED_BUILD =
  'orders-service-BuildAndUnitTest:0a1b2c3d-aaaa-4bbb-8ccc-000000000002';

function report(
  id: string,
  buildId: string,
  counts: { SUCCEEDED: number; FAILED: number },
  createdAt: string,
): ReportView {
  return {
    arn: `arn:aws:codebuild:eu-west-1:111122223333:report/${GROUP}:${id}`,
    type: 'TEST',
    reportGroup: GROUP,
    status: counts.FAILED > 0 ? 'FAILED' : 'SUCCEEDED',
    createdAt,
    buildId,
    testStatusCounts: { ...counts, SKIPPED: 2 },
    testTotal: counts.SUCCEEDED + counts.FAILED + 2,
  };
}

/** The newer report failed; the older one is of the build the board's action ran. */
const reports = [
  report(
    'new',
    FAILED_BUILD,
    { SUCCEEDED: 245, FAILED: 3 },
    '2026-01-15T11:00:00Z',
  ),
  report(
    'old',
    PASSED_BUILD,
    { SUCCEEDED: 248, FAILED: 0 },
    '2026-01-15T10:00:00Z',
  ),
];

/** The demo pipeline whose Build stage's unit-test action last ran `buildId` with `status`. */
function pipelineWhoseActionRan(
  buildId: string,
  status: 'Succeeded' | 'Failed',
): PipelineView {
  const pipeline = makeDemoPipeline();
  return {
    ...pipeline,
    stages: pipeline.stages.map(stage =>
      stage.name !== 'Build'
        ? stage
        : {
            ...stage,
            actions: stage.actions.map(a =>
              a.name !== 'BuildAndUnitTest'
                ? a
                : {
                    ...a,
                    status,
                    externalExecutionId: buildId,
                    pipelineExecutionId: 'c0ffee00-1111-4222-8333-444455556666',
                  },
            ),
          },
    ),
  };
}

describe('TestReports', () => {
  it('GIVEN the action passed and a newer build of another run failed THEN the section shows the passing run, not "3 failed"', async () => {
    await renderInTestApp(
      <TestReports
        reports={reports}
        pipelines={[pipelineWhoseActionRan(PASSED_BUILD, 'Succeeded')]}
      />,
    );
    expect(screen.getAllByTestId('test-report')).toHaveLength(1);
    expect(screen.getByTestId('test-report')).toHaveTextContent(
      `${GROUP}: 248 passed, 0 failed, 2 skipped of 250`,
    );
    expect(screen.getByTestId('test-report-run')).toHaveTextContent(
      'Build › BuildAndUnitTest · run c0ffee00 (Succeeded)',
    );
    expect(screen.queryByText(/3 failed/)).not.toBeInTheDocument();
  });

  it("GIVEN the action's run is the failing build THEN the section says its 3 failures, for that run", async () => {
    await renderInTestApp(
      <TestReports
        reports={reports}
        pipelines={[pipelineWhoseActionRan(FAILED_BUILD, 'Failed')]}
      />,
    );
    expect(screen.getByTestId('test-report')).toHaveTextContent(
      `${GROUP}: 245 passed, 3 failed, 2 skipped of 250`,
    );
    expect(screen.getByTestId('test-report-run')).toHaveTextContent(
      'Build › BuildAndUnitTest · run c0ffee00 (Failed)',
    );
  });

  it('GIVEN no run on the board made a report of the group THEN its newest report says so', async () => {
    await renderInTestApp(
      <TestReports reports={reports} pipelines={[makeDemoPipeline()]} />,
    );
    expect(screen.getByTestId('test-report')).toHaveTextContent(
      `${GROUP}: 245 passed, 3 failed`,
    );
    expect(screen.getByTestId('test-report-run')).toHaveTextContent(
      `build ${FAILED_BUILD}, not a run the board shows`,
    );
  });
});
