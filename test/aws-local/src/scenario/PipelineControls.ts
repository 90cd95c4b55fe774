import { World, commit, sortedNewestFirst } from './world';
import type { Cursor } from './PipelineSimulation';
import type { PipelineControls } from './pipelineControlTypes';
import { StageTransitions } from './StageTransitions';
import {
  AwsServiceError,
  PipelineExecutionRecord,
  ScenarioPipeline,
} from './types';

/** The pipeline, the stage's index and the executions a control works on. */
interface Located {
  pipeline: ScenarioPipeline;
  stageIndex: number;
  executions: PipelineExecutionRecord[];
}

/**
 * {@link PipelineControls} over a world and its simulation. A new instance comes with every world
 * (reset forgets disabled transitions and request tokens with the executions).
 */
export class WorldPipelineControls implements PipelineControls {
  private readonly transitions: StageTransitions;
  /** Stopping executions: what ends them once their running actions finished. */
  private readonly stopping = new Map<
    string,
    (execution: PipelineExecutionRecord, at: Date) => void
  >();
  /** StartPipelineExecution's idempotency: request token → execution id. */
  private readonly started = new Map<string, string>();

  constructor(
    private readonly world: World,
    private readonly now: () => Date,
    /** Brings the world up to the clock (executions progress) before and after a change. */
    private readonly sync: () => void,
  ) {
    this.transitions = new StageTransitions(world);
    world.simulation.controlsFirst = (pipeline, execution, cursor, at) => {
      const stop = this.stopping.get(execution.pipelineExecutionId);
      if (stop) {
        stop(execution, at);
        return true;
      }
      if (
        cursor.phase === 'beforeEntry' &&
        !this.transitions.mayEnter(pipeline, cursor.stageIndex, execution)
      ) {
        // Held before the stage until the transition is enabled again.
        cursor.nextAt = undefined;
        return true;
      }
      return false;
    };
  }

  retryStageExecution(input: {
    pipelineName: string;
    stageName: string;
    pipelineExecutionId: string;
    retryMode: 'FAILED_ACTIONS' | 'ALL_ACTIONS';
  }) {
    const { pipeline, stageIndex, executions } = this.locate(
      input.pipelineName,
      input.stageName,
    );
    const { simulation } = this.world;
    const execution = executions.find(
      e => e.pipelineExecutionId === input.pipelineExecutionId,
    );
    const run =
      execution &&
      this.world.simulation.currentStageRun(execution, input.stageName);
    if (
      !execution ||
      !run ||
      (run.status !== 'Failed' && run.status !== 'Stopped') ||
      simulation.isActive(execution)
    ) {
      throw new AwsServiceError(
        'StageNotRetryableException',
        `Unable to retry. Stage ${input.stageName} of execution ${input.pipelineExecutionId} is not failed or stopped.`,
      );
    }
    this.requireLatest(executions, execution, input.stageName);
    const stage = pipeline.stages[stageIndex];
    const at = this.now();
    // The newest attempt of each action decides whether it failed.
    const latestAttempt = new Map<string, (typeof run.actions)[number]>();
    for (const a of run.actions) {
      const seen = latestAttempt.get(a.actionName);
      if (!seen || a.startTime >= seen.startTime)
        latestAttempt.set(a.actionName, a);
    }
    const failed = new Set(
      [...latestAttempt.values()]
        .filter(a => a.status === 'Failed' || a.status === 'Abandoned')
        .map(a => a.actionName),
    );
    const orders = [...new Set(stage.actions.map(a => a.runOrder))].sort(
      (a, b) => a - b,
    );
    let group = 0;
    let only: (name: string) => boolean = () => true;
    if (input.retryMode === 'FAILED_ACTIONS' && run.actions.length > 0) {
      if (failed.size === 0) {
        throw new AwsServiceError(
          'StageNotRetryableException',
          `Unable to retry. Stage ${input.stageName} contains no failed actions.`,
        );
      }
      group = Math.min(
        ...stage.actions
          .filter(a => failed.has(a.name))
          .map(a => orders.indexOf(a.runOrder)),
      );
      only = name => failed.has(name) || !latestAttempt.has(name);
    }
    // A retried failure is assumed fixed: the scripted failure or alarm does not strike again.
    execution.plan = {
      ...execution.plan,
      failAt: undefined,
      alarmDuringBakeOf: undefined,
    };
    execution.status = 'InProgress';
    execution.statusSummary = undefined;
    execution.lastUpdateTime = at;
    simulation.changes++;
    if (run.actions.length === 0) {
      // The stage was never entered (its entry condition failed): evaluate it again.
      simulation.cursors.set(execution.pipelineExecutionId, {
        stageIndex,
        phase: 'beforeEntry',
        group: 0,
        nextAt: at,
      });
    } else {
      run.status = 'InProgress';
      run.endTime = undefined;
      run.onSuccess = undefined;
      run.onFailure = undefined;
      const cursor: Cursor = { stageIndex, phase: 'actions', group };
      simulation.cursors.set(execution.pipelineExecutionId, cursor);
      const before = run.actions.length;
      simulation.startGroup(pipeline, execution, cursor, stage, run, at, only);
      // The new attempts come first: GetPipelineState shows the latest attempt of an action.
      run.actions = [
        ...run.actions.slice(before),
        ...run.actions.slice(0, before),
      ];
    }
    this.sync();
    return { pipelineExecutionId: execution.pipelineExecutionId };
  }

