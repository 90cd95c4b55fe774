import { ACTION, STAGE, TAG } from '@dpra/pipeline-contract';
import { buildAlarms, stateUpdateHistory } from './demoAlarms';
import {
  buildInspectorFindings,
  buildSecurityHubFindings,
} from './demoFindings';
import { WAVE_BAKE_MINUTES, appPipeline, infraPipeline } from './demoPipelines';
import { buildReports } from './demoReports';
import { PipelineSimulation } from './PipelineSimulation';
import { SeededRandom } from './seededRandom';
import { DurationScale, NOMINAL_DURATIONS } from './timing';
import {
  AlarmHistoryRecord,
  AlarmRecord,
  AsffFinding,
  CodeBuildReportGroupRecord,
  CodeBuildReportRecord,
  ExecutionPlan,
  Inspector2Finding,
  PipelineExecutionRecord,
  ScenarioPipeline,
} from './types';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const SEED = 20261123;

const COMMIT_MESSAGES = [
  'Add idempotency key to CreateOrder',
  'Bump jackson-databind to 2.17.1',
  'Cache pricing lookups for 30s',
  'Fix NPE when the cart is empty',
  'Emit FaultRate metric per API',
  'Retry inventory reservations with jitter',
  'Paginate ListOrders',
  'Tighten input validation on addresses',
  'Reduce cold start by lazy-loading SDK clients',
  'Add synthetic canary for checkout',
  'Upgrade to Java 21',
  'Remove the legacy v1 endpoint',
];

/** Everything `reset()` rebuilds: the demo world's records and its simulation. */
export interface World {
  random: SeededRandom;
  pipelines: ScenarioPipeline[];
  executions: Map<string, PipelineExecutionRecord[]>;
  simulation: PipelineSimulation;
  alarms: AlarmRecord[];
  alarmHistory: AlarmHistoryRecord[];
  findings: AsffFinding[];
  inspector: Inspector2Finding[];
  reportGroups: CodeBuildReportGroupRecord[];
  reports: CodeBuildReportRecord[];
}

/** Executions, newest first (as ListPipelineExecutions lists them). */
export function sortedNewestFirst(executions: PipelineExecutionRecord[]) {
  return [...executions].sort(
    (a, b) => b.startTime.getTime() - a.startTime.getTime(),
  );
}

/** Runs every active execution up to `until`. */
export function syncWorld(world: World, until: Date) {
  // A rollback adds an execution while we iterate; go round again until no new one appears.
  const total = () =>
    [...world.executions.values()].reduce((n, list) => n + list.length, 0);
  for (let round = 0; round < 20; round++) {
    const before = total();
    for (const pipeline of world.pipelines) {
      for (const execution of [
        ...(world.executions.get(pipeline.name) ?? []),
      ]) {
        if (world.simulation.isActive(execution)) {
          world.simulation.progress(pipeline, execution, until);
        }
      }
    }
    if (total() === before) return;
  }
}

/** Changes an alarm's state and records the history item AWS writes. */
export function applyAlarmState(
  world: World,
  alarm: AlarmRecord,
  state: AlarmRecord['StateValue'],
  reason: string,
  at: Date,
) {
  if (alarm.StateValue === state) return;
  world.alarmHistory.push(
    stateUpdateHistory(alarm, alarm.StateValue, state, reason, at),
  );
  alarm.StateValue = state;
  alarm.StateReason = reason;
  alarm.StateUpdatedTimestamp = at;
  alarm.StateTransitionedTimestamp = at;
}

/** A new commit on the main branch, pushed shortly before `at`. */
export function commit(random: SeededRandom, repository: string, at: Date) {
  const sha = random.hex(40);
  return {
    actionName: ACTION.source,
    revisionId: sha,
    revisionSummary: JSON.stringify({
      ProviderType: 'GitHub',
      CommitMessage: random.pick(COMMIT_MESSAGES),
    }),
    revisionUrl: `https://github.com/${repository}/commit/${sha}`,
    created: new Date(at.getTime() - random.int(10, 240) * MINUTE),
  };
}

/**
 * Automated rollbacks: when a stage fails with ROLLBACK, the last execution that got through the
 * stage is re-deployed (a ROLLBACK execution), and an alarm that tripped a bake gets its excursion
 * into ALARM and back in the history.
 */
