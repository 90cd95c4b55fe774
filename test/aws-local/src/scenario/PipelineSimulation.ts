import { startActionRun } from './actionRuns';
import { AwsServiceError } from './faults';
import type {
  ExecutionPlan,
  PipelineExecutionRecord,
  ScenarioPipeline,
  ScenarioStageDefinition,
  StageRun,
} from './pipelineRecords';
import { SeededRandom } from './seededRandom';
import { DurationScale, NOMINAL_DURATIONS } from './timing';
import {
  AlarmStateLookup,
  TrippedAlarm,
  bakeConditionRun,
  entryConditionRun,
  failBakeRun,
  passBake,
  trippedAlarm,
  waitTimeOf,
} from './stageConditions';

export type { AlarmStateLookup } from './stageConditions';

/** Where a running execution is: the next event the simulation has to process. */
export interface Cursor {
  stageIndex: number;
  phase: 'beforeEntry' | 'actions' | 'onSuccess';
  /** Index into the stage's distinct run orders while in `actions`. */
  group: number;
  /**
   * When the current phase's next event fires; undefined while waiting for an approval (or, in
   * `beforeEntry`, for a disabled transition to be enabled).
   */
  nextAt?: Date;
  /**
   * QUEUED and SUPERSEDED pipelines: since when the execution waits to enter the stage, which
   * another execution holds (a stage processes one execution at a time).
   */
  queuedAt?: Date;
}

/** Raised on rollback so the scenario can start the ROLLBACK execution of the stage. */
type RollbackListener = (
  pipeline: ScenarioPipeline,
  failed: PipelineExecutionRecord,
  stageName: string,
  at: Date,
) => void;

function runOrdersOf(stage: ScenarioStageDefinition): number[] {
  return [...new Set(stage.actions.map(a => a.runOrder))].sort((a, b) => a - b);
}

/**
 * Runs CodePipeline executions forward in scenario time: stage entry conditions, actions by run
 * order, manual approvals waiting for a decision, on-success bakes that watch alarms, failures and
 * rollbacks. It keeps the records in the shapes the CodePipeline API reports them.
 */
export class PipelineSimulation {
  /** Cursors of the running executions by id (the stage controls move them). @internal */
  readonly cursors = new Map<string, Cursor>();
  /** The stage controls' turn before an event fires (a stop, a closed transition); true: handled. */
  controlsFirst?: (
    pipeline: ScenarioPipeline,
    execution: PipelineExecutionRecord,
    cursor: Cursor,
    at: Date,
  ) => boolean;
  /**
   * The executions of a pipeline, newest first (the world's): who holds a stage, and who waits
   * to enter it, in QUEUED and SUPERSEDED mode.
   */
  executionsOf: (pipelineName: string) => readonly PipelineExecutionRecord[] =
    () => [];
  private readonly rollbackListeners: RollbackListener[] = [];
  /** Counts every state change, so answers can be cached until the world moves. */
  changes = 0;

  constructor(
    private readonly random: SeededRandom,
    private readonly alarmState: AlarmStateLookup,
    /** Whether a DeploymentWindow rule (its configuration) lets a stage in at a time. */
    private readonly windowOpen: (
      configuration: Record<string, string>,
      at: Date,
    ) => boolean = () => true,
    /** How long actions, bakes and approvals take (see {@link DurationScale}). */
    private readonly durations: DurationScale = NOMINAL_DURATIONS,
  ) {}

  onRollback(listener: RollbackListener): void {
    this.rollbackListeners.push(listener);
  }

  isActive(execution: PipelineExecutionRecord): boolean {
    return this.cursors.has(execution.pipelineExecutionId);
  }

