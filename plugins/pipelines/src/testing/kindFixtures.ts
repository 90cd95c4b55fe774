/**
 * Image and account-fleet pipelines for component tests: the demo pipeline's run (same scenarios,
 * same clock) reshaped into the phases and production waves of the other two kinds, as the
 * backend's layout describes them.
 */
import type {
  LayoutAction,
  LayoutStage,
  PipelineView,
  StageStateView,
  WaveOrganizationalUnit,
} from '@dpra/plugin-pipelines-common';
import { DemoScenario, FIXTURE_NOW, makeDemoPipeline } from './fixtures';

/** Options of {@link makeImagePipeline} and {@link makeFleetPipeline}. */
export interface KindFixtureOptions {
  scenario?: DemoScenario;
  now?: number;
}

/** The accounts of each distribution wave of the image fixture. */
export const IMAGE_WAVE_ACCOUNTS = [
  ['222222222222'],
  ['333333333333', '444444444444'],
];
const IMAGE_WAVE_REGIONS = [['us-east-1'], ['us-east-1', 'eu-west-1']];
/** The SSM parameter that receives the AMI id in the image fixture. */
export const IMAGE_SSM_PARAMETER = '/dpra/images/golden-ami/latest';

/** The organisational units of each wave of the fleet fixture. */
export const FLEET_WAVE_UNITS: Array<
  Array<Omit<WaveOrganizationalUnit, 'actionName' | 'region'>>
> = [
  [
    {
      name: 'NonProd',
      id: 'ou-ab12-3456abcd',
      accounts: ['orders-beta'],
      serviceControlPolicies: [],
    },
  ],
  [
    {
      name: 'Prod',
      accounts: ['orders-prod', 'payments prod'],
      serviceControlPolicies: ['deny-user-keys'],
    },
    // A unit of a pipeline synthesized before the lists were declared.
    { name: 'Security' },
  ],
];

/**
 * Replaces each production wave's actions: `actionsOf(wave, region)` gives the new actions of a
 * region, whose run state is that of the demo's `Deploy-<region>` action.
 */
function reshapeWaves(
  pipeline: PipelineView,
  actionsOf: (wave: number, region: string) => LayoutAction[],
): { stages: LayoutStage[]; states: StageStateView[] } {
  const stateByName = new Map(pipeline.stages.map(s => [s.name, s]));
  const stages = pipeline.layout.stages.map(stage => {
    if (stage.phase !== 'prod' || stage.wave === undefined) return stage;
    const regions = [...new Set(stage.actions.map(a => a.region))];
    return {
      ...stage,
      actions: regions.flatMap(region => actionsOf(stage.wave!, region)),
    };
  });
  const states = stages.map(stage => {
    const state = stateByName.get(stage.name)!;
    if (stage.phase !== 'prod') return state;
    const byName = new Map(state.actions.map(a => [a.name, a]));
    return {
      ...state,
      actions: stage.actions.map(a => ({
        ...byName.get(`Deploy-${a.region}`)!,
        name: a.name,
      })),
    };
  });
  return { stages, states };
}

const codeBuild = (
  name: string,
  category: string,
  region: string,
  runOrder = 1,
): LayoutAction => ({
  name,
  category,
  provider: 'CodeBuild',
  region,
  runOrder,
  oneBox: false,
});

/** Beta and Gamma of the demo become the image pipeline's Test stage (tests and the scan). */
function withTestStage(
  stages: LayoutStage[],
  states: StageStateView[],
  home: string,
): { stages: LayoutStage[]; states: StageStateView[] } {
  const beta = stages.findIndex(s => s.name === 'Beta');
  const gamma = stages.findIndex(s => s.name === 'Gamma');
  const test: LayoutStage = {
    ...stages[gamma],
    name: 'Test',
    phase: 'test',
    actions: [
      codeBuild('ImageTests', 'Test', home),
      codeBuild('ImageScan', 'Test', home),
    ],
  };
  const gammaState = states[gamma];
  const testState: StageStateView = {
    ...gammaState,
    name: 'Test',
    actions: test.actions.map(a => ({
      ...gammaState.actions[0],
      name: a.name,
    })),
  };
  return {
    stages: [...stages.slice(0, beta), test, ...stages.slice(gamma + 1)],
    states: [...states.slice(0, beta), testState, ...states.slice(gamma + 1)],
  };
}

const HOME = 'us-east-1';

/** The demo's run of a pipeline `name` in us-east-1 with production waves in `waves`. */
function demoRun(
  name: string,
  waves: string[][],
  options: KindFixtureOptions,
  scenario: DemoScenario,
): PipelineView {
  return makeDemoPipeline({
    name,
    region: HOME,
    waves,
    scenario: options.scenario ?? scenario,
    now: options.now ?? FIXTURE_NOW,
  });
}

/** An image pipeline: build, test and scan, approval, then distribution waves of accounts × regions. */
export function makeImagePipeline(
  options: KindFixtureOptions = {},
): PipelineView {
  const base = demoRun('golden-ami', IMAGE_WAVE_REGIONS, options, 'baking');
  const reshaped = reshapeWaves(base, (_, region) => [
    codeBuild(`Distribute-${region}`, 'Deploy', region),
  ]);
  const { stages, states } = withTestStage(
    reshaped.stages,
    reshaped.states,
    HOME,
  );
  return {
    ...base,
    stages: states,
    layout: {
      ...base.layout,
      stages,
      kind: 'ImagePipeline',
      waveTargets: 'accountsByRegion',
      waves: base.layout.waves.map((wave, i) => ({
        ...wave,
        accounts: IMAGE_WAVE_ACCOUNTS[i],
        regions: wave.regions.map(r => ({
          region: r.region,
          actionNames: [`Distribute-${r.region}`],
          hasOneBox: false,
          accounts: IMAGE_WAVE_ACCOUNTS[i],
          ssmParameter: IMAGE_SSM_PARAMETER,
        })),
      })),
    },
  };
}

/** An account fleet: baseline waves of organisational units with their accounts and SCPs. */
export function makeFleetPipeline(
  options: KindFixtureOptions = {},
): PipelineView {
  // Every wave applies in the home region; one "region" per wave carries its run state.
  const base = demoRun(
    'org-fleet',
    FLEET_WAVE_UNITS.map(() => [HOME]),
    options,
    'blocked',
  );
  const { stages, states } = reshapeWaves(base, wave =>
    FLEET_WAVE_UNITS[wave - 1].map(unit =>
      codeBuild(`Apply-${unit.name}`, 'Deploy', HOME),
    ),
  );
  return {
    ...base,
    stages: states,
    layout: {
      ...base.layout,
      stages,
      kind: 'AccountFleetPipeline',
      waveTargets: 'organizationalUnits',
      waves: base.layout.waves.map((wave, i) => ({
        ...wave,
        regions: [
          {
            region: HOME,
            actionNames: FLEET_WAVE_UNITS[i].map(u => `Apply-${u.name}`),
            hasOneBox: false,
          },
        ],
        organizationalUnits: FLEET_WAVE_UNITS[i].map(unit => ({
          ...unit,
          actionName: `Apply-${unit.name}`,
          region: HOME,
        })),
      })),
    },
  };
}