export function installRollbacks(world: World) {
  const { simulation, executions, alarms, alarmHistory: history } = world;
  world.simulation.onRollback((pipeline, failed, stageName, at) => {
    const stageIndex = pipeline.stages.findIndex(s => s.name === stageName);
    const target = sortedNewestFirst(executions.get(pipeline.name) ?? []).find(
      e =>
        e.startTime < failed.startTime &&
        e.executionType === 'STANDARD' &&
        e.stageRuns.some(
          r => r.stageName === stageName && r.status === 'Succeeded',
        ),
    );
    if (!target) return;
    const rollback = simulation.start(
      pipeline,
      new Date(at.getTime() + MINUTE),
      target.sourceRevision,
      {},
      {
        executionType: 'ROLLBACK',
        rollbackTarget: target.pipelineExecutionId,
        stageIndex,
        trigger: {
          triggerType: 'AutomatedRollback',
          triggerDetail: failed.pipelineExecutionId,
        },
      },
    );
    executions.get(pipeline.name)!.push(rollback);
    if (failed.plan.alarmDuringBakeOf) {
      // The alarm that tripped the bake: record its excursion into ALARM and back.
      const rule =
        pipeline.stages[stageIndex].onSuccess?.conditions[0]?.rules[0];
      const alarm =
        rule &&
        alarms.find(
          a =>
            a.region === rule.region &&
            a.AlarmName === rule.configuration.AlarmName.split(',')[0],
        );
      if (alarm) {
        history.push(
          stateUpdateHistory(
            alarm,
            'OK',
            'ALARM',
            'Threshold Crossed: 3 datapoints were greater than the threshold',
            at,
          ),
        );
        history.push(
          stateUpdateHistory(
            alarm,
            'ALARM',
            'OK',
            'Threshold Crossed: 3 datapoints were not greater than the threshold',
            new Date(at.getTime() + 25 * MINUTE),
          ),
        );
      }
    }
  });
}

/** Runs 30 days of executions of a pipeline up to `stopBefore`, one every `gapHours`. */
export function runHistory(
  world: World,
  pipeline: ScenarioPipeline,
  now: Date,
  options: {
    gapHours: [number, number];
    stopBefore: Date;
    planOf: (index: number) => ExecutionPlan;
  },
) {
  const { random, simulation, executions } = world;
  let at = new Date(now.getTime() - 30 * DAY + random.int(1, 6) * HOUR);
  let index = 0;
  while (at < options.stopBefore) {
    const execution = simulation.start(
      pipeline,
      at,
      commit(random, pipeline.repository, at),
      options.planOf(index),
    );
    executions.get(pipeline.name)!.push(execution);
    syncWorld(world, at);
    index++;
    at = new Date(
      at.getTime() +
        random.int(options.gapHours[0] * 60, options.gapHours[1] * 60) * MINUTE,
    );
  }
}

/** Plans of historical executions: mostly clean, with scripted failures, rollbacks and a rejection. */
function historicPlan(
  index: number,
  random: SeededRandom,
  waves: number,
): ExecutionPlan {
  const approveAfterMinutes = random.int(20, 180);
  if (index % 10 === 3) {
    return {
      failAt: {
        stageName: STAGE.build,
        actionName: ACTION.unitTests,
        code: 'JobFailed',
        message: 'Build failed: 3 unit tests failed',
      },
    };
  }
  if (index % 10 === 7) {
    return {
      failAt: {
        stageName: STAGE.gamma,
        actionName: ACTION.integrationTests,
        code: 'JobFailed',
        message: 'Integration tests failed: checkout returned 500',
      },
    };
  }
  if (index % 13 === 5) {
    return {
      approveAfterMinutes,
      alarmDuringBakeOf: STAGE.prodWave((index % waves) + 1),
    };
  }
  if (index === 11) {
    return { approveAfterMinutes, reject: true };
  }
  return { approveAfterMinutes };
}

/**
 * Builds the demo world at `now`: the pipelines, 30 days of executions run through the simulation,
 * the live executions, alarms, findings and reports. Deterministic for a given `now`.
 */
