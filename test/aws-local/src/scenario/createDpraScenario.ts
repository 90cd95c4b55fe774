import { buildAlarms, stateUpdateHistory } from './demoAlarms';
import { buildInspectorFindings, buildSecurityHubFindings } from './demoFindings';
import { WAVE_BAKE_MINUTES, appPipeline, infraPipeline } from './demoPipelines';
import { buildReports } from './demoReports';
import { PipelineSimulation } from './PipelineSimulation';
import { SeededRandom } from './seededRandom';
import {
  AlarmHistoryRecord,
  AlarmRecord,
  AsffFinding,
  AwsScenario,
  AwsServiceError,
  AwsServiceName,
  CodeBuildReportGroupRecord,
  CodeBuildReportRecord,
  ExecutionPlan,
  FaultKind,
  FaultSpec,
  Inspector2Finding,
  PipelineExecutionRecord,
  ScenarioPipeline,
  ServedCall,
} from './types';

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
   * Follow wall-clock time: scenario minutes pass at `speed` × real time (the local server's mode,
   * so bakes visibly count down and finish). Off by default.
   */
  realTime?: boolean;
  /** Scenario minutes per real minute when `realTime` is on; 1 by default. */
  speed?: number;
  /**
   * When set, a pipeline that has been idle this many scenario minutes gets a new commit, whose
   * execution runs up to its manual approval. Off by default (tests stay as scripted); the local
   * server's `--new-commits-every` turns it on for long-running demos.
   */
  newCommitsEveryMinutes?: number;
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const SEED = 20261123;
/** How many served calls `calls()` keeps (counts stay exact). */
const MAX_KEPT_CALLS = 10_000;

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

/** Everything that `reset()` rebuilds. */
interface World {
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

class DpraScenario implements AwsScenario {
  readonly accountId: string;
  private world!: World;
  private anchor = new Date();
  private wallAnchor = Date.now();
  private advancedMs = 0;
  private faults: Array<FaultSpec & { remaining?: number }> = [];
  private served: ServedCall[] = [];
  private counts = new Map<string, number>();
  private readonly fixedStart = new Date();
  private generation = 0;
  private mutations = 0;

  constructor(private readonly options: DpraScenarioOptions) {
    this.accountId = options.accountId ?? '111111111111';
    this.reset();
  }

  now(): Date {
    if (this.options.realTime) {
      const speed = this.options.speed ?? 1;
      return new Date(this.anchor.getTime() + (Date.now() - this.wallAnchor) * speed + this.advancedMs);
    }
    const base = this.options.now ? this.options.now() : this.fixedStart;
    return new Date(base.getTime() + this.advancedMs);
  }

  advance(minutes: number): void {
    if (!Number.isFinite(minutes) || minutes < 0) {
      throw new RangeError(`advance(minutes): expected a non-negative number, got ${minutes}`);
    }
    this.advancedMs += minutes * MINUTE;
    this.sync();
  }

