import { ACTION, STAGE } from '@dpra/pipeline-contract';
import {
  CodePipelineClient,
  DisableStageTransitionCommand,
  EnableStageTransitionCommand,
  GetPipelineStateCommand,
  ListPipelineExecutionsCommand,
  OverrideStageConditionCommand,
  PutApprovalResultCommand,
  RetryStageExecutionCommand,
  RollbackStageCommand,
  StageState,
  StartPipelineExecutionCommand,
  StopPipelineExecutionCommand,
} from '@aws-sdk/client-codepipeline';
import { setupServer } from 'msw/node';
import { createAwsMswHandlers } from './createAwsMswHandlers';
import { createDpraScenario } from './scenario/createDpraScenario';
import type { AwsScenario } from './scenario/types';
import type { SynthesizedDeclarations } from './world/fromTerraform';
import {
  exampleSpecsDir,
  loadSpecDeclarations,
  specFilesIn,
} from './world/loadSpecs';
import type { WorldSituation } from './world/specWorld';

// A Wednesday at 15:00 UTC: inside the examples' deployment window.
const WEDNESDAY = new Date('2026-12-02T15:00:00Z');
const client = new CodePipelineClient({
  region: 'us-east-1',
  credentials: { accessKeyId: 'AKIDLOCALTEST', secretAccessKey: 'local' },
  maxAttempts: 1,
});
const PIPELINE = 'orders-service';
const WAVE1 = STAGE.prodWave(1);

let declarations: SynthesizedDeclarations;
let scenario: AwsScenario;
let server: ReturnType<typeof setupServer> | undefined;

/** A world of the example specs with `situations`, served over msw. */
function serve(situations: WorldSituation[]) {
  server?.close();
  scenario = createDpraScenario({
    now: () => WEDNESDAY,
    world: { declarations, situations, deploymentWindows: 'open' },
  });
  server = setupServer(...createAwsMswHandlers(scenario));
  server.listen({ onUnhandledRequest: 'error' });
}

beforeAll(async () => {
  declarations = await loadSpecDeclarations(specFilesIn(exampleSpecsDir()));
}, 120_000);
afterAll(() => server?.close());

async function state(pipelineName = PIPELINE) {
  const out = await client.send(
    new GetPipelineStateCommand({ name: pipelineName }),
  );
  return (name: string): StageState =>
    out.stageStates!.find(s => s.stageName === name)!;
}

async function latestExecution(pipelineName = PIPELINE) {
  const out = await client.send(
    new ListPipelineExecutionsCommand({ pipelineName, maxResults: 5 }),
  );
  return out.pipelineExecutionSummaries![0];
}

async function approve(pipelineName = PIPELINE) {
  const token = scenario.pendingApprovalToken(pipelineName)!;
  await client.send(
    new PutApprovalResultCommand({
      pipelineName,
      stageName: STAGE.approval,
      actionName: ACTION.manualApproval,
      token,
      result: { status: 'Approved', summary: 'ok' },
    }),
  );
}

/** The execution waiting at the approval, then refused entry to wave 1 by its blocker alarm. */
async function blockedAtWave1() {
  serve([
    { pipeline: PIPELINE, situation: 'awaiting-approval' },
    { pipeline: PIPELINE, situation: 'blocked', wave: 1 },
  ]);
  await approve();
  scenario.advance(1);
  const wave1 = (await state())(WAVE1);
  expect(wave1.latestExecution?.status).toBe('Failed');
  return wave1.latestExecution!.pipelineExecutionId!;
}

describe('StartPipelineExecution', () => {
  it('starts a new execution once per client request token', async () => {
    serve([]);
    const first = await client.send(
      new StartPipelineExecutionCommand({
        name: PIPELINE,
        clientRequestToken: 'start-1',
      }),
    );
    const again = await client.send(
      new StartPipelineExecutionCommand({
        name: PIPELINE,
        clientRequestToken: 'start-1',
      }),
    );
    expect(again.pipelineExecutionId).toBe(first.pipelineExecutionId);
    const latest = await latestExecution();
    expect(latest).toMatchObject({
      pipelineExecutionId: first.pipelineExecutionId,
      status: 'InProgress',
      trigger: { triggerType: 'StartPipelineExecution' },
    });
    await expect(
      client.send(new StartPipelineExecutionCommand({ name: 'no-such' })),
    ).rejects.toMatchObject({ name: 'PipelineNotFoundException' });
  });
});

