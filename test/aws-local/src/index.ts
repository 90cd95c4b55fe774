/**
 * A local endpoint that answers with AWS's wire protocols (CodePipeline, CloudWatch, Security Hub,
 * CodeBuild, Inspector2, STS) from the world of synthesized DPRA specs, simulated
 * deterministically. The same request handler
 * serves msw in tests and a real HTTP server for the portal, the browser tests and the benchmark.
 *
 * @packageDocumentation
 */

export * from './scenario/types';
export { createDpraScenario } from './scenario/createDpraScenario';
export type {
  PipelineControls,
  TransitionState,
} from './scenario/pipelineControlTypes';
export type { DpraScenarioOptions } from './scenario/createDpraScenario';
export { handleAwsRequest } from './handleAwsRequest';
export type { AwsHttpRequest, AwsHttpResponse } from './handleAwsRequest';
export { createAwsMswHandlers } from './createAwsMswHandlers';
export type { AwsMswHandlerOptions } from './createAwsMswHandlers';
export { startAwsLocalServer } from './startAwsLocalServer';
export type {
  AwsLocalServerOptions,
  AwsLocalServer,
} from './startAwsLocalServer';
export { LATEST_TEST_REPORT } from './scenario/reports';
export { declarationsFromTerraform } from './world/fromTerraform';
export type {
  SynthesizedDeclarations,
  SynthesizedPipeline,
  SynthesizedAlarm,
  SynthesizedReportGroup,
  TerraformStackJson,
  TerraformAwsProvider,
} from './world/fromTerraform';
export { synthesizeCached, synthCacheDir } from './world/synthCache';
export type { SynthesizedStacks } from './world/synthCache';
export {
  buildSpecWorld,
  type WorldSituation,
  type DeploymentWindowMode,
  type SpecWorldOptions,
} from './world/specWorld';
export { EXAMPLE_SITUATIONS, situationsFor } from './world/exampleSituations';
export {
  exampleSpecsDir,
  loadSpecDeclarations,
  specFilesIn,
} from './world/loadSpecs';
export { isInsideDeploymentWindow } from './world/deploymentWindow';
export { worldTargets } from './world/worldFacts';
export { createExampleScenario, loadExampleWorld } from './world/exampleWorld';
export type { SynthesizedImportStep } from './world/importSteps';
export {
  findJq,
  runImportStep,
  type ImportStepInput,
  type ImportStepRun,
} from './world/runImportStep';
export {
  CROSS_SPAWN_REDOS,
  trivyAsffDocument,
  trivyAsffFinding,
  type TrivyVulnerability,
  type TrivyTemplateEnvironment,
} from './world/trivyAsff';
export { findingImportRefusal } from './scenario/securityHubImport';
