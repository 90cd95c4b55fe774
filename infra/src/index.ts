/**
 * DPRA pipeline spec and cdktf stacks: validate a spec, synthesize Terraform JSON for the three
 * DPRA pipeline kinds, and write a cdktf project. Node-only; no Backstage imports.
 *
 * @packageDocumentation
 */

export { AWS_REGIONS, type AwsRegion } from './spec/awsRegions';
export {
  PIPELINE_KINDS,
  SPEC_API_VERSION,
  appPipelineSchema,
  imagePipelineSchema,
  accountFleetPipelineSchema,
  pipelineSpecSchema,
  type AppPipelineSpec,
  type ImagePipelineSpec,
  type AccountFleetPipelineSpec,
  type PipelineSpec,
  type PipelineSpecInput,
} from './spec/schema';
export { durationMinutes, deploymentWindowCronProblem } from './spec/scalars';
export {
  validateSpec,
  parseSpecYaml,
  assertValidSpec,
  formatIssues,
  formatPath,
  SpecValidationError,
  type SpecIssue,
  type SpecValidationResult,
} from './spec/validate';
export { pipelineSpecJsonSchema } from './spec/jsonSchema';
