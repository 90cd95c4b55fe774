import type {
  ActionDeclaration,
  StageDeclaration,
} from '@aws-sdk/client-codepipeline';
import type {
  LayoutWave,
  PipelineKindName,
  WaveOrganizationalUnit,
  WaveRegion,
  WaveTargets,
} from '@dpra/plugin-pipelines-common';
import {
  PIPELINE_KIND_LAYOUT,
  PipelineKind,
  WAVE_TARGET_VARIABLE,
  parseAccountList,
  parseNameList,
  parseWaveActionName,
  pipelineKindOfWaveStep,
  readCodeBuildEnvironmentVariables,
} from '@dpra/pipeline-contract';

/*
 * What a production wave deploys to, read from the actions of its stage as GetPipeline returns
 * them: the kind of the pipeline from the wave steps (`Deploy-`, `Distribute-`, `Apply-`), and
 * for image and fleet pipelines the targets the stacks declare in the actions' CodeBuild
 * environment variables (WAVE_TARGET_VARIABLE).
 */

// The REST contract names the kinds and wave targets itself; these fail to compile when the
// contract's lists and the OpenAPI enums drift apart.
const KIND_NAMES: Record<PipelineKind, PipelineKindName> = {
  AppPipeline: 'AppPipeline',
  ImagePipeline: 'ImagePipeline',
  AccountFleetPipeline: 'AccountFleetPipeline',
  ConfigPipeline: 'ConfigPipeline',
};
type ContractWaveTargets =
  (typeof PIPELINE_KIND_LAYOUT)[PipelineKind]['waveTargets'];
const sameTargets: [ContractWaveTargets, WaveTargets] extends [
  WaveTargets,
  ContractWaveTargets,
]
  ? true
  : never = true;
void sameTargets;

/** An Organizations OU id (`ou-` root part `-` suffix); a Terraform reference is not one. */
const OU_ID_PATTERN = /^ou-[0-9a-z]{4,32}-[0-9a-z]{8,32}$/;

/**
 * The kind whose wave steps deploy every production stage, or `undefined` when the production
 * actions are not wave steps or mix the steps of several kinds (a pipeline not made by
 * `@dpra/stacks`). Actions that are not wave steps (tests, approvals) do not count.
 */
export function kindOfProductionStages(
  stages: readonly StageDeclaration[],
): PipelineKindName | undefined {
  const kinds = new Set<PipelineKind>();
  for (const stage of stages) {
    for (const action of stage.actions ?? []) {
      const parsed = parseWaveActionName(action.name ?? '');
      if (parsed) kinds.add(pipelineKindOfWaveStep(parsed.step));
    }
  }
  if (kinds.size !== 1) return undefined;
  return KIND_NAMES[[...kinds][0]];
}

/** What the production waves of a pipeline of `kind` deploy to; regions for any other pipeline. */
export function waveTargetsOf(kind: PipelineKindName | undefined): WaveTargets {
  return kind ? PIPELINE_KIND_LAYOUT[kind].waveTargets : 'regions';
}

const actionNamed = (stage: StageDeclaration, name: string) =>
  (stage.actions ?? []).find(a => a.name === name);

/** The distribution's accounts and SSM parameter of one region cell of an image wave. */
function imageRegion(
  region: WaveRegion,
  actions: Array<ActionDeclaration | undefined>,
): WaveRegion {
  const accounts: string[] = [];
  let ssmParameter: string | undefined;
  for (const action of actions) {
    if (parseWaveActionName(action?.name ?? '')?.step !== 'distribute') {
      continue;
    }
    const env = readCodeBuildEnvironmentVariables(action?.configuration);
    for (const account of parseAccountList(
      env[WAVE_TARGET_VARIABLE.targetAccounts],
    )) {
      if (!accounts.includes(account)) accounts.push(account);
    }
    ssmParameter ??= env[WAVE_TARGET_VARIABLE.ssmParameter] || undefined;
  }
  const cell: WaveRegion = { ...region, accounts };
  if (ssmParameter) cell.ssmParameter = ssmParameter;
  return cell;
}

/** One organisational unit's row, from its `Apply-<ou>` action. */
function organizationalUnit(
  action: ActionDeclaration,
  target: string,
  region: string,
): WaveOrganizationalUnit {
  const env = readCodeBuildEnvironmentVariables(action.configuration);
  const unit: WaveOrganizationalUnit = {
    name: env[WAVE_TARGET_VARIABLE.ouName] || target,
    actionName: action.name ?? '',
    region: action.region ?? region,
  };
  const id = env[WAVE_TARGET_VARIABLE.ouId];
  if (id && OU_ID_PATTERN.test(id)) unit.id = id;
  // An absent (or unreadable) list means "not declared" (an older pipeline), not "none".
  const accounts = parseNameList(env[WAVE_TARGET_VARIABLE.ouAccountNames]);
  if (accounts) unit.accounts = accounts;
  const policies = parseNameList(
    env[WAVE_TARGET_VARIABLE.ouServiceControlPolicies],
  );
  if (policies) unit.serviceControlPolicies = policies;
  return unit;
}

/**
 * Adds the targets of `targets` to a wave read as regions: for `accountsByRegion` the accounts
 * and SSM parameter of each region and the wave's accounts (its rows), for
 * `organizationalUnits` the units in deploy order.
 */
export function withWaveTargets(
  wave: LayoutWave,
  stage: StageDeclaration,
  targets: WaveTargets,
  homeRegion: string,
): LayoutWave {
  if (targets === 'accountsByRegion') {
    const regions = wave.regions.map(region =>
      imageRegion(
        region,
        region.actionNames.map(name => actionNamed(stage, name)),
      ),
    );
    const accounts = [...new Set(regions.flatMap(r => r.accounts ?? []))];
    return { ...wave, regions, accounts };
  }
  if (targets === 'organizationalUnits') {
    const organizationalUnits = [...(stage.actions ?? [])]
      .sort((a, b) => (a.runOrder ?? 1) - (b.runOrder ?? 1))
      .flatMap(action => {
        const parsed = parseWaveActionName(action.name ?? '');
        return parsed?.step === 'apply'
          ? [organizationalUnit(action, parsed.target, homeRegion)]
          : [];
      });
    return { ...wave, organizationalUnits };
  }
  return wave;
}