  stopPipelineExecution(input: {
    pipelineName: string;
    pipelineExecutionId: string;
    abandon: boolean;
    reason?: string;
  }) {
    const { pipeline, executions } = this.locate(input.pipelineName);
    const { simulation } = this.world;
    const execution = executions.find(
      e => e.pipelineExecutionId === input.pipelineExecutionId,
    );
    if (execution?.status === 'Stopping' && !input.abandon) {
      throw new AwsServiceError(
        'DuplicatedStopRequestException',
        `Execution ${input.pipelineExecutionId} is already stopping; to stop it at once, abandon it.`,
      );
    }
    const cursor =
      execution && simulation.cursors.get(execution.pipelineExecutionId);
    if (!execution || !cursor) {
      throw new AwsServiceError(
        'PipelineExecutionNotStoppableException',
        `Unable to stop the pipeline execution ${input.pipelineExecutionId}: it is not in progress.`,
      );
    }
    const at = this.now();
    simulation.changes++;
    execution.lastUpdateTime = at;
    if (input.reason) execution.statusSummary = input.reason;
    const run = this.world.simulation.currentStageRun(
      execution,
      pipeline.stages[cursor.stageIndex].name,
    );
    const current =
      run && run.status !== 'Succeeded' && run.status !== 'Failed';
    const running = current
      ? run.actions.filter(a => a.status === 'InProgress')
      : [];
    for (const a of running) {
      // Abandoned actions stop at once; a manual approval has nothing to finish.
      if (input.abandon || !a.endsAt) {
        a.status = 'Abandoned';
        a.summary = 'Abandoned: the pipeline execution was stopped';
        a.endsAt = undefined;
        a.lastUpdateTime = at;
      }
    }
    if (current) {
      for (const condition of [run.beforeEntry, run.onSuccess]) {
        if (condition?.status === 'InProgress') {
          condition.status = 'Cancelled';
          condition.lastStatusChange = at;
          condition.rules.forEach(r => {
            if (r.status === 'InProgress') r.status = 'Cancelled';
          });
        }
      }
    }
    const finish = (e: PipelineExecutionRecord, end: Date) => {
      for (const a of current ? run.actions : []) {
        if (a.status === 'InProgress') {
          a.status = 'Succeeded';
          a.percentComplete = 100;
          a.lastUpdateTime = a.endsAt ?? end;
          a.endsAt = undefined;
        }
      }
      if (current) {
        run.status = 'Stopped';
        run.endTime = end;
      }
      e.status = 'Stopped';
      e.lastUpdateTime = end;
      // The stage unlocks (the next run in line enters it), or the run leaves the line it waited in.
      simulation.end(pipeline, e, end);
      this.stopping.delete(e.pipelineExecutionId);
    };
    const unfinished = running.filter(a => a.status === 'InProgress');
    if (unfinished.length === 0) {
      finish(execution, at);
    } else {
      execution.status = 'Stopping';
      run!.status = 'Stopping';
      cursor.nextAt = unfinished.reduce(
        (d, a) => (a.endsAt! > d ? a.endsAt! : d),
        at,
      );
      this.stopping.set(execution.pipelineExecutionId, finish);
    }
    this.sync();
    return { pipelineExecutionId: execution.pipelineExecutionId };
  }