  /** Starts an execution at `at` (the Source stage enters at once). */
  start(
    pipeline: ScenarioPipeline,
    at: Date,
    source: PipelineExecutionRecord['sourceRevision'],
    plan: ExecutionPlan,
    options: {
      executionType?: 'STANDARD' | 'ROLLBACK';
      rollbackTarget?: string;
      stageIndex?: number;
      trigger?: PipelineExecutionRecord['trigger'];
    } = {},
  ): PipelineExecutionRecord {
    this.changes++;
    const execution: PipelineExecutionRecord = {
      pipelineName: pipeline.name,
      pipelineVersion: pipeline.version,
      pipelineExecutionId: this.random.uuid(),
      status: 'InProgress',
      startTime: at,
      lastUpdateTime: at,
      executionMode: pipeline.executionMode,
      executionType: options.executionType ?? 'STANDARD',
      rollbackTargetPipelineExecutionId: options.rollbackTarget,
      trigger: options.trigger ?? {
        triggerType: 'Webhook',
        triggerDetail: `arn:aws:codeconnections:${pipeline.region}:${pipeline.accountId}:connection/7d2f1c3e-0b8a-4d44-9d35-2f0e8c1b6a10`,
      },
      sourceRevision: source,
      stageRuns: [],
      plan,
    };
    this.cursors.set(execution.pipelineExecutionId, {
      stageIndex: options.stageIndex ?? 0,
      phase: 'beforeEntry',
      group: 0,
      nextAt: at,
    });
    return execution;
  }

  /**
   * Processes every event of the execution up to `until`. Bakes are checked against the current
   * alarm state first, so an alarm set to ALARM during a bake rolls the stage back.
   */
  progress(
    pipeline: ScenarioPipeline,
    execution: PipelineExecutionRecord,
    until: Date,
  ): void {
    for (let guard = 0; guard < 10_000; guard++) {
      const cursor = this.cursors.get(execution.pipelineExecutionId);
      if (!cursor) return;
      const stage = pipeline.stages[cursor.stageIndex];
      const run = this.currentStageRun(execution, stage.name);
      if (cursor.phase === 'onSuccess' && run?.onSuccess && cursor.nextAt) {
        const tripped = trippedAlarm(
          stage.onSuccess?.conditions ?? [],
          this.alarmState,
        );
        if (tripped && until < cursor.nextAt) {
          // The bake watches the alarm continuously: it fails the moment the alarm is in ALARM.
          this.failBake(
            pipeline,
            execution,
            stage,
            run,
            tripped,
            until < run.onSuccess.startTime ? run.onSuccess.startTime : until,
          );
          continue;
        }
      }
      if (!cursor.nextAt || cursor.nextAt > until) return;
      this.fire(pipeline, execution, cursor, cursor.nextAt);
    }
  }

  /** @internal */
  currentStageRun(
    execution: PipelineExecutionRecord,
    stageName: string,
  ): StageRun | undefined {
    for (let i = execution.stageRuns.length - 1; i >= 0; i--) {
      if (execution.stageRuns[i].stageName === stageName)
        return execution.stageRuns[i];
    }
    return undefined;
  }

  private fire(
    pipeline: ScenarioPipeline,
    execution: PipelineExecutionRecord,
    cursor: Cursor,
    at: Date,
  ) {
    this.changes++;
    const stage = pipeline.stages[cursor.stageIndex];
    execution.lastUpdateTime = at;
    if (this.controlsFirst?.(pipeline, execution, cursor, at)) return;
    if (cursor.phase === 'beforeEntry') {
      this.enterStage(pipeline, execution, cursor, stage, at);
      return;
    }
    const run = this.currentStageRun(execution, stage.name)!;
    if (cursor.phase === 'actions') {
      this.completeGroup(pipeline, execution, cursor, stage, run, at);
      return;
    }
    // onSuccess: the bake is over without the alarm tripping (or the plan trips it now).
    if (execution.plan.alarmDuringBakeOf === stage.name) {
      const rule = stage.onSuccess!.conditions[0].rules[0];
      this.failBake(
        pipeline,
        execution,
        stage,
        run,
        {
          region: rule.region ?? pipeline.region,
          name: rule.configuration.AlarmName.split(',')[0],
        },
        at,
      );
      return;
    }
    passBake(run.onSuccess!, at);
    this.completeStage(pipeline, execution, cursor, run, at);
  }

