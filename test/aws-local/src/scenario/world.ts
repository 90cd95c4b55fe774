import { ACTION } from '@dpra/pipeline-contract';
import type { PipelineSimulation } from './PipelineSimulation';
import type { SeededRandom } from './seededRandom';
import type { SynthesizedAppConfigApplication } from '../world/appConfigFromTerraform';
import type {
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

/** Everything `reset()` rebuilds: the world's records and its simulation. */
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
  /** The AppConfig applications the stacks declare (their deployments come from the pipelines' runs). */
  appConfig: SynthesizedAppConfigApplication[];
}

/** Executions, newest first (as ListPipelineExecutions lists them). */
export function sortedNewestFirst(executions: PipelineExecutionRecord[]) {
  return [...executions].sort(
    (a, b) => b.startTime.getTime() - a.startTime.getTime(),
  );
}

/** Runs every active execution up to `until`. */
/** Fires the pipeline's events up to `until`, the earliest first across its executions. */
function progressInTimeOrder(
  world: World,
  pipeline: ScenarioPipeline,
  until: Date,
) {
  const { simulation } = world;
  for (let guard = 0; guard < 100_000; guard++) {
    let next: { execution: PipelineExecutionRecord; at: Date } | undefined;
    for (const execution of world.executions.get(pipeline.name) ?? []) {
      const at = simulation.cursors.get(execution.pipelineExecutionId)?.nextAt;
      // Newest first: on a tie the older execution (later in the list) goes first.
      if (at && at <= until && (!next || at <= next.at)) {
        next = { execution, at };
      }
    }
    if (!next) return;
    simulation.progress(pipeline, next.execution, next.at);
  }
}

export function syncWorld(world: World, until: Date) {
  // A rollback adds an execution while we iterate; go round again until no new one appears.
  const total = () =>
    [...world.executions.values()].reduce((n, list) => n + list.length, 0);
  for (let round = 0; round < 20; round++) {
    const before = total();
    for (const pipeline of world.pipelines) {
      if (pipeline.executionMode !== 'PARALLEL') {
        // A stage holds one execution at a time: the executions' events run in time order, so
        // each finds the stage as the others left it at that moment.
        progressInTimeOrder(world, pipeline, until);
      }
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

/** The DescribeAlarmHistory item AWS writes on a state change. */
export function stateUpdateHistory(
  alarm: AlarmRecord,
  from: string,
  to: string,
  reason: string,
  at: Date,
): AlarmHistoryRecord {
  return {
    region: alarm.region,
    AlarmName: alarm.AlarmName,
    AlarmType: alarm.kind,
    Timestamp: at,
    HistoryItemType: 'StateUpdate',
    HistorySummary: `Alarm updated from ${from} to ${to}`,
    HistoryData: JSON.stringify({
      version: '1.0',
      oldState: { stateValue: from },
      newState: { stateValue: to, stateReason: reason },
    }),
  };
}
