import { TAG, parseStageName } from '@dpra/pipeline-contract';
import {
  World,
  applyAlarmState,
  commit,
  installRollbacks,
  runHistory,
  syncWorld,
} from '../scenario/world';
import {
  buildInspectorFindings,
  buildSecurityHubFindings,
} from '../scenario/findings';
import { PipelineSimulation } from '../scenario/PipelineSimulation';
import { SeededRandom } from '../scenario/seededRandom';
import type { DurationScale } from '../scenario/timing';
import type {
  AlarmRecord,
  ExecutionPlan,
  PipelineExecutionRecord,
  ScenarioPipeline,
} from '../scenario/types';
import { applyAppConfigDurations } from './appConfigDurations';
import { importBuildFindings } from './buildFindings';
import { isInsideDeploymentWindow } from './deploymentWindow';
import type { SynthesizedDeclarations } from './fromTerraform';
import { reportsOfSynthesizedGroups } from './specReports';
import {
  bakeMinutesOf,
  scenarioPipelineOf,
  startForBake,
  waveStageIndex,
} from './scenarioPipelines';

/*
 * The world of `dpra synth`: exactly the pipelines, alarms and report groups the stacks of the
 * given specs declare, with 30 days of history run through the simulation over those
 * declarations, and the live situations the portal and its tests need expressed as data.
 */

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const SEED = 20261202;

/**
 * A live situation of one pipeline at the scenario's start:
 * `awaiting-approval` — an execution waits at its manual approval;
 * `building` — an execution started a few minutes ago;
 * `baking` — an execution is half-way through the bake of production wave `wave`;
 * `blocked` — the alarm that gates entry to wave `wave` (in `region`, else the wave's first
 * region the previous wave does not share) is in ALARM;
 * `rolled-back-by-alarm` — a configuration pipeline's rollout, approved, reached production wave
 * `wave` a day ago, where AppConfig rolled its first deployment back on an alarm (the deploy
 * action fails, the stage rolls back to the last good configuration).
 *
 * @public
 */
export type WorldSituation =
  | { pipeline: string; situation: 'awaiting-approval' | 'building' }
  | { pipeline: string; situation: 'rolled-back-by-alarm'; wave: number }
  | { pipeline: string; situation: 'baking'; wave: number }
  | { pipeline: string; situation: 'blocked'; wave: number; region?: string }
  /**
   * `count` newer executions, 20 minutes apart, reach the production wave while an older one
   * holds it (a `baking` situation of the same wave): in QUEUED mode they wait in line to enter
   * it; in SUPERSEDED mode each one arriving supersedes the one waiting before it.
   */
  | { pipeline: string; situation: 'queued'; wave: number; count: number };

/**
 * Which deployment windows are open: `open` — every DeploymentWindow rule lets stages in (the
 * local portal works at any hour); `evaluate` — each rule's Cron is evaluated in its TimeZone against the
 * scenario clock, and a stage outside its window is not entered.
 *
 * @public
 */
export type DeploymentWindowMode = 'open' | 'evaluate';

/** What {@link buildSpecWorld} builds from. @public */
export interface SpecWorldOptions {
  /** The synthesized declarations (see `declarationsFromTerraform`). */
  declarations: SynthesizedDeclarations;
  /** Live situations; pipelines without one are idle after their history. */
  situations?: readonly WorldSituation[];
  /** `open` by default. */
  deploymentWindows?: DeploymentWindowMode;
  /**
   * How long actions, bakes and approvals take from the world's start on (see `compressedAfter`);
   * as declared when absent.
   */
  durations?: DurationScale;
}