export function buildWorld(
  now: Date,
  accountId: string,
  durations: DurationScale = NOMINAL_DURATIONS,
): World {
  const random = new SeededRandom(SEED);
  const created = new Date(now.getTime() - 120 * DAY);
  const orders = appPipeline({
    name: 'orders-service-pipeline',
    accountId,
    region: 'us-east-1',
    repository: 'acme/orders-service',
    executionMode: 'SUPERSEDED',
    tags: { [TAG.service]: 'orders-service', team: 'orders' },
    betaRegion: 'us-east-1',
    gammaRegions: ['us-east-1', 'us-west-2'],
    waves: [
      { regions: ['us-east-1'], bakeMinutes: WAVE_BAKE_MINUTES[0] },
      {
        regions: ['us-west-2', 'eu-west-1'],
        bakeMinutes: WAVE_BAKE_MINUTES[1],
      },
      {
        regions: ['ap-southeast-2', 'ap-northeast-1', 'eu-central-1'],
        bakeMinutes: WAVE_BAKE_MINUTES[2],
      },
    ],
    created,
  });
  const infra = infraPipeline({
    name: 'orders-service-infra',
    accountId,
    region: 'us-east-1',
    repository: 'acme/orders-service-infra',
    tags: {
      [TAG.service]: 'orders-service',
      team: 'orders',
      'pipeline-type': 'infrastructure',
    },
    waves: [
      { regions: ['us-east-1'], bakeMinutes: 60 },
      { regions: ['us-west-2', 'eu-west-1'], bakeMinutes: 60 },
    ],
    created,
  });
  const payments = appPipeline({
    name: 'payments-service-pipeline',
    accountId,
    region: 'eu-west-1',
    repository: 'acme/payments-service',
    executionMode: 'SUPERSEDED',
    tags: { [TAG.service]: 'payments-service', team: 'payments' },
    betaRegion: 'eu-west-1',
    gammaRegions: ['eu-west-1', 'eu-central-1'],
    waves: [
      { regions: ['eu-west-1'], bakeMinutes: WAVE_BAKE_MINUTES[0] },
      { regions: ['us-east-1'], bakeMinutes: WAVE_BAKE_MINUTES[1] },
      {
        regions: ['us-west-2', 'ap-southeast-2'],
        bakeMinutes: WAVE_BAKE_MINUTES[2],
      },
    ],
    created,
  });
  const pipelines = [orders, infra, payments];
  const { alarms, history } = buildAlarms(pipelines, now, random);
  const alarmState = (region: string, name: string) =>
    alarms.find(a => a.region === region && a.AlarmName === name)?.StateValue;
  const simulation = new PipelineSimulation(
    random,
    alarmState,
    () => true,
    durations,
  );
  const executions = new Map<string, PipelineExecutionRecord[]>(
    pipelines.map(p => [p.name, []]),
  );
  const world: World = {
    random,
    pipelines,
    executions,
    simulation,
    alarms,
    alarmHistory: history,
    findings: [],
    inspector: [],
    reportGroups: [],
    reports: [],
  };

  installRollbacks(world);

  const demoHistory = (
    pipeline: ScenarioPipeline,
    options: { gapHours: [number, number]; waves: number; stopBefore: Date },
  ) =>
    runHistory(world, pipeline, now, {
      ...options,
      planOf: index => historicPlan(index, random, options.waves),
    });
  demoHistory(orders, {
    gapHours: [14, 20],
    waves: 3,
    stopBefore: new Date(now.getTime() - 30 * HOUR),
  });
  demoHistory(infra, {
    gapHours: [50, 70],
    waves: 2,
    stopBefore: new Date(now.getTime() - 12 * HOUR),
  });
  demoHistory(payments, {
    gapHours: [24, 34],
    waves: 3,
    stopBefore: new Date(now.getTime() - 32 * HOUR),
  });
  syncWorld(world, new Date(now.getTime() - 14 * HOUR));

  // The live executions: orders waits at its manual approval; the infra pipeline (PARALLEL) has one
  // execution waiting for approval and a newer one building; payments bakes Prod-Wave1 while the
  // composite alarm of Prod-Wave2's region is in ALARM.
  const live = (
    pipeline: ScenarioPipeline,
    minutesAgo: number,
    plan: ExecutionPlan,
  ) => {
    const at = new Date(now.getTime() - minutesAgo * MINUTE);
    executions
      .get(pipeline.name)!
      .push(
        simulation.start(
          pipeline,
          at,
          commit(random, pipeline.repository, at),
          plan,
        ),
      );
  };
  live(payments, 250, { approveAfterMinutes: 45 });
  live(orders, 135, { waitForApproval: true });
  live(infra, 180, { waitForApproval: true });
  live(infra, 4, { waitForApproval: true });
  syncWorld(world, new Date(now.getTime() - 40 * MINUTE));
  const blocker = alarms.find(
    a =>
      a.region === 'us-east-1' &&
      a.AlarmName === 'payments-service-pipeline-prod-us-east-1-high-severity',
  )!;
  const p99 = alarms.find(
    a =>
      a.region === 'us-east-1' &&
      a.AlarmName === 'payments-service-pipeline-prod-us-east-1-latency-p99',
  )!;
  const alarmAt = new Date(now.getTime() - 40 * MINUTE);
  applyAlarmState(
    world,
    p99,
    'ALARM',
    'Threshold Crossed: 3 out of the last 3 datapoints [1834.2, 1710.9, 1502.4] were greater than the threshold (1200.0).',
    alarmAt,
  );
  applyAlarmState(
    world,
    blocker,
    'ALARM',
    `arn:aws:cloudwatch:us-east-1:${accountId}:alarm:${p99.AlarmName} transitioned to ALARM`,
    alarmAt,
  );
  syncWorld(world, now);

  world.findings = buildSecurityHubFindings(
    [
      {
        service: 'orders-service',
        pipeline: orders.name,
        region: 'us-east-1',
        accountId,
        counts: { inspector: 12, trivy: 8, checkov: 6, guardduty: 4 },
      },
      {
        service: 'payments-service',
        pipeline: payments.name,
        region: 'eu-west-1',
        accountId,
        counts: { inspector: 6, trivy: 4, checkov: 3, guardduty: 2 },
      },
    ],
    now,
    random,
  );
  world.inspector = buildInspectorFindings(
    [
      { service: 'orders-service', region: 'us-east-1', accountId, count: 8 },
      { service: 'payments-service', region: 'eu-west-1', accountId, count: 5 },
    ],
    now,
    random,
  );
  const { groups, reports } = buildReports(
    pipelines,
    name => executions.get(name) ?? [],
    random,
  );
  world.reportGroups = groups;
  world.reports = reports;
  return world;
}