  reset(): void {
    this.advancedMs = 0;
    this.wallAnchor = Date.now();
    this.anchor = this.options.realTime
      ? (this.options.now?.() ?? new Date())
      : (this.options.now?.() ?? this.fixedStart);
    this.faults = [];
    this.served = [];
    this.counts = new Map();
    this.world = buildWorld(this.anchor, this.accountId);
    this.generation++;
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

  takeFault(service: AwsServiceName, operation: string): FaultKind | undefined {
    const index = this.faults.findIndex(
      f => f.service === service && (!f.operation || f.operation === operation),
    );
    if (index < 0) return undefined;
    const fault = this.faults[index];
    if (fault.remaining !== undefined) {
      fault.remaining -= 1;
      if (fault.remaining <= 0) this.faults.splice(index, 1);
    }
    return fault.kind;
  }

  recordCall(call: ServedCall): void {
    this.served.push(call);
    const key = `${call.service}|${call.operation}`;
    this.counts.set(key, (this.counts.get(key) ?? 0) + 1);
    // A demo server runs for days: keep exact counts, but only the most recent calls themselves.
    if (this.served.length > MAX_KEPT_CALLS + 2_000) {
      this.served.splice(0, this.served.length - MAX_KEPT_CALLS);
    }
  }

  callCount(service?: AwsServiceName, operation?: string): number {
    let total = 0;
    for (const [key, count] of this.counts) {
      const [s, o] = key.split('|');
      if ((!service || s === service) && (!operation || o === operation)) total += count;
    }
    return total;
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
    const alarm = this.world.alarms.find(a => a.region === region && a.AlarmName === alarmName);
    if (!alarm) {
      throw new AwsServiceError('ResourceNotFound', `Alarm ${alarmName} does not exist in ${region}`, 404);
    }
    applyAlarmState(this.world, alarm, state, reason ?? `Set by the scenario to ${state}`, this.now());
    this.mutations++;
    this.sync();
  }

  pipelines(): readonly ScenarioPipeline[] {
    return this.world.pipelines;
  }

  executions(pipelineName: string): readonly PipelineExecutionRecord[] {
    this.sync();
    return sortedNewestFirst(this.world.executions.get(pipelineName) ?? []);
  }

  pendingApprovalToken(pipelineName: string, stageName?: string, actionName?: string) {
    for (const execution of this.executions(pipelineName)) {
      for (const run of execution.stageRuns) {
        if (stageName && run.stageName !== stageName) continue;
        for (const a of run.actions) {
          if (a.token && a.status === 'InProgress' && (!actionName || a.actionName === actionName)) {
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

  inspectorFindings(region: string): readonly Inspector2Finding[] {
    return this.world.inspector.filter(f => f.region === region);
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
    const pipeline = this.world.pipelines.find(p => p.name === input.pipelineName);
    if (!pipeline) {
      throw new AwsServiceError('PipelineNotFoundException', `Pipeline ${input.pipelineName} does not exist`);
    }
    const stage = pipeline.stages.find(s => s.name === input.stageName);
    if (!stage) {
      throw new AwsServiceError('StageNotFoundException', `Stage ${input.stageName} does not exist in pipeline ${input.pipelineName}`);
    }
    if (!stage.actions.some(a => a.name === input.actionName && a.actionTypeId.category === 'Approval')) {
      throw new AwsServiceError('ActionNotFoundException', `Approval action ${input.actionName} does not exist in stage ${input.stageName}`);
    }
    for (const execution of this.world.executions.get(pipeline.name) ?? []) {
      for (const run of execution.stageRuns) {
        if (run.stageName !== input.stageName) continue;
        const action = run.actions.find(a => a.actionName === input.actionName && a.token === input.token);
        if (!action) continue;
        if (action.status !== 'InProgress') {
          throw new AwsServiceError('ApprovalAlreadyCompletedException', 'The approval action has already been approved or rejected.');
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
            decidedBy: input.decidedBy ?? `arn:aws:sts::${this.accountId}:assumed-role/backstage-dpra/backstage`,
          },
          at,
        );
        this.sync();
        return { approvedAt: at };
      }
    }
    throw new AwsServiceError('InvalidApprovalTokenException', 'The approval request token is not valid for this approval action.');
  }

  /** Brings every running execution up to the scenario clock. */
  private sync(): void {
    const now = this.now();
    syncWorld(this.world, now);
    const every = this.options.newCommitsEveryMinutes;
    if (!every || every <= 0) return;
    // Keep a long-running demo alive: once a pipeline is idle for `every` minutes, the next commit
    // arrives and runs up to the manual approval (which waits for someone to decide).
    for (let round = 0; round < 100; round++) {
      let started = false;
      for (const pipeline of this.world.pipelines) {
        const executions = this.world.executions.get(pipeline.name) ?? [];
        if (executions.some(e => this.world.simulation.isActive(e))) continue;
        const lastEnd = Math.max(...executions.map(e => e.lastUpdateTime.getTime()));
        const at = new Date(lastEnd + every * MINUTE);
        if (at > now) continue;
        executions.push(
          this.world.simulation.start(pipeline, at, commit(this.world.random, pipeline.repository, at), {
            waitForApproval: true,
          }),
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

function sortedNewestFirst(executions: PipelineExecutionRecord[]) {
  return [...executions].sort((a, b) => b.startTime.getTime() - a.startTime.getTime());
}

function syncWorld(world: World, until: Date) {
  // A rollback adds an execution while we iterate; go round again until no new one appears.
  const total = () => [...world.executions.values()].reduce((n, list) => n + list.length, 0);
  for (let round = 0; round < 20; round++) {
    const before = total();
    for (const pipeline of world.pipelines) {
      for (const execution of [...(world.executions.get(pipeline.name) ?? [])]) {
        if (world.simulation.isActive(execution)) {
          world.simulation.progress(pipeline, execution, until);
        }
      }
    }
    if (total() === before) return;
  }
}

function applyAlarmState(world: World, alarm: AlarmRecord, state: AlarmRecord['StateValue'], reason: string, at: Date) {
  if (alarm.StateValue === state) return;
  world.alarmHistory.push(stateUpdateHistory(alarm, alarm.StateValue, state, reason, at));
  alarm.StateValue = state;
  alarm.StateReason = reason;
  alarm.StateUpdatedTimestamp = at;
  alarm.StateTransitionedTimestamp = at;
}

function commit(random: SeededRandom, repository: string, at: Date) {
  const sha = random.hex(40);
  return {
    actionName: 'Source',
    revisionId: sha,
    revisionSummary: JSON.stringify({ ProviderType: 'GitHub', CommitMessage: random.pick(COMMIT_MESSAGES) }),
    revisionUrl: `https://github.com/${repository}/commit/${sha}`,
    created: new Date(at.getTime() - random.int(10, 240) * MINUTE),
  };
}

/** Plans of historical executions: mostly clean, with scripted failures, rollbacks and a rejection. */
function historicPlan(index: number, random: SeededRandom, waves: number): ExecutionPlan {
  const approveAfterMinutes = random.int(20, 180);
  if (index % 10 === 3) {
    return { failAt: { stageName: 'Build', actionName: 'UnitTests', code: 'JobFailed', message: 'Build failed: 3 unit tests failed' } };
  }
  if (index % 10 === 7) {
    return { failAt: { stageName: 'Gamma', actionName: 'IntegrationTests', code: 'JobFailed', message: 'Integration tests failed: checkout returned 500' } };
  }
  if (index % 13 === 5) {
    return { approveAfterMinutes, alarmDuringBakeOf: `Prod-Wave${(index % waves) + 1}` };
  }
  if (index === 11) {
    return { approveAfterMinutes, reject: true };
  }
  return { approveAfterMinutes };
}

function buildWorld(now: Date, accountId: string): World {
  const random = new SeededRandom(SEED);
  const created = new Date(now.getTime() - 120 * DAY);
  const orders = appPipeline({
    name: 'orders-service-pipeline',
    accountId,
    region: 'us-east-1',
    repository: 'acme/orders-service',
    executionMode: 'SUPERSEDED',
    tags: { 'dpra:service': 'orders-service', team: 'orders' },
    betaRegion: 'us-east-1',
    gammaRegions: ['us-east-1', 'us-west-2'],
    waves: [
      { regions: ['us-east-1'], bakeMinutes: WAVE_BAKE_MINUTES[0] },
      { regions: ['us-west-2', 'eu-west-1'], bakeMinutes: WAVE_BAKE_MINUTES[1] },
      { regions: ['ap-southeast-2', 'ap-northeast-1', 'eu-central-1'], bakeMinutes: WAVE_BAKE_MINUTES[2] },
    ],
    created,
  });
  const infra = infraPipeline({
    name: 'orders-service-infra',
    accountId,
    region: 'us-east-1',
    repository: 'acme/orders-service-infra',
    tags: { 'dpra:service': 'orders-service', team: 'orders', 'dpra:kind': 'infrastructure' },
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
    tags: { 'dpra:service': 'payments-service', team: 'payments' },
    betaRegion: 'eu-west-1',
    gammaRegions: ['eu-west-1', 'eu-central-1'],
    waves: [
      { regions: ['eu-west-1'], bakeMinutes: WAVE_BAKE_MINUTES[0] },
      { regions: ['us-east-1'], bakeMinutes: WAVE_BAKE_MINUTES[1] },
      { regions: ['us-west-2', 'ap-southeast-2'], bakeMinutes: WAVE_BAKE_MINUTES[2] },
    ],
    created,
  });
  const pipelines = [orders, infra, payments];
  const { alarms, history } = buildAlarms(pipelines, now, random);
  const alarmState = (region: string, name: string) =>
    alarms.find(a => a.region === region && a.AlarmName === name)?.StateValue;
  const simulation = new PipelineSimulation(random, alarmState);
  const executions = new Map<string, PipelineExecutionRecord[]>(pipelines.map(p => [p.name, []]));
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

  simulation.onRollback((pipeline, failed, stageName, at) => {
    const stageIndex = pipeline.stages.findIndex(s => s.name === stageName);
    const target = sortedNewestFirst(executions.get(pipeline.name) ?? []).find(
      e =>
        e.startTime < failed.startTime &&
        e.executionType === 'STANDARD' &&
        e.stageRuns.some(r => r.stageName === stageName && r.status === 'Succeeded'),
    );
    if (!target) return;
    const rollback = simulation.start(pipeline, new Date(at.getTime() + MINUTE), target.sourceRevision, {}, {
      executionType: 'ROLLBACK',
      rollbackTarget: target.pipelineExecutionId,
      stageIndex,
      trigger: { triggerType: 'AutomatedRollback', triggerDetail: failed.pipelineExecutionId },
    });
    executions.get(pipeline.name)!.push(rollback);
    if (failed.plan.alarmDuringBakeOf) {
      // The alarm that tripped the bake: record its excursion into ALARM and back.
      const rule = pipeline.stages[stageIndex].onSuccess?.conditions[0]?.rules[0];
      const alarm = rule && alarms.find(a => a.region === rule.region && a.AlarmName === rule.configuration.AlarmName.split(',')[0]);
      if (alarm) {
        history.push(stateUpdateHistory(alarm, 'OK', 'ALARM', 'Threshold Crossed: 3 datapoints were greater than the threshold', at));
        history.push(stateUpdateHistory(alarm, 'ALARM', 'OK', 'Threshold Crossed: 3 datapoints were not greater than the threshold', new Date(at.getTime() + 25 * MINUTE)));
      }
    }
  });

  const runHistory = (pipeline: ScenarioPipeline, options: { gapHours: [number, number]; waves: number; stopBefore: Date }) => {
    let at = new Date(now.getTime() - 30 * DAY + random.int(1, 6) * HOUR);
    let index = 0;
    while (at < options.stopBefore) {
      const execution = simulation.start(pipeline, at, commit(random, pipeline.repository, at), historicPlan(index, random, options.waves));
      executions.get(pipeline.name)!.push(execution);
      syncWorld(world, at);
      index++;
      at = new Date(at.getTime() + random.int(options.gapHours[0] * 60, options.gapHours[1] * 60) * MINUTE);
    }
  };
  runHistory(orders, { gapHours: [14, 20], waves: 3, stopBefore: new Date(now.getTime() - 30 * HOUR) });
  runHistory(infra, { gapHours: [50, 70], waves: 2, stopBefore: new Date(now.getTime() - 12 * HOUR) });
  runHistory(payments, { gapHours: [24, 34], waves: 3, stopBefore: new Date(now.getTime() - 32 * HOUR) });
  syncWorld(world, new Date(now.getTime() - 14 * HOUR));

  // The live executions: orders waits at its manual approval; the infra pipeline (PARALLEL) has one
  // execution waiting for approval and a newer one building; payments bakes Prod-Wave1 while the
  // composite alarm of Prod-Wave2's region is in ALARM.
  const live = (pipeline: ScenarioPipeline, minutesAgo: number, plan: ExecutionPlan) => {
    const at = new Date(now.getTime() - minutesAgo * MINUTE);
    executions.get(pipeline.name)!.push(simulation.start(pipeline, at, commit(random, pipeline.repository, at), plan));
  };
  live(payments, 250, { approveAfterMinutes: 45 });
  live(orders, 135, { waitForApproval: true });
  live(infra, 180, { waitForApproval: true });
  live(infra, 4, { waitForApproval: true });
  syncWorld(world, new Date(now.getTime() - 40 * MINUTE));
  const blocker = alarms.find(a => a.region === 'us-east-1' && a.AlarmName === 'payments-service-pipeline-prod-us-east-1-high-severity')!;
  const p99 = alarms.find(a => a.region === 'us-east-1' && a.AlarmName === 'payments-service-pipeline-prod-us-east-1-latency-p99')!;
  const alarmAt = new Date(now.getTime() - 40 * MINUTE);
  applyAlarmState(world, p99, 'ALARM', 'Threshold Crossed: 3 out of the last 3 datapoints [1834.2, 1710.9, 1502.4] were greater than the threshold (1200.0).', alarmAt);
  applyAlarmState(world, blocker, 'ALARM', `arn:aws:cloudwatch:us-east-1:${accountId}:alarm:${p99.AlarmName} transitioned to ALARM`, alarmAt);
  syncWorld(world, now);

  world.findings = buildSecurityHubFindings(
    [
      { service: 'orders-service', pipeline: orders.name, region: 'us-east-1', accountId, counts: { inspector: 12, trivy: 8, checkov: 6, guardduty: 4 } },
      { service: 'payments-service', pipeline: payments.name, region: 'eu-west-1', accountId, counts: { inspector: 6, trivy: 4, checkov: 3, guardduty: 2 } },
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
  const { groups, reports } = buildReports(pipelines, name => executions.get(name) ?? [], random);
  world.reportGroups = groups;
  world.reports = reports;
  return world;
}

/**
 * The demo world: in account 111111111111, `orders-service-pipeline` (us-east-1, SUPERSEDED; waiting
 * at its manual approval), `orders-service-infra` (PARALLEL; one execution awaiting approval, one
 * building) and `payments-service-pipeline` (eu-west-1; Prod-Wave1 baking while the Prod-Wave2
 * region's high-severity composite alarm is in ALARM), with 30 days of history, the convention's
 * alarms per region, Security Hub / Inspector findings and CodeBuild reports. Deterministic for a
 * given `now`.
 *
 * @public
 */
export function createDpraScenario(options: DpraScenarioOptions = {}): AwsScenario {
  return new DpraScenario(options);
}