describe('stage transitions', () => {
  it('a disabled inbound transition holds the execution before the stage until it is enabled', async () => {
    serve([{ pipeline: PIPELINE, situation: 'awaiting-approval' }]);
    await client.send(
      new DisableStageTransitionCommand({
        pipelineName: PIPELINE,
        stageName: WAVE1,
        transitionType: 'Inbound',
        reason: 'Freeze for the game day (INC-42)',
      }),
    );
    const before = (await state())(WAVE1);
    expect(before.inboundTransitionState).toMatchObject({
      enabled: false,
      disabledReason: 'Freeze for the game day (INC-42)',
      lastChangedBy: expect.stringContaining('AKIDLOCALTEST'),
    });
    expect(before.inboundTransitionState?.lastChangedAt).toBeInstanceOf(Date);
    const waiting = (await latestExecution()).pipelineExecutionId;
    await approve();
    scenario.advance(30);
    expect(
      (await state())(WAVE1).latestExecution?.pipelineExecutionId,
    ).not.toBe(waiting);
    await client.send(
      new EnableStageTransitionCommand({
        pipelineName: PIPELINE,
        stageName: WAVE1,
        transitionType: 'Inbound',
      }),
    );
    const after = (await state())(WAVE1);
    expect(after.inboundTransitionState?.enabled).toBe(true);
    expect(after.inboundTransitionState?.disabledReason).toBeUndefined();
    expect(after.latestExecution).toMatchObject({
      pipelineExecutionId: waiting,
      status: 'InProgress',
    });
  });

  it('refuses a reason outside the documented pattern, naming every problem', async () => {
    serve([]);
    await expect(
      client.send(
        new DisableStageTransitionCommand({
          pipelineName: PIPELINE,
          stageName: WAVE1,
          transitionType: 'Sideways' as never,
          reason: 'no: commas, or colons',
        }),
      ),
    ).rejects.toMatchObject({
      name: 'ValidationException',
      message: expect.stringMatching(
        /2 validation errors.*transitionType.*reason/,
      ),
    });
    await expect(
      client.send(
        new EnableStageTransitionCommand({
          pipelineName: PIPELINE,
          stageName: 'Prod-Wave9',
          transitionType: 'Inbound',
        }),
      ),
    ).rejects.toMatchObject({ name: 'StageNotFoundException' });
  });
});

describe('StopPipelineExecution', () => {
  it('stop lets running actions finish (Stopping → Stopped); a second stop is a duplicate', async () => {
    serve([{ pipeline: PIPELINE, situation: 'building' }]);
    const id = (await latestExecution()).pipelineExecutionId!;
    await client.send(
      new StopPipelineExecutionCommand({
        pipelineName: PIPELINE,
        pipelineExecutionId: id,
        reason: 'bad commit',
      }),
    );
    expect(await latestExecution()).toMatchObject({
      pipelineExecutionId: id,
      status: 'Stopping',
    });
    await expect(
      client.send(
        new StopPipelineExecutionCommand({
          pipelineName: PIPELINE,
          pipelineExecutionId: id,
        }),
      ),
    ).rejects.toMatchObject({ name: 'DuplicatedStopRequestException' });
    scenario.advance(60);
    expect(await latestExecution()).toMatchObject({ status: 'Stopped' });
    const build = (await state())(STAGE.build);
    expect(build.latestExecution?.status).toBe('Stopped');
    expect(build.actionStates?.[0].latestExecution?.status).toBe('Succeeded');
    await expect(
      client.send(
        new StopPipelineExecutionCommand({
          pipelineName: PIPELINE,
          pipelineExecutionId: id,
          abandon: true,
        }),
      ),
    ).rejects.toMatchObject({ name: 'PipelineExecutionNotStoppableException' });
  });

  it('abandon stops at once and abandons the running actions', async () => {
    serve([{ pipeline: PIPELINE, situation: 'building' }]);
    const id = (await latestExecution()).pipelineExecutionId!;
    await client.send(
      new StopPipelineExecutionCommand({
        pipelineName: PIPELINE,
        pipelineExecutionId: id,
        abandon: true,
        reason: 'wrong branch',
      }),
    );
    expect(await latestExecution()).toMatchObject({ status: 'Stopped' });
    const build = (await state())(STAGE.build);
    expect(build.actionStates?.[0].latestExecution?.status).toBe('Abandoned');
  });
});