  /**
   * Whether the execution has to wait to enter its cursor's stage: in QUEUED and SUPERSEDED mode
   * a stage processes one execution at a time, and the others wait in line to enter it (status
   * InProgress). In SUPERSEDED mode a newer execution arriving supersedes the older one waiting
   * there (status Superseded); in QUEUED mode they wait in the order they arrive. A rollback does
   * not wait.
   */
  private waitsToEnter(
    pipeline: ScenarioPipeline,
    execution: PipelineExecutionRecord,
    cursor: Cursor,
    at: Date,
  ): boolean {
    if (
      pipeline.executionMode === 'PARALLEL' ||
      execution.executionType === 'ROLLBACK'
    ) {
      return false;
    }
    const others = this.executionsOf(pipeline.name)
      .filter(o => o !== execution)
      .map(o => ({ o, c: this.cursors.get(o.pipelineExecutionId) }))
      .filter(
        (x): x is { o: PipelineExecutionRecord; c: Cursor } =>
          x.c?.stageIndex === cursor.stageIndex,
      );
    if (!others.some(({ c }) => c.phase !== 'beforeEntry')) {
      cursor.queuedAt = undefined;
      return false;
    }
    if (pipeline.executionMode === 'SUPERSEDED') {
      for (const { o, c } of others) {
        if (c.queuedAt && o.startTime < execution.startTime) {
          o.status = 'Superseded';
          o.statusSummary = `Superseded by ${execution.pipelineExecutionId}`;
          o.lastUpdateTime = at;
          this.cursors.delete(o.pipelineExecutionId);
        }
      }
    }
    cursor.queuedAt ??= at;
    cursor.nextAt = undefined;
    return true;
  }

  /**
   * The execution is over (stopped): it leaves the line it waited in, or, if it held its stage,
   * unlocks the stage for the first execution waiting in line.
   * @internal
   */
  end(
    pipeline: ScenarioPipeline,
    execution: PipelineExecutionRecord,
    at: Date,
  ) {
    const cursor = this.cursors.get(execution.pipelineExecutionId);
    if (!cursor) return;
    this.changes++;
    this.cursors.delete(execution.pipelineExecutionId);
    if (cursor.phase !== 'beforeEntry') {
      this.leaveStage(pipeline, cursor.stageIndex, at);
    }
  }

  /** The stage at `stageIndex` is free again: the first execution waiting in line enters it. */
  private leaveStage(pipeline: ScenarioPipeline, stageIndex: number, at: Date) {
    const next = this.executionsOf(pipeline.name)
      .map(o => ({ o, c: this.cursors.get(o.pipelineExecutionId) }))
      .filter(
        (
          x,
        ): x is {
          o: PipelineExecutionRecord;
          c: Cursor & { queuedAt: Date };
        } => x.c?.stageIndex === stageIndex && x.c.queuedAt !== undefined,
      )
      .sort(
        (a, b) =>
          a.c.queuedAt.getTime() - b.c.queuedAt.getTime() ||
          a.o.startTime.getTime() - b.o.startTime.getTime(),
      )[0];
    if (next) next.c.nextAt = at;
  }

  private enterStage(
    pipeline: ScenarioPipeline,
    execution: PipelineExecutionRecord,
    cursor: Cursor,
    stage: ScenarioStageDefinition,
    at: Date,
  ) {
    if (this.waitsToEnter(pipeline, execution, cursor, at)) return;
    const run: StageRun = {
      stageName: stage.name,
      status: 'InProgress',
      startTime: at,
      actions: [],
    };
    execution.stageRuns.push(run);
    // A rollback re-deploys the last good revision at once: entry conditions and bakes do not apply.
    const isRollback = execution.executionType === 'ROLLBACK';
    const conditions = isRollback ? [] : stage.beforeEntry?.conditions ?? [];
    if (conditions.length > 0) {
      const entry = entryConditionRun(conditions, this.random, at, {
        alarmState: this.alarmState,
        windowOpen: this.windowOpen,
      });
      run.beforeEntry = entry.run;
      if (entry.blocked) {
        run.status = 'Failed';
        run.endTime = at;
        execution.status = 'Failed';
        execution.statusSummary = `Stage ${stage.name} was not entered: ${entry.blocked}`;
        this.cursors.delete(execution.pipelineExecutionId);
        return;
      }
    }
    cursor.phase = 'actions';
    cursor.group = 0;
    this.startGroup(pipeline, execution, cursor, stage, run, at);
  }

