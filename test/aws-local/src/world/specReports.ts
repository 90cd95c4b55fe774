import { reportsOfRuns } from '../scenario/reports';
import type { SeededRandom } from '../scenario/seededRandom';
import type {
  CodeBuildReportGroupRecord,
  CodeBuildReportRecord,
  PipelineExecutionRecord,
  ScenarioPipeline,
} from '../scenario/types';
import type { SynthesizedReportGroup } from './alarmsFromTerraform';

/**
 * The synthesized report groups and their reports: a group receives a report from each recent
 * run of the pipeline actions whose CodeBuild project reports into it (the project's buildspec
 * names the group).
 */
export function reportsOfSynthesizedGroups(
  synthesized: SynthesizedReportGroup[],
  pipelines: ScenarioPipeline[],
  executionsOf: (pipeline: string) => PipelineExecutionRecord[],
  created: Date,
  random: SeededRandom,
): { groups: CodeBuildReportGroupRecord[]; reports: CodeBuildReportRecord[] } {
  const groups: CodeBuildReportGroupRecord[] = synthesized.map(g => ({
    region: g.region,
    arn: g.reportGroup.arn,
    name: g.reportGroup.name,
    type: g.reportGroup.type,
    created,
    tags: (g.reportGroup.tags ?? []).map(t => ({
      key: t.key ?? '',
      value: t.value ?? '',
    })),
  }));
  const reports: CodeBuildReportRecord[] = [];
  for (const group of synthesized) {
    if (group.reportGroup.type !== 'TEST') continue;
    const projects = new Set(group.projectNames);
    for (const pipeline of pipelines) {
      const actions = new Set(
        pipeline.stages.flatMap(s =>
          s.actions
            .filter(a => projects.has(a.configuration.ProjectName))
            .map(a => `${s.name}/${a.name}`),
        ),
      );
      if (actions.size === 0) continue;
      const runs = executionsOf(pipeline.name).flatMap(e =>
        e.stageRuns.flatMap(s =>
          s.actions.filter(a => actions.has(`${s.stageName}/${a.actionName}`)),
        ),
      );
      reports.push(
        ...reportsOfRuns(
          runs,
          {
            region: group.region,
            accountId: group.accountId,
            test: { arn: group.reportGroup.arn, name: group.reportGroup.name },
          },
          random,
        ),
      );
    }
  }
  reports.sort((a, b) => b.created.getTime() - a.created.getTime());
  return { groups, reports };
}