describe('StopPipelineExecution in QUEUED mode', () => {
  const IMAGE = 'base-ami';

  /** base-ami bakes wave 1 while two newer runs wait in line to enter it; oldest first. */
  async function imageQueue() {
    serve([
      { pipeline: IMAGE, situation: 'baking', wave: 1 },
      { pipeline: IMAGE, situation: 'queued', wave: 1, count: 2 },
    ]);
    const { pipelineExecutionSummaries } = await client.send(
      new ListPipelineExecutionsCommand({ pipelineName: IMAGE }),
    );
    const [second, first, holder] = pipelineExecutionSummaries!
      .filter(e => e.status === 'InProgress')
      .map(e => e.pipelineExecutionId!);
    expect((await state(IMAGE))(WAVE1).latestExecution).toMatchObject({
      pipelineExecutionId: holder,
      status: 'InProgress',
    });
    return { holder, first, second };
  }

  const stop = (pipelineExecutionId: string, abandon?: boolean) =>
    client.send(
      new StopPipelineExecutionCommand({
        pipelineName: IMAGE,
        pipelineExecutionId,
        abandon,
      }),
    );

  it.each([
    ['stop and wait', false],
    ['stop and abandon', true],
  ])(
    '%s of the execution holding the stage unlocks it: the first in line enters',
    async (_, abandon) => {
      const { holder, first, second } = await imageQueue();
      await stop(holder, abandon);
      const wave1 = (await state(IMAGE))(WAVE1);
      expect(wave1.latestExecution).toMatchObject({
        pipelineExecutionId: first,
        status: 'InProgress',
      });
      const statuses = new Map(
        (
          await client.send(
            new ListPipelineExecutionsCommand({ pipelineName: IMAGE }),
          )
        ).pipelineExecutionSummaries!.map(e => [
          e.pipelineExecutionId,
          e.status,
        ]),
      );
      expect(statuses.get(holder)).toBe('Stopped');
      expect(statuses.get(second)).toBe('InProgress');
    },
  );

  it('stop and wait keeps the stage locked while its actions finish; then the next run enters', async () => {
    // orders-service (QUEUED) builds; a run started now waits for Build behind it.
    serve([{ pipeline: PIPELINE, situation: 'building' }]);
    const holder = (await latestExecution()).pipelineExecutionId!;
    const { pipelineExecutionId: next } = await client.send(
      new StartPipelineExecutionCommand({ name: PIPELINE }),
    );
    scenario.advance(1);
    expect((await state())(STAGE.build).latestExecution).toMatchObject({
      pipelineExecutionId: holder,
      status: 'InProgress',
    });
    await client.send(
      new StopPipelineExecutionCommand({
        pipelineName: PIPELINE,
        pipelineExecutionId: holder,
      }),
    );
    expect((await state())(STAGE.build).latestExecution).toMatchObject({
      pipelineExecutionId: holder,
      status: 'Stopping',
    });
    scenario.advance(60);
    const build = (await state())(STAGE.build).latestExecution;
    expect(build?.pipelineExecutionId).toBe(next);
    const { pipelineExecutionSummaries } = await client.send(
      new ListPipelineExecutionsCommand({ pipelineName: PIPELINE }),
    );
    expect(
      pipelineExecutionSummaries!.find(e => e.pipelineExecutionId === holder)
        ?.status,
    ).toBe('Stopped');
  });

  it('stopping an execution waiting in line takes it out of the line', async () => {
    const { holder, first, second } = await imageQueue();
    await stop(first);
    const stopped = await client.send(
      new ListPipelineExecutionsCommand({ pipelineName: IMAGE }),
    );
    expect(
      stopped.pipelineExecutionSummaries!.find(
        e => e.pipelineExecutionId === first,
      )?.status,
    ).toBe('Stopped');
    // The holder still has the stage; once it is gone, the next in line enters, not the stopped run.
    expect(
      (await state(IMAGE))(WAVE1).latestExecution?.pipelineExecutionId,
    ).toBe(holder);
    await stop(holder, true);
    expect((await state(IMAGE))(WAVE1).latestExecution).toMatchObject({
      pipelineExecutionId: second,
      status: 'InProgress',
    });
  });
});

