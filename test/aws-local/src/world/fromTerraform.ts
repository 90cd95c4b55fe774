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
  };
  for (const [name, json] of Object.entries(stacks)) {
    const stack = new TerraformStack(name, json);
    result.pipelines.push(...pipelinesFromStack(stack));
    result.alarms.push(...alarmsFromStack(stack));
    result.reportGroups.push(...reportGroupsFromStack(stack));
  }
  return result;
}

export type { SynthesizedPipeline } from './pipelineFromTerraform';
export type {
  SynthesizedAlarm,
  SynthesizedReportGroup,
} from './alarmsFromTerraform';
export type { TerraformStackJson, TerraformAwsProvider } from './terraformJson';