  /** Starts the actions of the run order `only` accepts (a retry's failed ones). @internal */
  startGroup(
    pipeline: ScenarioPipeline,
    execution: PipelineExecutionRecord,
    cursor: Cursor,
    stage: ScenarioStageDefinition,
    run: StageRun,
    at: Date,
    only: (actionName: string) => boolean = () => true,
  ) {
    const order = runOrdersOf(stage)[cursor.group];
    let latest: Date | undefined = at;
    for (const def of stage.actions.filter(
      a => a.runOrder === order && only(a.name),
    )) {
      const actionRun = startActionRun(
        def,
        pipeline,
        execution,
        this.random,
        at,
        this.durations,
      );
      run.actions.push(actionRun);
      // An approval waiting for a decision holds the group until PutApprovalResult.
      if (!actionRun.endsAt) latest = undefined;
      else if (latest && actionRun.endsAt > latest) latest = actionRun.endsAt;
    }
    cursor.nextAt = latest;
  }

  private completeGroup(
    pipeline: ScenarioPipeline,
    execution: PipelineExecutionRecord,
    cursor: Cursor,
    stage: ScenarioStageDefinition,
    run: StageRun,
    at: Date,
  ) {
    const order = runOrdersOf(stage)[cursor.group];
    const names = new Set(
      stage.actions.filter(a => a.runOrder === order).map(a => a.name),
    );
    let failed = false;
    let failure = `Action failed in stage ${stage.name}`;
    for (const actionRun of run.actions) {
      if (!names.has(actionRun.actionName) || actionRun.status !== 'InProgress')
        continue;
      const end = actionRun.endsAt ?? at;
      const failAt = execution.plan.failAt;
      actionRun.lastUpdateTime = end;
      actionRun.endsAt = undefined;
      if (
        failAt &&
        failAt.stageName === stage.name &&
        failAt.actionName === actionRun.actionName
      ) {
        actionRun.status = 'Failed';
        actionRun.errorDetails = { code: failAt.code, message: failAt.message };
        actionRun.summary = failAt.message;
        failure = `Action ${actionRun.actionName} failed in stage ${stage.name}: ${failAt.message}`;
        failed = true;
      } else if (actionRun.token) {
        const rejected = execution.plan.reject === true;
        actionRun.status = rejected ? 'Failed' : 'Succeeded';
        actionRun.summary = rejected
          ? 'Rejected: gamma latency regression'
          : 'Approved: gamma bake clean';
        actionRun.updatedBy = `arn:aws:sts::${pipeline.accountId}:assumed-role/release-managers/jdoe`;
        if (rejected) {
          actionRun.errorDetails = {
            code: 'JobFailed',
            message: 'Approval rejected',
          };
          failure = `Rejected in stage ${stage.name}: ${actionRun.summary}`;
          failed = true;
        }
      } else {
        actionRun.status = 'Succeeded';
        actionRun.percentComplete = 100;
      }
    }
    if (failed) {
      this.failStage(pipeline, execution, stage, run, at, failure);
      return;
    }
    const orders = runOrdersOf(stage);
    if (cursor.group + 1 < orders.length) {
      cursor.group += 1;
      this.startGroup(pipeline, execution, cursor, stage, run, at);
      return;
    }
    const bakeConditions =
      execution.executionType === 'ROLLBACK'
        ? []
        : stage.onSuccess?.conditions ?? [];
    if (bakeConditions.length > 0) {
      const wait = waitTimeOf(bakeConditions);
      cursor.phase = 'onSuccess';
      cursor.nextAt = this.durations.endOf(at, wait);
      run.onSuccess = bakeConditionRun(
        bakeConditions,
        this.random,
        at,
        cursor.nextAt,
      );
      if (execution.plan.alarmDuringBakeOf === stage.name) {
        // The scripted regression shows up a third of the way into the bake.
        cursor.nextAt = this.durations.endOf(
          at,
          Math.max(1, Math.round(wait / 3)),
        );
      }
      return;
    }
    this.completeStage(pipeline, execution, cursor, run, at);
  }

