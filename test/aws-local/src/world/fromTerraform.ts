import {
  SynthesizedAlarm,
  SynthesizedReportGroup,
  alarmsFromStack,
  reportGroupsFromStack,
} from './alarmsFromTerraform';
import {
  SynthesizedPipeline,
  pipelinesFromStack,
} from './pipelineFromTerraform';
import { SynthesizedImportStep, importStepsFromStack } from './importSteps';
import {
  SynthesizedAppConfigApplication,
  appConfigFromStack,
  mergeAppConfigApplications,
} from './appConfigFromTerraform';
import { TerraformStack, TerraformStackJson } from './terraformJson';

/**
 * What the stacks of one or more specs declare, in the shapes the AWS read APIs answer with.
 *
 * @public
 */
export interface SynthesizedDeclarations {
  /** GetPipeline / ListTagsForResource answers, one per `aws_codepipeline`. */
  pipelines: SynthesizedPipeline[];
  /** DescribeAlarms configurations (metric and composite alarms). */
  alarms: SynthesizedAlarm[];
  /** BatchGetReportGroups answers. */
  reportGroups: SynthesizedReportGroup[];
  /** The build steps that import findings into Security Hub (run by the world's builds). */
  importSteps: SynthesizedImportStep[];
  /** The AppConfig applications of ConfigPipeline environment stacks, one view per region. */
  appConfig?: SynthesizedAppConfigApplication[];
}

/**
 * Converts synthesized Terraform JSON (`cdk.tf.json` per stack, keyed by stack name, as
 * `dpra synth` writes them) into what AWS would answer once it is applied: the
 * PipelineDeclaration of every `aws_codepipeline` (GetPipeline's shape), its tags, the CloudWatch
 * metric and composite alarms, and the CodeBuild report groups. Terraform references are resolved
 * as the AWS provider fills them in; one the world cannot resolve throws, naming it.
 *
 * @public
 */
export function declarationsFromTerraform(
  stacks: Record<string, TerraformStackJson>,
): SynthesizedDeclarations {
  const result: SynthesizedDeclarations = {
    pipelines: [],
    alarms: [],
    reportGroups: [],
    importSteps: [],
    appConfig: [],
  };
  for (const [name, json] of Object.entries(stacks)) {
    const stack = new TerraformStack(name, json);
    const pipelines = pipelinesFromStack(stack);
    result.pipelines.push(...pipelines);
    result.importSteps.push(...importStepsFromStack(stack, pipelines));
    result.alarms.push(...alarmsFromStack(stack));
    result.reportGroups.push(...reportGroupsFromStack(stack));
    result.appConfig!.push(...appConfigFromStack(stack));
  }
  result.appConfig = mergeAppConfigApplications(result.appConfig!);
  return result;
}

export type { SynthesizedPipeline } from './pipelineFromTerraform';
export type {
  SynthesizedAlarm,
  SynthesizedReportGroup,
} from './alarmsFromTerraform';
export type { TerraformStackJson, TerraformAwsProvider } from './terraformJson';
export type { SynthesizedImportStep } from './importSteps';
export type {
  SynthesizedAppConfigApplication,
  SynthesizedAppConfigEnvironment,
  SynthesizedAppConfigStrategy,
} from './appConfigFromTerraform';