  rollbackStage(input: {
    pipelineName: string;
    stageName: string;
    targetPipelineExecutionId: string;
    requestedBy?: string;
  }) {
    const { pipeline, stageIndex, executions } = this.locate(
      input.pipelineName,
      input.stageName,
    );
    const { simulation } = this.world;
    const stage = pipeline.stages[stageIndex];
    if (stage.actions.some(a => a.actionTypeId.category === 'Source')) {
      throw new AwsServiceError(
        'UnableToRollbackStageException',
        `Unable to roll back stage ${stage.name}: a source stage cannot be rolled back.`,
      );
    }
    const target = executions.find(
      e => e.pipelineExecutionId === input.targetPipelineExecutionId,
    );
    if (!target) {
      throw new AwsServiceError(
        'PipelineExecutionNotFoundException',
        `Pipeline execution ID ${input.targetPipelineExecutionId} does not exist in the pipeline ${pipeline.name}`,
      );
    }
    if (target.pipelineVersion !== pipeline.version) {
      throw new AwsServiceError(
        'PipelineExecutionOutdatedException',
        `Execution ${target.pipelineExecutionId} ran version ${target.pipelineVersion} of the pipeline, not the current version ${pipeline.version}.`,
      );
    }
    if (
      target.executionType === 'ROLLBACK' ||
      this.world.simulation.currentStageRun(target, stage.name)?.status !==
        'Succeeded'
    ) {
      throw new AwsServiceError(
        'UnableToRollbackStageException',
        `Unable to roll back stage ${stage.name} to execution ${target.pipelineExecutionId}: it is not a standard execution that succeeded in the stage.`,
      );
    }
    const busy = executions.some(e => {
      const cursor = simulation.cursors.get(e.pipelineExecutionId);
      return (
        cursor?.stageIndex === stageIndex && cursor.phase !== 'beforeEntry'
      );
    });
    if (busy) {
      throw new AwsServiceError(
        'UnableToRollbackStageException',
        `Unable to roll back stage ${stage.name}: the stage is currently running.`,
      );
    }
    const at = this.now();
    const rollback = simulation.start(
      pipeline,
      at,
      target.sourceRevision,
      {},
      {
        executionType: 'ROLLBACK',
        rollbackTarget: target.pipelineExecutionId,
        stageIndex,
        trigger: {
          triggerType: 'ManualRollback',
          triggerDetail:
            input.requestedBy ?? `arn:aws:iam::${pipeline.accountId}:root`,
        },
      },
    );
    this.world.executions.get(pipeline.name)!.push(rollback);
    this.sync();
    return { pipelineExecutionId: rollback.pipelineExecutionId };
  }

  setStageTransition(input: {
    pipelineName: string;
    stageName: string;
    transitionType: 'Inbound' | 'Outbound';
    enabled: boolean;
    reason?: string;
    changedBy?: string;
  }) {
    const { pipeline, stageIndex } = this.locate(
      input.pipelineName,
      input.stageName,
    );
    this.transitions.set(pipeline, stageIndex, input, this.now());
    this.sync();
  }

  inboundTransitionState(pipelineName: string, stageName: string) {
    return this.transitions.inbound(pipelineName, stageName);
  }