/** Plans of historical executions over a declaration: mostly clean, with failures, alarm rollbacks and a rejection. */
function historicPlan(
  pipeline: ScenarioPipeline,
  index: number,
  random: SeededRandom,
): ExecutionPlan {
  const approveAfterMinutes = random.int(20, 180);
  const testIn = (phases: string[]) => {
    for (const stage of pipeline.stages) {
      const phase = parseStageName(stage.name)?.phase;
      if (!phase || !phases.includes(phase)) continue;
      const test = stage.actions.find(a => a.actionTypeId.category === 'Test');
      if (test) return { stageName: stage.name, actionName: test.name };
    }
    return undefined;
  };
  const waves = pipeline.stages.filter(
    s => parseStageName(s.name)?.phase === 'prod' && s.onSuccess,
  );
  const buildTest = testIn(['build']);
  if (index % 10 === 3 && buildTest) {
    return {
      failAt: {
        ...buildTest,
        code: 'JobFailed',
        message: `Build failed: ${buildTest.actionName} reported 3 failures`,
      },
    };
  }
  const laterTest = testIn(['beta', 'gamma', 'test']);
  if (index % 10 === 7 && laterTest) {
    return {
      failAt: {
        ...laterTest,
        code: 'JobFailed',
        message: `${laterTest.actionName} failed in ${laterTest.stageName}`,
      },
    };
  }
  if (index % 13 === 5 && waves.length > 0) {
    return {
      approveAfterMinutes,
      alarmDuringBakeOf: waves[index % waves.length].name,
    };
  }
  if (index === 11) return { approveAfterMinutes, reject: true };
  return { approveAfterMinutes };
}

