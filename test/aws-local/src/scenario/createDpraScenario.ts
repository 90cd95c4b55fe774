import {
  World,
  applyAlarmState,
  commit,
  sortedNewestFirst,
  syncWorld,
} from './world';
import {
  AlarmHistoryRecord,
  AlarmRecord,
  AsffFinding,
  AwsScenario,
  AwsServiceError,
  AwsServiceName,
  CodeBuildReportGroupRecord,
  CodeBuildReportRecord,
  FaultSpec,
  Inspector2Finding,
  PipelineExecutionRecord,
  ScenarioPipeline,
  ServedCall,
} from './types';
import { SpecWorldOptions, buildSpecWorld } from '../world/specWorld';
import { addSpecPipelines } from '../world/addSpecPipelines';
import type { SynthesizedDeclarations } from '../world/fromTerraform';
import { DurationScale, NOMINAL_DURATIONS, compressedAfter } from './timing';
import { WorldPipelineControls } from './PipelineControls';
import { batchImportFindings } from './securityHubImport';
import {
  AppConfigRegionView,
  appConfigRegionView,
} from './appConfigDeployments';
import type { PipelineControls } from './pipelineControlTypes';

/**
 * Options of {@link createDpraScenario}.
 *
 * @public
 */
export interface DpraScenarioOptions {
  /**
   * Source of the scenario's "now". When absent the clock stands at the moment of creation (or
   * follows the wall clock with `realTime`), and only `advance` moves it.
   */
  now?: () => Date;
  /** Account owning every resource; `111111111111` by default. */
  accountId?: string;
  /**
   * Follow the wall clock (the local server's mode): the scenario's "now" is the real time, so
   * every timestamp it reports is consistent with a viewer's clock. Off by default.
   */
  realTime?: boolean;
  /**
   * With `realTime`, how many times shorter than declared the actions, bakes and approvals that
   * run from the start on are (60: a 12 h bake ends after 12 min), so the local portal visibly moves. The
   * clock is never compressed: a run started at T never reports a start in the future or a
   * duration longer than now − T. 1 by default.
   */
  speed?: number;
  /**
   * When set, a pipeline that has been idle this many minutes (compressed by `speed`) gets a new commit, whose
   * execution runs up to its manual approval. Off by default (tests stay as scripted); the local
   * server's `--new-commits-every` turns it on for a long-running local portal.
   */
  newCommitsEveryMinutes?: number;
  /**
   * The world, built from synthesized specs (see `loadSpecDeclarations`, or
   * `createExampleScenario` for the example specs): exactly the declared pipelines, alarms and
   * report groups, with history and the given live situations.
   */
  world: SpecWorldOptions;
}
/**
 * The scenario, and the specs applied while it runs.
 *
 * @public
 */
export interface DpraAwsScenario extends AwsScenario {
  /**
   * Adds a spec's pipelines at the scenario's now, each with its first execution running (see
   * world/addSpecPipelines); `reset()` keeps them. Returns their names.
   */
  addSpecPipelines(declarations: SynthesizedDeclarations): string[];
}

const MINUTE = 60_000;
/** How many served calls `calls()` keeps (counts stay exact). */
const MAX_KEPT_CALLS = 10_000;

class DpraScenario implements DpraAwsScenario {
  readonly accountId: string;
  private world!: World;
  private controls!: PipelineControls;
  private anchor = new Date();
  private wallAnchor = Date.now();
  private advancedMs = 0;
  private faults: Array<FaultSpec & { remaining?: number }> = [];
  private served: ServedCall[] = [];
  private counts = new Map<string, number>();
  private readonly fixedStart = new Date();
  private generation = 0;
  private mutations = 0;
  private applied: SynthesizedDeclarations[] = [];
  private durations: DurationScale = NOMINAL_DURATIONS;

  constructor(private readonly options: DpraScenarioOptions) {
    this.accountId =
      options.accountId ??
      options.world.declarations.pipelines[0]?.accountId ??
      '111111111111';
    this.reset();
  }

  now(): Date {
    if (this.options.realTime) {
      return new Date(
        this.anchor.getTime() +
          (Date.now() - this.wallAnchor) +
          this.advancedMs,
      );
    }
    const base = this.options.now ? this.options.now() : this.fixedStart;
    return new Date(base.getTime() + this.advancedMs);
  }

  advance(minutes: number): void {
    if (!Number.isFinite(minutes) || minutes < 0) {
      throw new RangeError(
        `advance(minutes): expected a non-negative number, got ${minutes}`,
      );
    }
    this.advancedMs += minutes * MINUTE;
    this.sync();
  }

