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

/** Stage names of the DPRA convention used by pipelines that `@dpra/stacks` generates. */
const CONVENTIONAL_STAGES: Array<[RegExp, PhaseKind]> = [
  [/^Source$/, 'source'],
  [/^Build$/, 'build'],
  [/^Test$/, 'test'],
  [/^Beta$/, 'beta'],
  [/^Gamma$/, 'gamma'],
  [/^Approval$/, 'approval'],
  [/^Prod-Wave[1-9]\d*$/, 'prod'],
];

const CONVENTIONAL_WAVE = /^Prod-Wave([1-9]\d*)$/;

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

function classifyStage(
  stage: StageDeclaration,
  seenApproval: boolean,
): { phase: PhaseKind; conventional: boolean } {
  const name = stage.name ?? '';
  for (const [pattern, phase] of CONVENTIONAL_STAGES) {
    if (pattern.test(name)) {
      return { phase, conventional: true };
    }
  }
  for (const [pattern, phase] of HEURISTIC_STAGES) {
    if (pattern.test(name)) {
      return { phase, conventional: false };
    }
  }
  // Fall back on what the actions do.
  const categories = categoryOf(stage);
  const only = (c: string) => categories.size === 1 && categories.has(c);
  if (only('Source')) return { phase: 'source', conventional: false };
  if (only('Approval')) return { phase: 'approval', conventional: false };
  if (only('Build')) return { phase: 'build', conventional: false };
  if (only('Test')) return { phase: 'test', conventional: false };
  if (categories.has('Deploy')) {
    // Deployments after a human gate are, by DPRA's shape, production.
    return { phase: seenApproval ? 'prod' : 'beta', conventional: false };
  }
  return { phase: 'other', conventional: false };
}

const splitList = (value: string | undefined): string[] | undefined =>
  value === undefined
    ? undefined
    : value
        .split(',')
        .map(s => s.trim())
        .filter(Boolean);

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
      if (provider === 'CloudWatchAlarm') {
        converted.alarmNames = splitList(configuration.AlarmName) ?? [];
        converted.alarmStates = splitList(configuration.AlarmStates);
        const wait = Number(configuration.WaitTime);
        if (configuration.WaitTime !== undefined && Number.isFinite(wait)) {
          converted.waitTimeMinutes = wait;
        }
      }
      if (provider === 'DeploymentWindow') {
        converted.cron = configuration.Cron;
        converted.timeZone = configuration.TimeZone;
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
      r => r.provider === 'CloudWatchAlarm' && r.waitTimeMinutes !== undefined,
    )
    .map(r => r.waitTimeMinutes!);
  return {
    beforeEntry,
    onSuccess,
    onFailure,
    bakeMinutes: waits.length > 0 ? Math.max(...waits) : undefined,
    alarmNames: [...new Set(allRules.flatMap(r => r.alarmNames ?? []))],
    windows: allRules
      .filter(r => r.provider === 'DeploymentWindow' && r.cron)
      .map(r =>
        r.timeZone
          ? { cron: r.cron!, timeZone: r.timeZone }
          : { cron: r.cron! },
      ),
    autoRollback: stage.onFailure?.result === 'ROLLBACK',
  };
}

const isOneBox = (name: string) =>
  /^OneBox-/.test(name) || /one-?box/i.test(name);

function toActions(
  stage: StageDeclaration,
  homeRegion: string,
): LayoutAction[] {
  return (stage.actions ?? [])
    .map(action => ({
      name: action.name ?? '',
      category: action.actionTypeId?.category ?? 'Unknown',
      provider: action.actionTypeId?.provider ?? 'Unknown',
      region: action.region ?? homeRegion,
      runOrder: action.runOrder ?? 1,
      oneBox: isOneBox(action.name ?? ''),
    }))
    .sort((a, b) => a.runOrder - b.runOrder || a.name.localeCompare(b.name));
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
 * Derives the DPRA layout (phases, production waves × regions, safety from stage conditions) from
 * a CodePipeline definition as GetPipeline returns it. Pipelines generated by `@dpra/stacks` are
 * read by their naming convention; others are classified best-effort by stage names and action
 * categories.
 */
export function deriveLayout(
  pipeline: PipelineDeclaration,
  homeRegion: string,
): PipelineLayout {
  let seenApproval = false;
  let allConventional = (pipeline.stages ?? []).length > 0;
  let nextWave = 1;
  const stages: LayoutStage[] = (pipeline.stages ?? []).map(stage => {
    const { phase, conventional } = classifyStage(stage, seenApproval);
    allConventional = allConventional && conventional;
    if (phase === 'approval') {
      seenApproval = true;
    }
    const layoutStage: LayoutStage = {
      name: stage.name ?? '',
      phase,
      actions: toActions(stage, homeRegion),
      safety: deriveSafety(stage),
    };
    if (phase === 'prod') {
      const numbered = CONVENTIONAL_WAVE.exec(layoutStage.name);
      layoutStage.wave = numbered ? Number(numbered[1]) : nextWave;
      nextWave = layoutStage.wave + 1;
    }
    return layoutStage;
  });
  const waves: LayoutWave[] = stages
    .filter(s => s.phase === 'prod' && s.wave !== undefined)
    .map(s => ({
      index: s.wave!,
      stageName: s.name,
      regions: toWaveRegions(s),
      bakeMinutes: s.safety.bakeMinutes,
    }));
  return { stages, waves, homeRegion, conventional: allConventional };
}