describe('RetryStageExecution', () => {
  it('retries a stage refused by its entry condition once the alarm is clear, in the same execution', async () => {
    const id = await blockedAtWave1();
    const blocker = (await state())(WAVE1).beforeEntryConditionState!;
    expect(blocker.latestExecution?.status).toBe('Failed');
    for (const region of ['us-east-1']) {
      for (const alarm of scenario.alarms(region)) {
        if (alarm.StateValue === 'ALARM')
          scenario.setAlarmState(region, alarm.AlarmName, 'OK');
      }
    }
    const out = await client.send(
      new RetryStageExecutionCommand({
        pipelineName: PIPELINE,
        stageName: WAVE1,
        pipelineExecutionId: id,
        retryMode: 'FAILED_ACTIONS',
      }),
    );
    expect(out.pipelineExecutionId).toBe(id);
    const wave1 = (await state())(WAVE1);
    expect(wave1.latestExecution).toMatchObject({
      pipelineExecutionId: id,
      status: 'InProgress',
    });
    expect(await latestExecution()).toMatchObject({ status: 'InProgress' });
  });

  it('retries the failed actions of a stopped stage; the rest stay as they were', async () => {
    serve([{ pipeline: PIPELINE, situation: 'building' }]);
    const id = (await latestExecution()).pipelineExecutionId!;
    await client.send(
      new StopPipelineExecutionCommand({
        pipelineName: PIPELINE,
        pipelineExecutionId: id,
        abandon: true,
      }),
    );
    await client.send(
      new RetryStageExecutionCommand({
        pipelineName: PIPELINE,
        stageName: STAGE.build,
        pipelineExecutionId: id,
        retryMode: 'FAILED_ACTIONS',
      }),
    );
    const build = (await state())(STAGE.build);
    expect(build.latestExecution?.status).toBe('InProgress');
    expect(build.actionStates?.[0].latestExecution?.status).toBe('InProgress');
    scenario.advance(60);
    expect((await state())(STAGE.build).latestExecution?.status).toBe(
      'Succeeded',
    );
  });

  it('refuses a stage that did not fail, a later execution, and an unknown retry mode', async () => {
    const id = await blockedAtWave1();
    await expect(
      client.send(
        new RetryStageExecutionCommand({
          pipelineName: PIPELINE,
          stageName: STAGE.build,
          pipelineExecutionId: id,
          retryMode: 'FAILED_ACTIONS',
        }),
      ),
    ).rejects.toMatchObject({ name: 'StageNotRetryableException' });
    const history = await client.send(
      new ListPipelineExecutionsCommand({ pipelineName: PIPELINE }),
    );
    const older = history.pipelineExecutionSummaries!.find(
      e => e.status === 'Failed' && e.pipelineExecutionId !== id,
    );
    // The history holds failed executions before the current one.
    expect(older).toBeDefined();
    await expect(
      client.send(
        new RetryStageExecutionCommand({
          pipelineName: PIPELINE,
          stageName: STAGE.build,
          pipelineExecutionId: older!.pipelineExecutionId!,
          retryMode: 'ALL_ACTIONS',
        }),
      ),
    ).rejects.toMatchObject({
      name: expect.stringMatching(
        /NotLatestPipelineExecutionException|StageNotRetryableException/,
      ),
    });
    await expect(
      client.send(
        new RetryStageExecutionCommand({
          pipelineName: PIPELINE,
          stageName: WAVE1,
          pipelineExecutionId: id,
          retryMode: 'SOME' as never,
        }),
      ),
    ).rejects.toMatchObject({ name: 'ValidationException' });
  });
});