  reset(): void {
    this.advancedMs = 0;
    this.wallAnchor = Date.now();
    this.anchor = this.options.realTime
      ? this.options.now?.() ?? new Date()
      : this.options.now?.() ?? this.fixedStart;
    this.faults = [];
    this.served = [];
    this.counts = new Map();
    const { world } = this.options;
    this.durations =
      this.options.realTime && this.options.speed
        ? compressedAfter(this.anchor, this.options.speed)
        : NOMINAL_DURATIONS;
    this.world = buildSpecWorld(this.anchor, {
      ...world,
      durations: this.durations,
    });
    for (const declarations of this.applied) {
      addSpecPipelines(this.world, declarations, this.anchor);
    }
    this.controls = new WorldPipelineControls(
      this.world,
      () => this.now(),
      () => this.sync(),
    );
    this.generation++;
  }

  pipelineControls(): PipelineControls {
    return this.controls;
  }

  addSpecPipelines(declarations: SynthesizedDeclarations): string[] {
    this.sync();
    const names = addSpecPipelines(this.world, declarations, this.now());
    this.applied.push(declarations);
    this.mutations++;
    return names;
  }

  stateVersion(): string {
    this.sync();
    return `${this.generation}:${this.mutations}:${this.world.simulation.changes}`;
  }

  injectFault(fault: FaultSpec): void {
    this.faults.push({ ...fault, remaining: fault.times });
  }

  clearFaults(): void {
    this.faults = [];
  }

  takeFault(
    service: AwsServiceName,
    operation: string,
  ): Pick<FaultSpec, 'kind' | 'latencyMs'> | undefined {
    const index = this.faults.findIndex(
      f => f.service === service && (!f.operation || f.operation === operation),
    );
    if (index < 0) return undefined;
    const fault = this.faults[index];
    if (fault.remaining !== undefined) {
      fault.remaining -= 1;
      if (fault.remaining <= 0) this.faults.splice(index, 1);
    }
    return { kind: fault.kind, latencyMs: fault.latencyMs };
  }

  recordCall(call: ServedCall): void {
    this.served.push(call);
    const key = `${call.service}|${call.operation}`;
    this.counts.set(key, (this.counts.get(key) ?? 0) + 1);
    // A local server runs for days: keep exact counts, but only the most recent calls themselves.
    if (this.served.length > MAX_KEPT_CALLS + 2_000) {
      this.served.splice(0, this.served.length - MAX_KEPT_CALLS);
    }
  }

  callCount(service?: AwsServiceName, operation?: string): number {
    let total = 0;
    for (const [key, count] of this.counts) {
      const [s, o] = key.split('|');
      if ((!service || s === service) && (!operation || o === operation))
        total += count;
    }
    return total;
  }

  clearCalls(): void {
    this.served = [];
    this.counts = new Map();
  }

  calls(): readonly ServedCall[] {
    return this.served;
  }

  setAlarmState(
    region: string,
    alarmName: string,
    state: 'OK' | 'ALARM' | 'INSUFFICIENT_DATA',
    reason?: string,
  ): void {
    this.sync();
    const alarm = this.world.alarms.find(
      a => a.region === region && a.AlarmName === alarmName,
    );
    if (!alarm) {
      throw new AwsServiceError(
        'ResourceNotFound',
        `Alarm ${alarmName} does not exist in ${region}`,
        404,
      );
    }
    applyAlarmState(
      this.world,
      alarm,
      state,
      reason ?? `Set by the scenario to ${state}`,
      this.now(),
    );
    this.mutations++;
    this.sync();
  }

  regions(): readonly string[] {
    const { pipelines, alarms, findings, inspector, reportGroups } = this.world;
    return [
      ...new Set([
        ...pipelines.flatMap(p => [
          p.region,
          ...p.stages.flatMap(s => [
            ...s.actions.map(a => a.region ?? p.region),
            ...[s.beforeEntry, s.onSuccess, s.onFailure].flatMap(
              c =>
                c?.conditions?.flatMap(d => d.rules.map(r => r.region)) ?? [],
            ),
          ]),
        ]),
        ...alarms.map(a => a.region),
        ...findings.map(f => f.Region),
        ...inspector.map(f => f.region),
        ...reportGroups.map(g => g.region),
      ]),
    ].filter((r): r is string => typeof r === 'string' && r.length > 0);
  }

  pipelines(): readonly ScenarioPipeline[] {
    return this.world.pipelines;
  }

  executions(pipelineName: string): readonly PipelineExecutionRecord[] {
    this.sync();
    return sortedNewestFirst(this.world.executions.get(pipelineName) ?? []);
  }

  pendingApprovalToken(
    pipelineName: string,
    stageName?: string,
    actionName?: string,
  ) {
    for (const execution of this.executions(pipelineName)) {
      for (const run of execution.stageRuns) {
        if (stageName && run.stageName !== stageName) continue;
        for (const a of run.actions) {
          if (
            a.token &&
            a.status === 'InProgress' &&
            (!actionName || a.actionName === actionName)
          ) {
            return a.token;
          }
        }
      }
    }
    return undefined;
  }

  alarms(region: string): readonly AlarmRecord[] {
    this.sync();
    return this.world.alarms
      .filter(a => a.region === region)
      .sort((a, b) => compareCodeUnits(a.AlarmName, b.AlarmName));
  }

