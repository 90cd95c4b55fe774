import type {
  Condition,
  PipelineDeclaration,
  StageDeclaration,
} from '@aws-sdk/client-codepipeline';
import type {
  ConditionRule,
  LayoutAction,
  LayoutStage,
  LayoutWave,
  PhaseKind,
  PipelineLayout,
  StageCondition,
  StageSafety,
  WaveRegion,
} from '@dpra/plugin-pipelines-common';
import {
  RULE_PROVIDER,
  parseStageName,
  parseWaveActionName,
  readCloudWatchAlarmRuleConfiguration,
  readDeploymentWindowRuleConfiguration,
} from '@dpra/pipeline-contract';
import { regionWaveStages } from './inferWaves';
import {
  kindOfProductionStages,
  waveTargetsOf,
  withWaveTargets,
} from './waveTargets';

/**
 * Best-effort classification of stages that do not follow the convention, most specific first
 * (`preprod` must be recognised before `prod`).
 */
const HEURISTIC_STAGES: Array<[RegExp, PhaseKind]> = [
  [/source|checkout|commit/i, 'source'],
  [/approv|gate|sign-?off/i, 'approval'],
  [/gamma|staging|pre-?prod|uat/i, 'gamma'],
  [/prod|production|live|wave/i, 'prod'],
  [/beta|dev|sandbox|integration/i, 'beta'],
  [/build|compile|package|synth/i, 'build'],
  [/test|qa|verify|scan/i, 'test'],
];

const categoryOf = (stage: StageDeclaration): Set<string> =>
  new Set(
    (stage.actions ?? []).map(a => a.actionTypeId?.category ?? 'Unknown'),
  );

/** How a stage's phase was found: its conventional name, a name heuristic, or its actions. */
type ClassifiedBy = 'convention' | 'name' | 'actions';

function classifyStage(
  stage: StageDeclaration,
  seenApproval: boolean,
): { phase: PhaseKind; by: ClassifiedBy } {
  const name = stage.name ?? '';
  const conventional = parseStageName(name);
  if (conventional) {
    return { phase: conventional.phase, by: 'convention' };
  }
  for (const [pattern, phase] of HEURISTIC_STAGES) {
    if (pattern.test(name)) {
      return { phase, by: 'name' };
    }
  }
  // Fall back on what the actions do.
  const categories = categoryOf(stage);
  const only = (c: string) => categories.size === 1 && categories.has(c);
  if (only('Source')) return { phase: 'source', by: 'actions' };
  if (only('Approval')) return { phase: 'approval', by: 'actions' };
  if (only('Build')) return { phase: 'build', by: 'actions' };
  if (only('Test')) return { phase: 'test', by: 'actions' };
  if (categories.has('Deploy')) {
    // Deployments after a human gate are, by DPRA's shape, production.
    return { phase: seenApproval ? 'prod' : 'beta', by: 'actions' };
  }
  return { phase: 'other', by: 'actions' };
}

function toConditions(conditions: Condition[] | undefined): StageCondition[] {
  return (conditions ?? []).map(condition => ({
    result: condition.result,
    rules: (condition.rules ?? []).map(rule => {
      const configuration = { ...(rule.configuration ?? {}) };
      const provider = rule.ruleTypeId?.provider ?? 'Unknown';
      const converted: ConditionRule = {
        name: rule.name ?? provider,
        provider,
        configuration,
      };
      if (rule.region) {
        converted.region = rule.region;
      }
      if (provider === RULE_PROVIDER.cloudWatchAlarm) {
        const alarmRule = readCloudWatchAlarmRuleConfiguration(configuration);
        converted.alarmNames = [...alarmRule.alarmNames];
        converted.alarmStates = alarmRule.alarmStates && [
          ...alarmRule.alarmStates,
        ];
        if (alarmRule.waitMinutes !== undefined) {
          converted.waitTimeMinutes = alarmRule.waitMinutes;
        }
      }
      if (provider === RULE_PROVIDER.deploymentWindow) {
        const window = readDeploymentWindowRuleConfiguration(configuration);
        converted.cron = window?.cron;
        converted.timeZone = window?.timeZone;
      }
      return converted;
    }),
  }));
}