/** The alarm records of synthesized declarations, OK since `configured`, with the organisation blockers their composites name. */
export function alarmRecords(
  declarations: SynthesizedDeclarations,
  configured: Date,
): AlarmRecord[] {
  const state = {
    StateValue: 'OK' as const,
    StateReason:
      'Threshold Crossed: no datapoints were breaching the threshold',
    StateUpdatedTimestamp: configured,
    StateTransitionedTimestamp: configured,
    AlarmConfigurationUpdatedTimestamp: configured,
  };
  // The local endpoint answers one view per region, not one per account. A ConfigPipeline declares
  // each alarm twice under one name: in the toolchain account (read by the stage conditions) and in
  // the environment account (watched by AppConfig). The world holds the first, which is the one
  // every lookup by region and name finds anyway.
  const seen = new Set<string>();
  const unique = declarations.alarms.filter(a => {
    const key = `${a.region}\u0000${a.alarm.AlarmName}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  const records: AlarmRecord[] = unique.map(a =>
    a.kind === 'MetricAlarm'
      ? ({
          kind: 'MetricAlarm',
          region: a.region,
          ...a.alarm,
          ...state,
        } as AlarmRecord)
      : ({
          kind: 'CompositeAlarm',
          region: a.region,
          ...a.alarm,
          ...state,
        } as AlarmRecord),
  );
  // Composites may name alarms the stacks do not create: the organisation's existing blocker
  // alarms. They exist in the account already, so the world holds them too.
  for (const a of declarations.alarms) {
    if (a.kind !== 'CompositeAlarm') continue;
    for (const [, child] of a.alarm.AlarmRule.matchAll(/ALARM\("([^"]+)"\)/g)) {
      if (records.some(r => r.region === a.region && r.AlarmName === child))
        continue;
      records.push({
        kind: 'MetricAlarm',
        region: a.region,
        AlarmName: child,
        AlarmArn: `arn:aws:cloudwatch:${a.region}:${a.accountId}:alarm:${child}`,
        AlarmDescription:
          'Organisation-wide deployment blocker (existing alarm)',
        ActionsEnabled: true,
        OKActions: [],
        AlarmActions: [],
        InsufficientDataActions: [],
        MetricName: 'DeploymentBlocked',
        Namespace: 'Organization/Deployments',
        Statistic: 'Maximum',
        Dimensions: [],
        Period: 60,
        EvaluationPeriods: 1,
        DatapointsToAlarm: 1,
        Threshold: 1,
        ComparisonOperator: 'GreaterThanOrEqualToThreshold',
        TreatMissingData: 'notBreaching',
        ...state,
      });
    }
  }
  return records;
}

/** Sets an alarm and, for a composite, the first alarm it names (down to a metric alarm) to ALARM. */
function tripAlarm(world: World, region: string, name: string, at: Date) {
  const alarm = world.alarms.find(
    a => a.region === region && a.AlarmName === name,
  );
  if (!alarm) {
    throw new Error(
      `the world has no alarm ${name} in ${region} to set to ALARM`,
    );
  }
  if (alarm.kind === 'CompositeAlarm') {
    const child = /ALARM\("([^"]+)"\)/.exec(alarm.AlarmRule)?.[1];
    if (child) tripAlarm(world, region, child, at);
  }
  applyAlarmState(
    world,
    alarm,
    'ALARM',
    alarm.kind === 'CompositeAlarm'
      ? `${alarm.AlarmArn} transitioned to ALARM`
      : 'Threshold Crossed: 3 out of the last 3 datapoints were greater than the threshold',
    at,
  );
}

function applySituation(
  world: World,
  pipeline: ScenarioPipeline,
  s: WorldSituation,
  now: Date,
) {
  const start = (at: Date, plan: ExecutionPlan) => {
    world.executions
      .get(pipeline.name)!
      .push(
        world.simulation.start(
          pipeline,
          at,
          commit(world.random, pipeline.repository, at),
          plan,
        ),
      );
  };
  const stageOf = (wave: number) => {
    const index = waveStageIndex(pipeline, wave);
    if (index < 0) {
      throw new Error(
        `situation ${s.situation} of ${pipeline.name}: the pipeline has no production wave ${wave}`,
      );
    }
    return index;
  };
  switch (s.situation) {
    case 'awaiting-approval': {
      // Waiting for 15 minutes at least, and long enough for stages as slow as a configuration
      // pipeline's AppConfig deployments to reach the approval.
      const approval = pipeline.stages.findIndex(stage =>
        stage.actions.some(a => a.actionTypeId.category === 'Approval'),
      );
      const reached =
        approval > 0
          ? startForBake(
              pipeline,
              approval - 1,
              bakeMinutesOf(pipeline.stages[approval - 1]) + 15,
              0,
              now,
            )
          : now;
      start(
        new Date(Math.min(now.getTime() - 135 * MINUTE, reached.getTime())),
        { waitForApproval: true },
      );
      return;
    }
    case 'building':
      start(new Date(now.getTime() - 4 * MINUTE), { waitForApproval: true });
      return;
    case 'baking': {
      const index = stageOf(s.wave);
      const bake = bakeMinutesOf(pipeline.stages[index]);
      start(startForBake(pipeline, index, Math.floor(bake / 2), 45, now), {
        approveAfterMinutes: 45,
      });
      return;
    }
    case 'queued': {
      const index = stageOf(s.wave);
      const holder = bakeMinutesOf(pipeline.stages[index]);
      if (holder < 120 + 20 * s.count) {
        throw new Error(
          `situation queued of ${pipeline.name}: wave ${s.wave} bakes ${holder} minutes, too short to hold ${s.count} executions in line`,
        );
      }
      // The baking execution started half its bake before now; these start after it, 20
      // minutes apart, and reach the wave's entry while it bakes.
      for (let k = 1; k <= s.count; k++) {
        start(
          startForBake(
            pipeline,
            index,
            Math.floor(holder / 2) - 20 * k,
            45,
            now,
          ),
          { approveAfterMinutes: 45 },
        );
      }
      return;
    }
    case 'blocked': {
      const stage = pipeline.stages[stageOf(s.wave)];
      const previous = pipeline.stages[stageOf(s.wave) - 1];
      const rules = (stage.beforeEntry?.conditions ?? []).flatMap(c =>
        c.rules.filter(r => r.ruleTypeId.provider === 'CloudWatchAlarm'),
      );
      const previousRegions = new Set(
        previous?.actions.map(a => a.region ?? pipeline.region),
      );
      const rule =
        rules.find(r => r.region === s.region) ??
        rules.find(r => !previousRegions.has(r.region ?? pipeline.region)) ??
        rules[0];
      if (!rule) {
        throw new Error(
          `situation blocked of ${pipeline.name}: wave ${s.wave} has no alarm entry check`,
        );
      }
      tripAlarm(
        world,
        rule.region ?? pipeline.region,
        rule.configuration.AlarmName.split(',')[0],
        new Date(now.getTime() - 40 * MINUTE),
      );
      return;
    }
    case 'rolled-back-by-alarm': {
      const stage = pipeline.stages[stageOf(s.wave)];
      const deploy = stage.actions.find(a =>
        a.configuration.EnvironmentVariables?.includes('APPCONFIG_'),
      );
      if (!deploy) {
        throw new Error(
          `situation rolled-back-by-alarm of ${pipeline.name}: wave ${s.wave} deploys no AppConfig configuration`,
        );
      }
      start(new Date(now.getTime() - 28 * HOUR), {
        approveAfterMinutes: 45,
        failAt: {
          stageName: stage.name,
          actionName: deploy.name,
          code: 'JobFailed',
          message: `AppConfig rolled the deployment of ${deploy.name} back: an alarm it watches went into ALARM`,
        },
      });
      return;
    }
    default:
      throw new Error(`unknown situation ${(s as WorldSituation).situation}`);
  }
}

/**
 * Builds the world of synthesized declarations at `now`: deterministic for a given `now` and
 * declarations (approval tokens excepted: AWS issues fresh ones).
 *
 * @public
 */
export function buildSpecWorld(now: Date, options: SpecWorldOptions): World {
  const random = new SeededRandom(SEED);
  const created = new Date(now.getTime() - 120 * DAY);
  const pipelines = options.declarations.pipelines.map(p =>
    scenarioPipelineOf(p, created),
  );
  applyAppConfigDurations(pipelines, options.declarations.appConfig ?? []);
  const known = new Set(pipelines.map(p => p.name));
  for (const s of options.situations ?? []) {
    if (!known.has(s.pipeline)) {
      throw new Error(
        `situation ${s.situation} names pipeline ${
          s.pipeline
        }, which the specs do not declare (declared: ${[...known].join(', ')})`,
      );
    }
  }
  const alarms = alarmRecords(options.declarations, created);
  const alarmState = (region: string, name: string) =>
    alarms.find(a => a.region === region && a.AlarmName === name)?.StateValue;
  const windowOpen =
    options.deploymentWindows === 'evaluate'
      ? (configuration: Record<string, string>, at: Date) =>
          isInsideDeploymentWindow(
            configuration.Cron,
            configuration.TimeZone,
            at,
          )
      : () => true;
  const world: World = {
    random,
    pipelines,
    executions: new Map<string, PipelineExecutionRecord[]>(
      pipelines.map(p => [p.name, []]),
    ),
    simulation: new PipelineSimulation(
      random,
      alarmState,
      windowOpen,
      options.durations,
    ),
    alarms,
    alarmHistory: [],
    findings: [],
    inspector: [],
    reportGroups: [],
    reports: [],
    appConfig: [...(options.declarations.appConfig ?? [])],
  };
  world.simulation.executionsOf = name => world.executions.get(name) ?? [];
  installRollbacks(world);
  const gaps: Array<[number, number]> = [
    [14, 20],
    [24, 34],
    [50, 70],
  ];
  pipelines.forEach((pipeline, i) =>
    runHistory(world, pipeline, now, {
      gapHours: gaps[i % gaps.length],
      stopBefore: new Date(now.getTime() - 30 * HOUR),
      planOf: index => historicPlan(pipeline, index, random),
    }),
  );
  syncWorld(world, new Date(now.getTime() - 14 * HOUR));
  for (const s of options.situations ?? []) {
    applySituation(world, pipelines.find(p => p.name === s.pipeline)!, s, now);
  }
  syncWorld(world, now);

  const services = pipelines.map(p => ({
    service: p.tags.find(t => t.key === TAG.service)?.value ?? p.name,
    pipeline: p.name,
    region: p.region,
    accountId: p.accountId,
  }));
  // An image pipeline's Inspector findings are its image scans' (imported below by the generated
  // step); the container-image findings Inspector writes on its own belong to the services.
  const imagePipelines = new Set(
    options.declarations.importSteps
      .filter(s => s.imageBuilder)
      .map(s => s.pipelineName),
  );
  const findings = buildSecurityHubFindings(
    services.map(s => ({
      ...s,
      counts: {
        inspector: imagePipelines.has(s.pipeline) ? 0 : 6,
        guardduty: 2,
      },
    })),
    now,
    random,
  );
  world.findings = [...world.findings, ...findings].sort(
    (a, b) =>
      b.UpdatedAt.localeCompare(a.UpdatedAt) || a.Id.localeCompare(b.Id),
  );
  importBuildFindings(world, options.declarations.importSteps);
  world.inspector.push(
    ...buildInspectorFindings(
      services
        .filter(s => !imagePipelines.has(s.pipeline))
        .map(s => ({ ...s, count: 5 })),
      now,
      random,
    ),
  );
  const { groups, reports } = reportsOfSynthesizedGroups(
    options.declarations.reportGroups,
    pipelines,
    name => world.executions.get(name) ?? [],
    created,
    random,
  );
  world.reportGroups.push(...groups);
  world.reports = [...world.reports, ...reports].sort(
    (a, b) => b.created.getTime() - a.created.getTime(),
  );
  return world;
}
