import { readCodeBuildEnvironmentVariables } from '@dpra/pipeline-contract';
import { terraformEvaluatedLiteral } from '@dpra/stacks';
import { parse } from 'yaml';
import type { SynthesizedPipeline } from './pipelineFromTerraform';
import { type TerraformStack, arnOf } from './terraformJson';

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
  /**
   * For a step that reads Image Builder's scan findings (`imagebuilder list-image-scan-findings`):
   * the stack's image pipeline and the recipe version its builds are numbered under.
   */
  imageBuilder?: SynthesizedImageBuilder;
}

/**
 * The EC2 Image Builder pipeline of a stack, as its image build version ARNs name it.
 *
 * @public
 */
export interface SynthesizedImageBuilder {
  imagePipelineArn: string;
  /** The recipe's name and semantic version: `image/<name>/<version>/<build>`. */
  recipeName: string;
  recipeVersion: string;
}

const IMAGE_SCAN_CALL = 'imagebuilder list-image-scan-findings';

/** The stack's image pipeline with its recipe; throws when a scan step has none to read. */
function imageBuilderOf(stack: TerraformStack): SynthesizedImageBuilder {
  const [pipeline, ...more] = stack.resources(
    'aws_imagebuilder_image_pipeline',
  );
  const [recipe] = stack.resources('aws_imagebuilder_image_recipe');
  if (!pipeline || more.length > 0 || !recipe) {
    throw new Error(
      `${stack.name}: an image scan step needs exactly one aws_imagebuilder_image_pipeline and its recipe in the stack`,
    );
  }
  const placement = stack.placement(pipeline.body);
  return {
    imagePipelineArn: arnOf('aws_imagebuilder_image_pipeline', {
      ...placement,
      name: stack.resolve(pipeline.body.name, pipeline.body),
    }),
    recipeName: stack.resolve(recipe.body.name, recipe.body).toLowerCase(),
    recipeVersion: stack.resolve(recipe.body.version, recipe.body),
  };
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
          ...(phase.commands.some(c => c.includes(IMAGE_SCAN_CALL))
            ? { imageBuilder: imageBuilderOf(stack) }
            : {}),
        });
      }
    }
  }
  return steps;
}