  alarmHistory(region: string): readonly AlarmHistoryRecord[] {
    this.sync();
    return this.world.alarmHistory
      .filter(h => h.region === region)
      .sort((a, b) => b.Timestamp.getTime() - a.Timestamp.getTime());
  }

  securityHubFindings(region: string): readonly AsffFinding[] {
    return this.world.findings.filter(f => f.Region === region);
  }

  importSecurityHubFindings(region: string, findings: unknown) {
    const result = batchImportFindings(this.world.findings, region, findings);
    this.mutations++;
    return result;
  }

  inspectorFindings(region: string): readonly Inspector2Finding[] {
    return this.world.inspector.filter(f => f.region === region);
  }

  appConfig(region: string): AppConfigRegionView {
    this.sync();
    return appConfigRegionView(
      this.world.appConfig,
      this.world.pipelines,
      name => this.world.executions.get(name) ?? [],
      region,
      this.now(),
    );
  }

  reportGroups(region: string): readonly CodeBuildReportGroupRecord[] {
    return this.world.reportGroups.filter(g => g.region === region);
  }

  reports(region: string): readonly CodeBuildReportRecord[] {
    return this.world.reports.filter(r => r.region === region);
  }

  putApprovalResult(input: {
    pipelineName: string;
    stageName: string;
    actionName: string;
    token: string;
    status: 'Approved' | 'Rejected';
    summary: string;
    decidedBy?: string;
  }): { approvedAt: Date } {
    this.sync();
    const pipeline = this.world.pipelines.find(
      p => p.name === input.pipelineName,
    );
    if (!pipeline) {
      throw new AwsServiceError(
        'PipelineNotFoundException',
        `Pipeline ${input.pipelineName} does not exist`,
      );
    }
    const stage = pipeline.stages.find(s => s.name === input.stageName);
    if (!stage) {
      throw new AwsServiceError(
        'StageNotFoundException',
        `Stage ${input.stageName} does not exist in pipeline ${input.pipelineName}`,
      );
    }
    if (
      !stage.actions.some(
        a =>
          a.name === input.actionName && a.actionTypeId.category === 'Approval',
      )
    ) {
      throw new AwsServiceError(
        'ActionNotFoundException',
        `Approval action ${input.actionName} does not exist in stage ${input.stageName}`,
      );
    }
    for (const execution of this.world.executions.get(pipeline.name) ?? []) {
      for (const run of execution.stageRuns) {
        if (run.stageName !== input.stageName) continue;
        const action = run.actions.find(
          a => a.actionName === input.actionName && a.token === input.token,
        );
        if (!action) continue;
        if (action.status !== 'InProgress') {
          throw new AwsServiceError(
            'ApprovalAlreadyCompletedException',
            'The approval action has already been approved or rejected.',
          );
        }
        const at = this.now();
        this.world.simulation.decideApproval(
          pipeline,
          execution,
          input.stageName,
          input.actionName,
          {
            status: input.status,
            summary: input.summary,
            decidedBy:
              input.decidedBy ??
              `arn:aws:sts::${this.accountId}:assumed-role/backstage-dpra/backstage`,
          },
          at,
        );
        this.sync();
        return { approvedAt: at };
      }
    }
    throw new AwsServiceError(
      'InvalidApprovalTokenException',
      'The approval request token is not valid for this approval action.',
    );
  }

  /** Brings every running execution up to the scenario clock. */
  private sync(): void {
    const now = this.now();
    syncWorld(this.world, now);
    const every = this.options.newCommitsEveryMinutes;
    if (!every || every <= 0) return;
    // Keep a long-running local portal alive: once a pipeline is idle for `every` minutes, the next commit
    // arrives and runs up to the manual approval (which waits for someone to decide).
    for (let round = 0; round < 100; round++) {
      let started = false;
      for (const pipeline of this.world.pipelines) {
        const executions = this.world.executions.get(pipeline.name) ?? [];
        if (executions.some(e => this.world.simulation.isActive(e))) continue;
        const lastEnd = Math.max(
          ...executions.map(e => e.lastUpdateTime.getTime()),
        );
        const at = this.durations.endOf(new Date(lastEnd), every);
        if (at > now) continue;
        executions.push(
          this.world.simulation.start(
            pipeline,
            at,
            commit(this.world.random, pipeline.repository, at),
            {
              waitForApproval: true,
            },
          ),
        );
        started = true;
      }
      if (!started) return;
      syncWorld(this.world, now);
    }
  }
}

/** Orders names by UTF-16 code units, as CloudWatch lists alarm names. */
function compareCodeUnits(a: string, b: string): number {
  if (a === b) return 0;
  return a < b ? -1 : 1;
}

/**
 * A scenario serving the world of `options.world`: the synthesized pipelines, alarms and report
 * groups with 30 days of history, the live situations, findings and reports. Deterministic for a
 * given `now` (approval tokens excepted: AWS issues fresh ones).
 *
 * @public
 */
export function createDpraScenario(
  options: DpraScenarioOptions,
): DpraAwsScenario {
  return new DpraScenario(options);
}
