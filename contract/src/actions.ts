/*
 * Action names. Fixed names for the steps every pipeline has, and `<Step>-<target>` names for the
 * steps that deploy one target of a wave, which the portal reads back with parseWaveActionName.
 */

/**
 * A step that deploys one target: `oneBox` and `deploy` one region of an application,
 * `distribute` the image to one region (for the wave's accounts), `apply` the account baseline
 * to one organisational unit, `deployFlags` and `deployConfig` the feature flags and the
 * operational configuration to one region's AppConfig environment.
 *
 * @public
 */
export type WaveStep =
  | 'oneBox'
  | 'deploy'
  | 'distribute'
  | 'apply'
  | 'deployFlags'
  | 'deployConfig';

const WAVE_STEP_PREFIX: Readonly<Record<WaveStep, string>> = {
  oneBox: 'OneBox-',
  deploy: 'Deploy-',
  distribute: 'Distribute-',
  apply: 'Apply-',
  deployFlags: 'DeployFlags-',
  deployConfig: 'DeployConfig-',
};

/** What the target of each step is: a region, or an organisational unit's name. */
const WAVE_STEP_TARGET: Readonly<Record<WaveStep, 'region' | 'ou'>> = {
  oneBox: 'region',
  deploy: 'region',
  distribute: 'region',
  apply: 'ou',
  deployFlags: 'region',
  deployConfig: 'region',
};

/**
 * The shape of an AWS region name (`us-east-1`, `us-gov-west-1`, `eu-central-2`).
 *
 * @public
 */
export const REGION_NAME_PATTERN = /^[a-z]{2}(-[a-z]+)+-\d+$/;

/**
 * The name of the action that runs a wave step for one target: `OneBox-us-east-1`,
 * `Deploy-us-east-1`, `Distribute-eu-west-1`, `Apply-Workloads`, `DeployFlags-us-east-1`,
 * `DeployConfig-us-east-1`.
 *
 * @public
 */
export function waveActionName(step: WaveStep, target: string): string {
  if (!target) {
    throw new RangeError(`a ${step} action needs a target`);
  }
  return `${WAVE_STEP_PREFIX[step]}${target}`;
}

/**
 * What the name of a wave step's action says.
 *
 * @public
 */
export interface WaveActionName {
  readonly step: WaveStep;
  /** A region (`oneBox`, `deploy`, `distribute`) or an organisational unit's name (`apply`). */
  readonly target: string;
}

/**
 * Reads an action name written by {@link waveActionName}; `undefined` for any other name. A
 * region step's target must look like a region, so `Deploy-staging` of a hand-made pipeline is
 * not mistaken for one.
 *
 * @public
 */
export function parseWaveActionName(name: string): WaveActionName | undefined {
  for (const step of Object.keys(WAVE_STEP_PREFIX) as WaveStep[]) {
    const prefix = WAVE_STEP_PREFIX[step];
    if (!name.startsWith(prefix) || name.length === prefix.length) {
      continue;
    }
    const target = name.slice(prefix.length);
    if (
      WAVE_STEP_TARGET[step] === 'region' &&
      !REGION_NAME_PATTERN.test(target)
    ) {
      continue;
    }
    return { step, target };
  }
  return undefined;
}

/**
 * Action names.
 *
 * @public
 */
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
  /** Imports the image's Amazon Inspector findings and fails on critical ones. */
  imageScan: 'ImageScan',
  deploy: (region: string): string => waveActionName('deploy', region),
  oneBox: (region: string): string => waveActionName('oneBox', region),
  distribute: (region: string): string => waveActionName('distribute', region),
  apply: (ou: string): string => waveActionName('apply', ou),
  /** Deploys the feature flags profile to one region's AppConfig environment. */
  deployFlags: (region: string): string =>
    waveActionName('deployFlags', region),
  /** Deploys the operational configuration profile to one region's AppConfig environment. */
  deployConfig: (region: string): string =>
    waveActionName('deployConfig', region),
} as const;