describe('OverrideStageCondition', () => {
  it('BEFORE_ENTRY lets the execution into a stage its entry condition refused', async () => {
    const id = await blockedAtWave1();
    await client.send(
      new OverrideStageConditionCommand({
        pipelineName: PIPELINE,
        stageName: WAVE1,
        pipelineExecutionId: id,
        conditionType: 'BEFORE_ENTRY',
      }),
    );
    const wave1 = (await state())(WAVE1);
    expect(wave1.latestExecution?.status).toBe('InProgress');
    expect(wave1.beforeEntryConditionState?.latestExecution?.status).toBe(
      'Overridden',
    );
    await expect(
      client.send(
        new OverrideStageConditionCommand({
          pipelineName: PIPELINE,
          stageName: WAVE1,
          pipelineExecutionId: id,
          conditionType: 'ON_SUCCESS',
        }),
      ),
    ).rejects.toMatchObject({ name: 'ConditionNotOverridableException' });
  });

  it('ON_SUCCESS ends a running bake and the next wave starts', async () => {
    serve([{ pipeline: PIPELINE, situation: 'baking', wave: 1 }]);
    const wave1 = (await state())(WAVE1);
    expect(wave1.onSuccessConditionState?.latestExecution?.status).toBe(
      'InProgress',
    );
    const id = wave1.latestExecution!.pipelineExecutionId!;
    await client.send(
      new OverrideStageConditionCommand({
        pipelineName: PIPELINE,
        stageName: WAVE1,
        pipelineExecutionId: id,
        conditionType: 'ON_SUCCESS',
      }),
    );
    const after = await state();
    expect(after(WAVE1).latestExecution?.status).toBe('Succeeded');
    expect(after(WAVE1).onSuccessConditionState?.latestExecution?.status).toBe(
      'Overridden',
    );
    expect(after(STAGE.prodWave(2)).latestExecution).toMatchObject({
      pipelineExecutionId: id,
      status: 'InProgress',
    });
  });
});

describe('RollbackStage', () => {
  it('rolls a wave back to an earlier successful execution with a ROLLBACK execution', async () => {
    serve([]);
    const history = await client.send(
      new ListPipelineExecutionsCommand({ pipelineName: PIPELINE }),
    );
    const good = history.pipelineExecutionSummaries!.filter(
      e => e.status === 'Succeeded' && e.executionType === 'STANDARD',
    );
    const target = good[1];
    const out = await client.send(
      new RollbackStageCommand({
        pipelineName: PIPELINE,
        stageName: WAVE1,
        targetPipelineExecutionId: target.pipelineExecutionId!,
      }),
    );
    const latest = await latestExecution();
    expect(latest).toMatchObject({
      pipelineExecutionId: out.pipelineExecutionId,
      executionType: 'ROLLBACK',
      status: 'InProgress',
      rollbackMetadata: {
        rollbackTargetPipelineExecutionId: target.pipelineExecutionId,
      },
      trigger: { triggerType: 'ManualRollback' },
    });
    expect(latest.sourceRevisions?.[0].revisionId).toBe(
      target.sourceRevisions?.[0].revisionId,
    );
    // The wave is running the rollback now: a second one is refused.
    await expect(
      client.send(
        new RollbackStageCommand({
          pipelineName: PIPELINE,
          stageName: WAVE1,
          targetPipelineExecutionId: target.pipelineExecutionId!,
        }),
      ),
    ).rejects.toMatchObject({ name: 'UnableToRollbackStageException' });
    scenario.advance(120);
    expect((await state())(WAVE1).latestExecution).toMatchObject({
      pipelineExecutionId: out.pipelineExecutionId,
      status: 'Succeeded',
      type: 'ROLLBACK',
    });
  });

  it('refuses the source stage, an unknown target and a rollback target', async () => {
    serve([]);
    const history = await client.send(
      new ListPipelineExecutionsCommand({ pipelineName: PIPELINE }),
    );
    const good = history.pipelineExecutionSummaries!.find(
      e => e.status === 'Succeeded',
    )!;
    await expect(
      client.send(
        new RollbackStageCommand({
          pipelineName: PIPELINE,
          stageName: STAGE.source,
          targetPipelineExecutionId: good.pipelineExecutionId!,
        }),
      ),
    ).rejects.toMatchObject({ name: 'UnableToRollbackStageException' });
    await expect(
      client.send(
        new RollbackStageCommand({
          pipelineName: PIPELINE,
          stageName: WAVE1,
          targetPipelineExecutionId: '00000000-0000-4000-8000-000000000000',
        }),
      ),
    ).rejects.toMatchObject({ name: 'PipelineExecutionNotFoundException' });
    const rollback = history.pipelineExecutionSummaries!.find(
      e => e.executionType === 'ROLLBACK',
    );
    // The history holds automated rollbacks (a bake's alarm rolled a wave back).
    expect(rollback).toBeDefined();
    await expect(
      client.send(
        new RollbackStageCommand({
          pipelineName: PIPELINE,
          stageName: WAVE1,
          targetPipelineExecutionId: rollback!.pipelineExecutionId!,
        }),
      ),
    ).rejects.toMatchObject({ name: 'UnableToRollbackStageException' });
  });
});
