/*
 * The stage/action/alarm naming convention. The portal's backend (`deriveLayout`) reads these
 * names from GetPipeline, so they are defined once here and nowhere else in the generator.
 */

/** Stage names, in pipeline order. @public */
export const STAGE = {
  source: 'Source',
  build: 'Build',
  beta: 'Beta',
  gamma: 'Gamma',
  test: 'Test',
  approval: 'Approval',
  /** `Prod-Wave1`, `Prod-Wave2`, … (1-based). */
  prodWave: (wave: number) => `Prod-Wave${wave}`,
} as const;

/** Action names. @public */
export const ACTION = {
  source: 'Source',
  build: 'Build',
  unitTests: 'UnitTests',
  codeQuality: 'CodeQuality',
  sast: 'SAST',
  sca: 'SCA',
  sbom: 'SBOM',
  secretsScan: 'SecretsScan',
  iacScan: 'IaCScan',
  integrationTests: 'IntegrationTests',
  acceptanceTests: 'AcceptanceTests',
  syntheticTests: 'SyntheticTests',
  performanceTests: 'PerformanceTests',
  resilienceTests: 'ResilienceTests',
  dast: 'DAST',
  manualApproval: 'ManualApproval',
  imageBuild: 'Build',
  imageTests: 'ImageTests',
  deploy: (region: string) => `Deploy-${region}`,
  oneBox: (region: string) => `OneBox-${region}`,
  distribute: (region: string) => `Distribute-${region}`,
  apply: (ou: string) => `Apply-${ou}`,
} as const;

/** Names of stage-condition rules (rule names allow `[A-Za-z0-9.@_-]`). @public */
export const RULE = {
  deploymentWindow: 'DeploymentWindow',
  alarmBlocker: (region: string) => `AlarmBlocker-${region}`,
  bake: (region: string) => `Bake-${region}`,
} as const;

/** Environment names used in alarm names. @public */
export type EnvironmentName = 'beta' | 'gamma' | 'prod';

/** Alarm names: `<pipeline>-<env>-<region>-<metric>`. @public */
export const ALARM = {
  faultRate: (pipeline: string, env: EnvironmentName, region: string) =>
    `${pipeline}-${env}-${region}-fault-rate`,
  latency: (
    pipeline: string,
    env: EnvironmentName,
    region: string,
    percentile: 'p50' | 'p90' | 'p99',
  ) => `${pipeline}-${env}-${region}-latency-${percentile}`,
  highSeverity: (pipeline: string, env: EnvironmentName, region: string) =>
    `${pipeline}-${env}-${region}-high-severity`,
  oneBoxHighSeverity: (
    pipeline: string,
    env: EnvironmentName,
    region: string,
  ) => `${pipeline}-${env}-${region}-onebox-high-severity`,
  oneBoxFaultRate: (pipeline: string, env: EnvironmentName, region: string) =>
    `${pipeline}-${env}-${region}-onebox-fault-rate`,
  /** Composite of the high-severity alarm and the organisation's blocker alarms (entry check). */
  entryBlockers: (pipeline: string, env: EnvironmentName, region: string) =>
    `${pipeline}-${env}-${region}-entry-blockers`,
} as const;

/** IAM role names created in target accounts; fixed so the toolchain can reference them without lookups. @public */
export const ROLE = {
  deploy: (pipeline: string) => `${pipeline}-deploy`,
  cloudFormationExecution: (pipeline: string) => `${pipeline}-cfn-exec`,
} as const;