function deriveSafety(stage: StageDeclaration): StageSafety {
  const beforeEntry = toConditions(stage.beforeEntry?.conditions);
  const onSuccess = toConditions(stage.onSuccess?.conditions);
  const onFailure: StageCondition | undefined = stage.onFailure
    ? {
        result: stage.onFailure.result,
        rules: toConditions(stage.onFailure.conditions).flatMap(c => c.rules),
      }
    : undefined;
  const allRules = [
    ...beforeEntry.flatMap(c => c.rules),
    ...onSuccess.flatMap(c => c.rules),
    ...(onFailure?.rules ?? []),
  ];
  // Conditions of one kind are evaluated together, so the bake lasts as long as the longest
  // alarm-watch wait among the onSuccess rules.
  const waits = onSuccess
    .flatMap(c => c.rules)
    .filter(
      r =>
        r.provider === RULE_PROVIDER.cloudWatchAlarm &&
        r.waitTimeMinutes !== undefined,
    )
    .map(r => r.waitTimeMinutes!);
  return {
    beforeEntry,
    onSuccess,
    onFailure,
    bakeMinutes: waits.length > 0 ? Math.max(...waits) : undefined,
    alarmNames: [...new Set(allRules.flatMap(r => r.alarmNames ?? []))],
    windows: allRules
      .filter(r => r.provider === RULE_PROVIDER.deploymentWindow && r.cron)
      .map(r =>
        r.timeZone
          ? { cron: r.cron!, timeZone: r.timeZone }
          : { cron: r.cron! },
      ),
    autoRollback: stage.onFailure?.result === 'ROLLBACK',
  };
}

const isOneBox = (name: string) =>
  parseWaveActionName(name)?.step === 'oneBox' || /one-?box/i.test(name);

function toActions(
  stage: StageDeclaration,
  homeRegion: string,
): LayoutAction[] {
  return (
    (stage.actions ?? [])
      .map(action => ({
        name: action.name ?? '',
        category: action.actionTypeId?.category ?? 'Unknown',
        provider: action.actionTypeId?.provider ?? 'Unknown',
        region: action.region ?? homeRegion,
        runOrder: action.runOrder ?? 1,
        oneBox: isOneBox(action.name ?? ''),
      }))
      // Stable: actions that run together keep the order the pipeline declares them in, which is
      // the order the spec lists a wave's regions (the board's columns follow it).
      .sort((a, b) => a.runOrder - b.runOrder)
  );
}

function toWaveRegions(stage: LayoutStage): WaveRegion[] {
  const byRegion = new Map<string, WaveRegion>();
  for (const action of stage.actions) {
    // Approvals and pure test/invoke steps do not deploy anything to a region.
    if (action.category === 'Approval') {
      continue;
    }
    const cell = byRegion.get(action.region) ?? {
      region: action.region,
      actionNames: [],
      hasOneBox: false,
    };
    cell.actionNames.push(action.name);
    cell.hasOneBox = cell.hasOneBox || action.oneBox;
    byRegion.set(action.region, cell);
  }
  return [...byRegion.values()];
}

/**
 * Derives the DPRA layout (phases, production waves and what they deploy to, safety from stage
 * conditions) from a CodePipeline definition as GetPipeline returns it. Pipelines generated by
 * `@dpra/stacks` are read by their naming convention, and their kind by the steps of their
 * production waves; others are classified best-effort by stage names and action categories, and
 * consecutive unnamed stages that deploy the same actions to different regions become waves.
 */
export function deriveLayout(
  pipeline: PipelineDeclaration,
  homeRegion: string,
): PipelineLayout {
  const declarations = pipeline.stages ?? [];
  let seenApproval = false;
  const classified = declarations.map(stage => {
    const result = classifyStage(stage, seenApproval);
    if (result.phase === 'approval') {
      seenApproval = true;
    }
    return result;
  });
  const stages: LayoutStage[] = declarations.map((stage, i) => ({
    name: stage.name ?? '',
    phase: classified[i].phase,
    actions: toActions(stage, homeRegion),
    safety: deriveSafety(stage),
  }));
  for (const i of regionWaveStages(stages, classified)) {
    stages[i].phase = 'prod';
  }
  let nextWave = 1;
  for (const stage of stages) {
    if (stage.phase === 'prod') {
      stage.wave = parseStageName(stage.name)?.wave ?? nextWave;
      nextWave = stage.wave + 1;
    }
  }
  const productionDeclarations = declarations.filter(
    (_, i) => stages[i].phase === 'prod',
  );
  const kind = kindOfProductionStages(productionDeclarations);
  const waveTargets = waveTargetsOf(kind);
  const waves: LayoutWave[] = stages.flatMap((s, i) =>
    s.phase === 'prod' && s.wave !== undefined
      ? [
          withWaveTargets(
            {
              index: s.wave,
              stageName: s.name,
              regions: toWaveRegions(s),
              bakeMinutes: s.safety.bakeMinutes,
            },
            declarations[i],
            waveTargets,
            homeRegion,
          ),
        ]
      : [],
  );
  const layout: PipelineLayout = {
    stages,
    waves,
    homeRegion,
    conventional:
      classified.length > 0 && classified.every(c => c.by === 'convention'),
    waveTargets,
  };
  if (kind) layout.kind = kind;
  return layout;
}