  /** @internal */
  completeStage(
    pipeline: ScenarioPipeline,
    execution: PipelineExecutionRecord,
    cursor: Cursor,
    run: StageRun,
    at: Date,
  ) {
    run.status = 'Succeeded';
    run.endTime = at;
    this.leaveStage(pipeline, cursor.stageIndex, at);
    const isRollback = execution.executionType === 'ROLLBACK';
    if (isRollback || cursor.stageIndex + 1 >= pipeline.stages.length) {
      execution.status = 'Succeeded';
      execution.lastUpdateTime = at;
      this.cursors.delete(execution.pipelineExecutionId);
      return;
    }
    cursor.stageIndex += 1;
    cursor.phase = 'beforeEntry';
    cursor.group = 0;
    cursor.nextAt = at;
  }

  private failBake(
    pipeline: ScenarioPipeline,
    execution: PipelineExecutionRecord,
    stage: ScenarioStageDefinition,
    run: StageRun,
    alarm: TrippedAlarm,
    at: Date,
  ) {
    this.changes++;
    failBakeRun(run.onSuccess!, alarm, at);
    this.failStage(
      pipeline,
      execution,
      stage,
      run,
      at,
      `Stage ${stage.name} rolled back: alarm ${alarm.name} in ${alarm.region} went into ALARM during the bake`,
    );
  }

  private failStage(
    pipeline: ScenarioPipeline,
    execution: PipelineExecutionRecord,
    stage: ScenarioStageDefinition,
    run: StageRun,
    at: Date,
    summary: string,
  ) {
    run.status = 'Failed';
    run.endTime = at;
    execution.status = 'Failed';
    execution.statusSummary = summary;
    execution.lastUpdateTime = at;
    this.cursors.delete(execution.pipelineExecutionId);
    this.leaveStage(pipeline, pipeline.stages.indexOf(stage), at);
    if (
      stage.onFailure?.result === 'ROLLBACK' &&
      execution.executionType === 'STANDARD'
    ) {
      run.onFailure = {
        status: 'Succeeded',
        summary:
          'Result ROLLBACK: rolling back to the last successful execution of the stage',
        startTime: at,
        lastStatusChange: at,
        rules: [],
      };
      for (const listener of this.rollbackListeners)
        listener(pipeline, execution, stage.name, at);
    }
  }

  /** PutApprovalResult on a waiting approval action. */
  decideApproval(
    pipeline: ScenarioPipeline,
    execution: PipelineExecutionRecord,
    stageName: string,
    actionName: string,
    decision: {
      status: 'Approved' | 'Rejected';
      summary: string;
      decidedBy: string;
    },
    at: Date,
  ): void {
    this.changes++;
    const cursor = this.cursors.get(execution.pipelineExecutionId);
    const stage = pipeline.stages.find(s => s.name === stageName)!;
    const run = this.currentStageRun(execution, stageName)!;
    const actionRun = run.actions.find(
      a => a.actionName === actionName && a.status === 'InProgress',
    );
    if (!cursor || !actionRun) {
      throw new AwsServiceError(
        'ApprovalAlreadyCompletedException',
        'The approval action has already been approved or rejected.',
      );
    }
    actionRun.status = decision.status === 'Approved' ? 'Succeeded' : 'Failed';
    actionRun.summary = decision.summary;
    actionRun.updatedBy = decision.decidedBy;
    actionRun.lastUpdateTime = at;
    execution.lastUpdateTime = at;
    if (decision.status === 'Rejected') {
      actionRun.errorDetails = {
        code: 'JobFailed',
        message: `Rejected: ${decision.summary}`,
      };
      run.status = 'Failed';
      run.endTime = at;
      execution.status = 'Failed';
      execution.statusSummary = `Rejected in stage ${stageName}: ${decision.summary}`;
      this.cursors.delete(execution.pipelineExecutionId);
      this.leaveStage(pipeline, pipeline.stages.indexOf(stage), at);
      return;
    }
    // Other actions of the same run order may still run; the group completes when all are done.
    const stillRunning = run.actions.filter(a => a.status === 'InProgress');
    if (stillRunning.length === 0) {
      this.completeGroup(pipeline, execution, cursor, stage, run, at);
    } else {
      cursor.nextAt = stillRunning.reduce(
        (d, a) => (a.endsAt && a.endsAt > d ? a.endsAt : d),
        at,
      );
    }
  }
}
