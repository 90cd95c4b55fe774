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
export { synthesize, addPipelineStacks, type SynthResult } from './synthesize';
export {
  STAGE,
  ACTION,
  RULE,
  ALARM,
  ROLE,
  type EnvironmentName,
} from './naming';
export {
  DpraStack,
  AWS_PROVIDER_CONSTRAINT,
  type DpraStackProps,
} from './stacks/DpraStack';
export {
  AppToolchainStack,
  AppEnvironmentStack,
  addAppPipelineStacks,
  environmentStackName,
  type AppToolchainStackProps,
  type AppEnvironmentStackProps,
} from './stacks/appPipeline';
export {
  ImageToolchainStack,
  ImageConsumerStack,
  addImagePipelineStacks,
  amiParameterName,
  amiPublisherRoleName,
  type ImageConsumerStackProps,
} from './stacks/imagePipeline';
export {
  FleetToolchainStack,
  addFleetPipelineStacks,
  serviceControlPolicyDocument,
} from './stacks/fleetPipeline';
export {
  terraformLiteral,
  terraformEvaluatedLiteral,
} from './stacks/terraformText';
export { writeCdktfProject, CDKTF_PROJECT_VERSIONS } from './cdktfProject';
export { runCli, type CliIo } from './cli';
