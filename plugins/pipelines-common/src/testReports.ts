import type { ReportView, StageStateView } from './generated/models';

/*
 * The reports of a run, defined once. A CodeBuild report names the build that produced it
 * (`executionId`, the build ARN); a CodePipeline action run names the build it ran
 * (`externalExecutionId`, the build id). The Tests section shows, for each report group, the
 * report of the build the run on the board ran, so the section and the action it belongs to
 * speak of the same run; the backend reads reports with the same rule.
 */

/**
 * The build id (`<project>:<build run id>`) of a CodeBuild build ARN
 * (`arn:aws:codebuild:<region>:<account>:build/<project>:<build run id>`) or build id.
 *
 * @public
 */
export function codeBuildBuildId(buildArnOrId: string): string {
  const marker = ':build/';
  const at = buildArnOrId.indexOf(marker);
  return at >= 0 ? buildArnOrId.slice(at + marker.length) : buildArnOrId;
}

/**
 * One action run the board shows: the latest run of a stage's action.
 *
 * @public
 */
export interface ShownActionRun {
  stageName: string;
  actionName: string;
  status: StageStateView['actions'][number]['status'];
  pipelineExecutionId?: string;
  /** The build the run ran. */
  buildId: string;
}

/**
 * The builds the board's action runs ran, by build id: every action of `stages` whose latest run
 * names an external run.
 *
 * @public
 */
export function shownActionRuns(
  stages: readonly StageStateView[],
): Map<string, ShownActionRun> {
  const runs = new Map<string, ShownActionRun>();
  for (const stage of stages) {
    for (const action of stage.actions) {
      if (!action.externalExecutionId) continue;
      const buildId = codeBuildBuildId(action.externalExecutionId);
      runs.set(buildId, {
        stageName: stage.name,
        actionName: action.name,
        status: action.status,
        pipelineExecutionId:
          action.pipelineExecutionId ?? stage.pipelineExecutionId,
        buildId,
      });
    }
  }
  return runs;
}

/**
 * Failed test cases of a test report: CodeBuild's FAILED and ERROR counts.
 *
 * @public
 */
export function testReportFailures(report: ReportView): number {
  const counts = report.testStatusCounts ?? {};
  return (counts.FAILED ?? 0) + (counts.ERROR ?? 0);
}

/**
 * Whether a test report says its tests failed: a failed case, or CodeBuild's FAILED status.
 *
 * @public
 */
export function testReportFailed(report: ReportView): boolean {
  return testReportFailures(report) > 0 || report.status === 'FAILED';
}

/**
 * A report with the action run it belongs to, when that run is on the board.
 *
 * @public
 */
export interface ReportOfRun<TRun = ShownActionRun> {
  report: ReportView;
  /** The run on the board that produced the report; absent when no shown run did. */
  run?: TRun;
}

/**
 * The reports of the runs on the board: for each report group, the report of the build an
 * action's latest run ran, else (no shown run reported into the group yet) the group's newest,
 * without a run. One report per group, in the order the groups first appear. `runs` is keyed by
 * build id ({@link shownActionRuns}).
 *
 * @public
 */
export function reportsOfShownRuns<TRun = ShownActionRun>(
  reports: readonly ReportView[],
  runs: ReadonlyMap<string, TRun>,
): Array<ReportOfRun<TRun>> {
  const byGroup = new Map<string, ReportView[]>();
  for (const report of reports) {
    const group = report.reportGroup ?? report.arn;
    byGroup.set(group, [...(byGroup.get(group) ?? []), report]);
  }
  return [...byGroup.values()].map(ofGroup => {
    const shown = ofGroup.find(r => r.buildId && runs.has(r.buildId));
    if (shown) return { report: shown, run: runs.get(shown.buildId!) };
    const newest = [...ofGroup].sort((a, b) =>
      (b.createdAt ?? '').localeCompare(a.createdAt ?? ''),
    )[0];
    return { report: newest };
  });
}
