/**
 * DPRA pipeline spec and cdktf stacks: validate a spec, synthesize Terraform JSON for the four
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
  configPipelineSchema,
  pipelineSpecSchema,
  type AppPipelineSpec,
  type ImagePipelineSpec,
  type AccountFleetPipelineSpec,
  type ConfigPipelineSpec,
  type PipelineSpec,
  type PipelineSpecInput,
} from './spec/schema';
export { EXECUTION_POLICIES } from './spec/appPipelineSchema';
export {
  DEFAULT_EXECUTION_POLICY_ARN,
  executionPolicyStatements,
  type ExecutionPolicyName,
} from './stacks/app/executionPolicy';
export {
  durationMinutes,
  deploymentWindowCronProblem,
  isDeploymentWindowTimeZone,
  DEPLOYMENT_WINDOW_TIME_ZONE_FORMATS,
  DEPLOYMENT_WINDOW_TIME_ZONE_PATTERN,
} from './spec/scalars';
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
export { describeSpecPath, describeSpecIssue } from './spec/issueWords';
export { pipelineSpecJsonSchema } from './spec/jsonSchema';
export {
  featureFlagsDocumentSchema,
  featureFlagsDocumentIssues,
  type FeatureFlagsDocument,
} from './spec/appConfigFeatureFlags';
export { ENVIRONMENT_PLACEHOLDER } from './spec/configPipelineSchema';
export {
  configDocumentIssues,
  type ConfigDocumentIssue,
} from './spec/configDocuments';
export { minimalSpec, type MinimalSpec } from './spec/minimalSpecs';
export {
  synthesize,
  synthesizeJson,
  addPipelineStacks,
  type SynthResult,
  type SynthesizedStacks,
} from './synthesize';
export {
  DpraStack,
  AWS_PROVIDER_CONSTRAINT,
  type DpraStackProps,
} from './stacks/DpraStack';
export {
  addAppPipelineStacks,
  environmentStackName,
} from './stacks/app/appPipeline';
export {
  ServiceToolchainStack,
  enabledTestActions,
  type ServiceToolchainStackProps,
  type ServicePipelineSpec,
  type EnvironmentTestSwitches,
} from './stacks/toolchain/ServiceToolchainStack';
export {
  AppToolchainStack,
  type AppToolchainStackProps,
} from './stacks/app/AppToolchainStack';
export {
  AppEnvironmentStack,
  type AppEnvironmentStackProps,
} from './stacks/app/AppEnvironmentStack';
export { addImagePipelineStacks } from './stacks/image/imagePipeline';
export { amiParameterName } from './stacks/image/imageNames';
export { ImageToolchainStack } from './stacks/image/ImageToolchainStack';
export {
  ImageConsumerStack,
  type ImageConsumerStackProps,
} from './stacks/image/ImageConsumerStack';
export { addFleetPipelineStacks } from './stacks/fleet/fleetPipeline';
export { addConfigPipelineStacks } from './stacks/config/configPipeline';
export {
  ConfigToolchainStack,
  type ConfigToolchainStackProps,
} from './stacks/config/ConfigToolchainStack';
export {
  ConfigEnvironmentStack,
  type ConfigEnvironmentStackProps,
} from './stacks/config/ConfigEnvironmentStack';
export { FleetToolchainStack } from './stacks/fleet/FleetToolchainStack';
export { serviceControlPolicyDocument } from './stacks/fleet/serviceControlPolicies';
export {
  terraformLiteral,
  terraformEvaluatedLiteral,
} from './stacks/terraformText';
export { writeCdktfProject, CDKTF_PROJECT_VERSIONS } from './cdktfProject';
export { runCli, type CliIo } from './cli';