  overrideStageCondition(input: {
    pipelineName: string;
    stageName: string;
    pipelineExecutionId: string;
    conditionType: 'BEFORE_ENTRY' | 'ON_SUCCESS';
  }) {
    const { pipeline, stageIndex, executions } = this.locate(
      input.pipelineName,
      input.stageName,
    );
    const { simulation } = this.world;
    const execution = executions.find(
      e => e.pipelineExecutionId === input.pipelineExecutionId,
    );
    const notOverridable = () =>
      new AwsServiceError(
        'ConditionNotOverridableException',
        `Unable to override: the ${input.conditionType} condition of stage ${input.stageName} in execution ${input.pipelineExecutionId} is not in progress or failed.`,
      );
    const run =
      execution &&
      this.world.simulation.currentStageRun(execution, input.stageName);
    if (!execution || !run) throw notOverridable();
    this.requireLatest(executions, execution, input.stageName);
    const stage = pipeline.stages[stageIndex];
    const at = this.now();
    const cursor = simulation.cursors.get(execution.pipelineExecutionId);
    if (input.conditionType === 'ON_SUCCESS') {
      const bake = run.onSuccess;
      if (
        !cursor ||
        cursor.stageIndex !== stageIndex ||
        cursor.phase !== 'onSuccess' ||
        bake?.status !== 'InProgress'
      ) {
        throw notOverridable();
      }
      bake.status = 'Overridden';
      bake.summary =
        'Overridden: the stage was let through before the wait ended';
      bake.lastStatusChange = at;
      bake.endsAt = undefined;
      bake.rules.forEach(r => {
        r.status = 'Abandoned';
        r.lastStatusChange = at;
      });
      simulation.completeStage(pipeline, execution, cursor, run, at);
    } else {
      // An entry condition that failed held the execution before the stage: let it in.
      if (
        cursor ||
        run.beforeEntry?.status !== 'Failed' ||
        run.actions.length > 0
      ) {
        throw notOverridable();
      }
      run.beforeEntry.status = 'Overridden';
      run.beforeEntry.lastStatusChange = at;
      run.status = 'InProgress';
      run.endTime = undefined;
      execution.status = 'InProgress';
      execution.statusSummary = undefined;
      const entered: Cursor = { stageIndex, phase: 'actions', group: 0 };
      simulation.cursors.set(execution.pipelineExecutionId, entered);
      simulation.startGroup(pipeline, execution, entered, stage, run, at);
    }
    execution.lastUpdateTime = at;
    simulation.changes++;
    this.sync();
  }

  startPipelineExecution(input: {
    pipelineName: string;
    clientRequestToken?: string;
    startedBy?: string;
  }) {
    const { pipeline } = this.locate(input.pipelineName);
    const key =
      input.clientRequestToken &&
      `${pipeline.name}\u0000${input.clientRequestToken}`;
    const earlier = key ? this.started.get(key) : undefined;
    if (earlier) return { pipelineExecutionId: earlier };
    const at = this.now();
    const execution = this.world.simulation.start(
      pipeline,
      at,
      commit(this.world.random, pipeline.repository, at),
      { waitForApproval: true },
      {
        trigger: {
          triggerType: 'StartPipelineExecution',
          triggerDetail:
            input.startedBy ?? `arn:aws:iam::${pipeline.accountId}:root`,
        },
      },
    );
    this.world.executions.get(pipeline.name)!.push(execution);
    if (key) this.started.set(key, execution.pipelineExecutionId);
    this.sync();
    return { pipelineExecutionId: execution.pipelineExecutionId };
  }

  /** A stage that ran in a later execution cannot be changed through an earlier one. */
  private requireLatest(
    executions: PipelineExecutionRecord[],
    execution: PipelineExecutionRecord,
    stageName: string,
  ) {
    // Later by the stage's own runs: a rollback started after this execution may have run the
    // stage before this execution reached it.
    const mine =
      this.world.simulation.currentStageRun(execution, stageName)?.startTime ??
      execution.startTime;
    const later = executions.find(
      e =>
        e !== execution &&
        e.stageRuns.some(r => r.stageName === stageName && r.startTime > mine),
    );
    if (later) {
      throw new AwsServiceError(
        'NotLatestPipelineExecutionException',
        `Stage ${stageName} ran in a later execution (${later.pipelineExecutionId}); execution ${execution.pipelineExecutionId} is out of date.`,
      );
    }
  }

  private locate(pipelineName: string, stageName?: string): Located {
    this.sync();
    const pipeline = this.world.pipelines.find(p => p.name === pipelineName);
    if (!pipeline) {
      throw new AwsServiceError(
        'PipelineNotFoundException',
        `Pipeline ${pipelineName} does not exist`,
      );
    }
    const stageIndex = stageName
      ? pipeline.stages.findIndex(s => s.name === stageName)
      : -1;
    if (stageName && stageIndex < 0) {
      throw new AwsServiceError(
        'StageNotFoundException',
        `Stage ${stageName} does not exist in pipeline ${pipelineName}`,
      );
    }
    return {
      pipeline,
      stageIndex,
      executions: sortedNewestFirst(
        this.world.executions.get(pipeline.name) ?? [],
      ),
    };
  }
}
