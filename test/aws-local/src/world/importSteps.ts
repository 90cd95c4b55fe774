import { readCodeBuildEnvironmentVariables } from '@dpra/pipeline-contract';
import { terraformEvaluatedLiteral } from '@dpra/stacks';
import { parse } from 'yaml';
import type { SynthesizedPipeline } from './pipelineFromTerraform';
import type { TerraformStack } from './terraformJson';

/**
 * A findings import step of a synthesized pipeline: the buildspec phase of the CodeBuild project
 * an action runs that hands findings to Security Hub (`aws securityhub batch-import-findings`),
 * with the variables CodeBuild gives it.
 *
 * @public
 */
export interface SynthesizedImportStep {
  pipelineName: string;
  stageName: string;
  actionName: string;
  /** The toolchain's account and region, where the project runs and imports. */
  accountId: string;
  region: string;
  /** The phase's commands, as Terraform sends them to AWS. */
  commands: string[];
  /**
   * The project's buildspec variables, then the action's environment variables, with the
   * CodePipeline variables they refer to (`#{codepipeline.PipelineExecutionId}`) unresolved.
   */
  env: Record<string, string>;
}

const IMPORT_CALL = 'securityhub batch-import-findings';

/**
 * The findings import steps of the pipelines of a stack: for every CodeBuild action, the phase of
 * its project's buildspec that calls BatchImportFindings.
 */
export function importStepsFromStack(
  stack: TerraformStack,
  pipelines: SynthesizedPipeline[],
): SynthesizedImportStep[] {
  const projects = new Map(
    stack
      .resources('aws_codebuild_project')
      .map(({ body }) => [stack.resolve(body.name, body), body]),
  );
  const steps: SynthesizedImportStep[] = [];
  for (const pipeline of pipelines.filter(p => p.stackName === stack.name)) {
    for (const stage of pipeline.declaration.stages) {
      for (const action of stage.actions ?? []) {
        const project = projects.get(action.configuration?.ProjectName ?? '');
        const text: unknown = project?.source?.buildspec;
        if (typeof text !== 'string' || !text.includes(IMPORT_CALL)) continue;
        const buildspec = parse(terraformEvaluatedLiteral(text));
        const phase = Object.values<{ commands?: string[] }>(
          buildspec.phases ?? {},
        ).find(p => p.commands?.some(c => c.includes(IMPORT_CALL)));
        if (!phase?.commands) continue;
        steps.push({
          pipelineName: pipeline.declaration.name,
          stageName: stage.name!,
          actionName: action.name!,
          accountId: pipeline.accountId,
          region: pipeline.region,
          commands: phase.commands,
          env: {
            ...buildspec.env?.variables,
            ...readCodeBuildEnvironmentVariables(action.configuration),
          },
        });
      }
    }
  }
  return steps;
}
