import { StatusError, StatusOK } from '@backstage/core-components';
import {
  type PipelineView,
  type ReportOfRun,
  type ReportView,
  reportsOfShownRuns,
  shownActionRuns,
  testReportFailed,
  testReportFailures,
} from '@dpra/plugin-pipelines-common';
import LinearProgress from '@material-ui/core/LinearProgress';
import Typography from '@material-ui/core/Typography';
import { useMemo } from 'react';
import { useLayout } from '../layout';

/** Which run a report is of: the stage, action and run on the board, or that no shown run made it. */
function runLabel({ report, run }: ReportOfRun): string {
  if (run) {
    const execution = run.pipelineExecutionId
      ? ` · run ${run.pipelineExecutionId.slice(0, 8)}`
      : '';
    return `${run.stageName} › ${run.actionName}${execution} (${run.status})`;
  }
  return report.buildId
    ? `build ${report.buildId}, not a run the board shows`
    : 'not a run the board shows';
}

function TestReport(props: { of: ReportOfRun }) {
  const { report } = props.of;
  const counts = report.testStatusCounts ?? {};
  const text = `${report.reportGroup ?? report.arn}: ${
    counts.SUCCEEDED ?? 0
  } passed, ${testReportFailures(report)} failed, ${
    counts.SKIPPED ?? 0
  } skipped of ${report.testTotal ?? 0}`;
  return (
    <div data-testid="test-report">
      {testReportFailed(report) ? (
        <StatusError>{text}</StatusError>
      ) : (
        <StatusOK>{text}</StatusOK>
      )}
      <Typography
        variant="caption"
        color="textSecondary"
        component="div"
        data-testid="test-report-run"
        style={{ overflowWrap: 'anywhere' }}
      >
        {runLabel(props.of)}
      </Typography>
    </div>
  );
}

function CoverageReport(props: { report: ReportView }) {
  const { report } = props;
  const lines = report.lineCoveragePercentage;
  const layout = useLayout();
  return (
    <div data-testid="coverage-report" className={layout.my1}>
      <Typography variant="body2">
        {report.reportGroup ?? 'Coverage'}:{' '}
        {lines !== undefined
          ? `${lines.toFixed(1)}% lines`
          : 'line coverage not reported'}
        {report.branchCoveragePercentage !== undefined
          ? `, ${report.branchCoveragePercentage.toFixed(1)}% branches`
          : ''}
      </Typography>
      {lines !== undefined && (
        <LinearProgress
          variant="determinate"
          value={Math.max(0, Math.min(100, lines))}
          aria-label={`Line coverage ${lines.toFixed(1)}%`}
        />
      )}
    </div>
  );
}

/**
 * The Tests and coverage section: for each report group, the report of the build that the run on
 * the board ran (`reportsOfShownRuns`, the rule the backend reads reports by), named with its
 * stage, action and run, so that what it counts as failed is that action's run.
 */
export function TestReports(props: {
  reports: readonly ReportView[];
  pipelines?: readonly PipelineView[];
}) {
  const { reports, pipelines } = props;
  const runs = useMemo(
    () => shownActionRuns((pipelines ?? []).flatMap(p => p.stages)),
    [pipelines],
  );
  const tests = useMemo(
    () =>
      reportsOfShownRuns(
        reports.filter(r => r.type === 'TEST'),
        runs,
      ),
    [reports, runs],
  );
  const coverage = reports.filter(r => r.type === 'CODE_COVERAGE');
  const layout = useLayout();
  return (
    <div
      className={layout.mt2}
      aria-label="Test results and coverage"
      role="region"
    >
      <Typography variant="h6" component="h3">
        Tests and coverage
      </Typography>
      {tests.length === 0 && coverage.length === 0 && (
        <Typography variant="body2">
          No test or coverage reports from the build yet.
        </Typography>
      )}
      {tests.map(t => (
        <TestReport key={t.report.arn} of={t} />
      ))}
      {coverage.map(r => (
        <CoverageReport key={r.arn} report={r} />
      ))}
    </div>
  );
}
