import { ALARM, RULE } from '@dpra/pipeline-contract';
import { createDpraScenario } from './createDpraScenario';
import { loadExampleWorld } from '../world/exampleWorld';
import type { SpecWorldOptions } from '../world/specWorld';
import { AwsServiceError, PipelineExecutionRecord } from './types';

/** The example specs' world (examples/specs with the example situations). */
let exampleWorld: SpecWorldOptions;
beforeAll(async () => {
  exampleWorld = await loadExampleWorld();
}, 120_000);

const NOW = new Date('2026-11-23T15:00:00Z');
const MINUTE = 60_000;

/** The example world without the runs queued behind the baking waves (their tests follow one run). */
const withoutQueues = (): SpecWorldOptions => ({
  ...exampleWorld,
  situations: exampleWorld.situations?.filter(s => s.situation !== 'queued'),
});

function stageRun(execution: PipelineExecutionRecord, stageName: string) {
  const runs = execution.stageRuns.filter(r => r.stageName === stageName);
  return runs[runs.length - 1];
}

describe('createDpraScenario', () => {
  it('is deterministic for a given now, except approval tokens: fresh and unique on every start', () => {
    const a = createDpraScenario({ world: exampleWorld, now: () => NOW });
    const b = createDpraScenario({ world: exampleWorld, now: () => NOW });
    expect(
      a.executions('orders-service').map(e => e.pipelineExecutionId),
    ).toEqual(b.executions('orders-service').map(e => e.pipelineExecutionId));
    // As AWS does; a restarted local AWS must not re-issue tokens that were decided before.
    expect(a.pendingApprovalToken('orders-service')).toEqual(
      expect.any(String),
    );
    expect(a.pendingApprovalToken('orders-service')).not.toBe(
      b.pendingApprovalToken('orders-service'),
    );
    expect(a.securityHubFindings('us-east-1').map(f => f.Id)).toEqual(
      b.securityHubFindings('us-east-1').map(f => f.Id),
    );
    expect(a.accountId).toBe('111111111111');
  });

  it('places the history in the 30 days before now, relative to the clock', () => {
    const later = new Date('2027-03-01T08:00:00Z');
    const scenario = createDpraScenario({
      world: exampleWorld,
      now: () => later,
    });
    for (const pipeline of scenario.pipelines()) {
      const executions = scenario.executions(pipeline.name);
      expect(
        executions[executions.length - 1].startTime.getTime(),
      ).toBeGreaterThanOrEqual(later.getTime() - 30 * 24 * 60 * MINUTE);
      expect(executions[0].startTime.getTime()).toBeLessThanOrEqual(
        later.getTime(),
      );
    }
  });

  it('payments: Prod-Wave1 bakes until its wait time ends, then the ALARM composite blocks Prod-Wave2', () => {
    const scenario = createDpraScenario({
      world: withoutQueues(),
      now: () => NOW,
    });
    const live = scenario.executions('payments-service')[0];
    const bake = stageRun(live, 'Prod-Wave1').onSuccess!;
    expect(bake.status).toBe('InProgress');
    const remaining = (bake.endsAt!.getTime() - NOW.getTime()) / MINUTE;
    expect(remaining).toBeGreaterThan(60);
    expect(remaining).toBeLessThan(720);

    scenario.advance(remaining - 1);
    expect(
      stageRun(scenario.executions('payments-service')[0], 'Prod-Wave1')
        .onSuccess!.status,
    ).toBe('InProgress');
    scenario.advance(2);
    const after = scenario.executions('payments-service')[0];
    expect(stageRun(after, 'Prod-Wave1').status).toBe('Succeeded');
    const wave2 = stageRun(after, 'Prod-Wave2');
    expect(wave2.status).toBe('Failed');
    expect(wave2.beforeEntry?.status).toBe('Failed');
    expect(
      wave2.beforeEntry?.rules.find(r => r.status === 'Failed')?.ruleName,
    ).toBe(RULE.alarmBlocker('us-east-1'));
    expect(after.status).toBe('Failed');
    expect(after.statusSummary).toContain(
      ALARM.entryBlockers('payments-service', 'prod', 'us-east-1'),
    );
  });

  it('payments: once the blocker clears, Prod-Wave2 is entered after the bake', () => {
    const scenario = createDpraScenario({
      world: withoutQueues(),
      now: () => NOW,
    });
    // The situation tripped the entry check's composite down to a metric alarm: clear them all.
    const tripped = scenario
      .alarms('us-east-1')
      .filter(a => a.StateValue === 'ALARM');
    expect(tripped.map(a => a.AlarmName)).toContain(
      ALARM.entryBlockers('payments-service', 'prod', 'us-east-1'),
    );
    for (const alarm of tripped) {
      scenario.setAlarmState('us-east-1', alarm.AlarmName, 'OK');
    }
    scenario.advance(720);
    const after = scenario.executions('payments-service')[0];
    expect(stageRun(after, 'Prod-Wave2').beforeEntry?.status).toBe('Succeeded');
    expect(stageRun(after, 'Prod-Wave2').status).not.toBe('Failed');
  });

  it('an alarm going into ALARM during a bake rolls the stage back and starts a ROLLBACK execution', () => {
    const scenario = createDpraScenario({
      world: withoutQueues(),
      now: () => NOW,
    });
    const live = scenario.executions('payments-service')[0];
    // The alarm the wave's bake watches, as the pipeline declares it.
    const watched = scenario
      .pipelines()
      .find(p => p.name === 'payments-service')!
      .stages.find(st => st.name === 'Prod-Wave1')!
      .onSuccess!.conditions[0].rules[0].configuration.AlarmName.split(',')[0];
    expect(watched).toBe(
      ALARM.oneBoxHighSeverity('payments-service', 'prod', 'eu-west-1'),
    );
    scenario.setAlarmState('eu-west-1', watched, 'ALARM');
    const failed = scenario
      .executions('payments-service')
      .find(e => e.pipelineExecutionId === live.pipelineExecutionId)!;
    expect(failed.status).toBe('Failed');
    expect(stageRun(failed, 'Prod-Wave1').onSuccess?.status).toBe('Failed');
    expect(stageRun(failed, 'Prod-Wave1').onFailure?.summary).toContain(
      'ROLLBACK',
    );
    const rollback = scenario.executions('payments-service')[0];
    expect(rollback.executionType).toBe('ROLLBACK');
    expect(rollback.trigger).toEqual({
      triggerType: 'AutomatedRollback',
      triggerDetail: live.pipelineExecutionId,
    });
    expect(rollback.status).toBe('InProgress');
    scenario.advance(2);
    expect(
      scenario
        .executions('payments-service')[0]
        .stageRuns.map(r => r.stageName),
    ).toEqual(['Prod-Wave1']);
    scenario.advance(60);
    expect(scenario.executions('payments-service')[0].status).toBe('Succeeded');
    expect(scenario.alarmHistory('eu-west-1')[0]).toMatchObject({
      AlarmName: watched,
      HistorySummary: 'Alarm updated from OK to ALARM',
    });
  });

  it('validates approval decisions like PutApprovalResult', () => {
    const scenario = createDpraScenario({
      world: exampleWorld,
      now: () => NOW,
    });
    const decide =
      (token: string, stageName = 'Approval') =>
      () =>
        scenario.putApprovalResult({
          pipelineName: 'orders-service',
          stageName,
          actionName: 'ManualApproval',
          token,
          status: 'Approved',
          summary: 'ok',
        });
    expect(decide('nope', 'Nope')).toThrow(
      expect.objectContaining({ code: 'StageNotFoundException' }),
    );
    expect(decide('nope')).toThrow(
      expect.objectContaining({ code: 'InvalidApprovalTokenException' }),
    );
    // A token of a historical (already decided) approval is stale.
    const old = scenario
      .executions('orders-service')
      .find(e => e.status === 'Succeeded' && e.executionType === 'STANDARD')!;
    const oldToken = stageRun(old, 'Approval').actions[0].token!;
    expect(decide(oldToken)).toThrow(AwsServiceError);
    expect(decide(oldToken)).toThrow(
      expect.objectContaining({ code: 'ApprovalAlreadyCompletedException' }),
    );
    expect(decide(scenario.pendingApprovalToken('orders-service')!)()).toEqual({
      approvedAt: NOW,
    });
  });

  it('with newCommitsEveryMinutes, an idle pipeline gets a new commit that waits at its approval', () => {
    const scenario = createDpraScenario({
      world: exampleWorld,
      now: () => NOW,
      newCommitsEveryMinutes: 90,
    });
    const before = scenario.executions('payments-service').length;
    scenario.advance(24 * 60);
    const executions = scenario.executions('payments-service');
    expect(executions.length).toBe(before + 1);
    const newest = executions[0];
    expect(newest.status).toBe('InProgress');
    expect(stageRun(newest, 'Approval').status).toBe('InProgress');
    expect(newest.startTime.getTime()).toBe(
      executions[1].lastUpdateTime.getTime() + 90 * MINUTE,
    );
    // Without the option the world stays as scripted.
    const plain = createDpraScenario({ world: exampleWorld, now: () => NOW });
    plain.advance(24 * 60);
    expect(plain.executions('payments-service').length).toBe(before);
  });

  it('follows the wall clock in real-time mode, whatever the speed (speed compresses durations, not the clock)', async () => {
    const scenario = createDpraScenario({
      world: exampleWorld,
      realTime: true,
      speed: 600,
    });
    const t0 = scenario.now().getTime();
    const wall0 = Date.now();
    await new Promise(r => setTimeout(r, 200));
    const elapsed = scenario.now().getTime() - t0;
    expect(elapsed).toBeGreaterThanOrEqual(150);
    expect(elapsed).toBeLessThanOrEqual(Date.now() - wall0 + 5);
  });

  it('consumes faults by count and counts calls per service and operation', () => {
    const scenario = createDpraScenario({
      world: exampleWorld,
      now: () => NOW,
    });
    scenario.injectFault({
      service: 'codepipeline',
      operation: 'GetPipeline',
      kind: 'throttle',
      times: 2,
    });
    expect(
      scenario.takeFault('codepipeline', 'GetPipelineState'),
    ).toBeUndefined();
    expect(scenario.takeFault('codepipeline', 'GetPipeline')?.kind).toBe(
      'throttle',
    );
    expect(scenario.takeFault('codepipeline', 'GetPipeline')?.kind).toBe(
      'throttle',
    );
    expect(scenario.takeFault('codepipeline', 'GetPipeline')).toBeUndefined();
    scenario.recordCall({
      service: 'cloudwatch',
      operation: 'DescribeAlarms',
      region: 'us-east-1',
      at: 1,
    });
    scenario.recordCall({
      service: 'cloudwatch',
      operation: 'DescribeAlarmHistory',
      region: 'us-east-1',
      at: 2,
    });
    expect(scenario.callCount()).toBe(2);
    expect(scenario.callCount('cloudwatch', 'DescribeAlarms')).toBe(1);
    scenario.reset();
    expect(scenario.callCount()).toBe(0);
  });
});
