import { STAGE } from '@dpra/pipeline-contract';
import { mockCredentials } from '@backstage/backend-test-utils';
import {
  CodePipelineClient,
  GetPipelineStateCommand,
  ListPipelineExecutionsCommand,
} from '@aws-sdk/client-codepipeline';
import {
  EXAMPLE_SITUATIONS,
  createAwsMswHandlers,
  createDpraScenario,
  exampleSpecsDir,
  loadSpecDeclarations,
  specFilesIn,
  type AwsScenario,
  type SynthesizedDeclarations,
} from '@dpra/aws-local';
import type { PipelineControl } from '@dpra/plugin-pipelines-common';
import type { Knex } from 'knex';
import { setupServer } from 'msw/node';
import { CONTROL_AUDIT_EVENT_ID } from './service/controlRoutes';
import {
  post,
  startBackend as startPluginBackend,
  type AuditRecord,
} from './testing/pluginTestBackend';
import { createTestDatabases } from './testing/stores';

/**
 * The stage controls through the plugin's REST API, against the local AWS world of the example
 * specs (`dpra synth`): permission, audit, the 409 when the pipeline changed since the user
 * looked, and the state change in AWS.
 */

jest.setTimeout(120_000);

const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: 'bypass' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

const ENDPOINT = 'http://aws.test';
const ENTITY = '/api/pipelines/entities/component/default/orders-service';
// A Wednesday at 15:00 UTC: inside the examples' deployment window.
const WEDNESDAY = new Date('2026-12-02T15:00:00Z');
const WAVE1 = STAGE.prodWave(1);

let declarations: SynthesizedDeclarations;
beforeAll(async () => {
  declarations = await loadSpecDeclarations(specFilesIn(exampleSpecsDir()));
}, 120_000);

const aws = (region: string) =>
  new CodePipelineClient({
    region,
    endpoint: ENDPOINT,
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    maxAttempts: 1,
  });

/** The example world, served over msw, and a backend whose entity owns every pipeline in it. */
async function startBackend(
  options: {
    knex?: Knex;
    denyOperate?: boolean;
    executionMode?: 'QUEUED' | 'SUPERSEDED' | 'PARALLEL';
  } = {},
) {
  const scenario = createDpraScenario({
    now: () => WEDNESDAY,
    world: {
      declarations,
      situations: EXAMPLE_SITUATIONS,
      deploymentWindows: 'open',
    },
  });
  if (options.executionMode) {
    // The examples synthesize QUEUED pipelines; the controls must behave alike in every mode.
    for (const p of scenario.pipelines() as any[]) {
      p.executionMode = options.executionMode;
      if (p.declaration) p.declaration.executionMode = options.executionMode;
    }
  }
  const pipelines = scenario.pipelines();
  const arnOf = (name: string) => pipelines.find(p => p.name === name)!.arn;
  const entity = {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: {
      name: 'orders-service',
      namespace: 'default',
      annotations: {
        'dpra.io/pipelines': pipelines.map(p => p.arn).join('\n'),
      },
    },
    spec: { type: 'service', owner: 'team-orders', lifecycle: 'production' },
  };
  const regions = [...new Set(pipelines.map(p => p.region))];
  const { http, audits, runTask, actionsRegistry, signals } =
    await startPluginBackend(server, {
      knex: options.knex,
      denyOperate: options.denyOperate,
      aws: {
        handlers: createAwsMswHandlers(scenario, { baseUrls: [ENDPOINT] }),
        config: {
          endpoint: ENDPOINT,
          local: true,
          targets: [...new Set(pipelines.map(p => p.accountId))].map(
            accountId => ({ accountId, regions }),
          ),
          maxAttempts: 1,
        },
        entities: [entity],
      },
    });
  await runTask('dpra-pipelines-entity-sync');
  const control = (name: PipelineControl, body: object) =>
    post(http, `${ENTITY}/controls/${name}`, body);
  const controlAudits = () =>
    audits.filter(a => a.eventId === CONTROL_AUDIT_EVENT_ID) as Array<
      AuditRecord & { meta: Record<string, any> }
    >;
  // The actions for AI tools (ids `test:<name>`), as the signed-in user of the REST calls.
  const invoke = (name: string, input: object) =>
    actionsRegistry
      .invoke({
        id: `test:${name}`,
        input: input as any,
        credentials: mockCredentials.user(),
      })
      .then(r => (r as { output: any }).output);
  return { http, scenario, arnOf, control, controlAudits, invoke, signals };
}

function pipelineIn(scenario: AwsScenario, name: string) {
  const p = scenario.pipelines().find(x => x.name === name)!;
  return { name, region: p.region, client: aws(p.region) };
}

async function latest(scenario: AwsScenario, name: string) {
  const { client } = pipelineIn(scenario, name);
  const out = await client.send(
    new ListPipelineExecutionsCommand({ pipelineName: name, maxResults: 50 }),
  );
  return out.pipelineExecutionSummaries!;
}

async function stageState(scenario: AwsScenario, name: string, stage: string) {
  const { client } = pipelineIn(scenario, name);
  const out = await client.send(new GetPipelineStateCommand({ name }));
  return out.stageStates!.find(s => s.stageName === stage)!;
}

const databases = createTestDatabases();

describe.each(databases.eachSupportedId())(
  'stage controls through the REST API (%s)',
  databaseId => {
    it('stop, retry, transitions, start: each once, audited; the same request again is a 409', async () => {
      const knex = await databases.init(databaseId);
      const { scenario, arnOf, control, controlAudits } = await startBackend({
        knex,
      });
      const pipelineArn = arnOf('orders-service');
      const [waiting] = await latest(scenario, 'orders-service');
      expect(waiting.status).toBe('InProgress');
      const id = waiting.pipelineExecutionId!;

      // Stop (abandon) the execution waiting at its approval.
      const stopBody = {
        pipelineArn,
        pipelineExecutionId: id,
        abandon: true,
        reason: 'Wrong commit',
        seen: { pipelineExecutionId: id, status: 'InProgress' },
      };
      const stopped = await control('stop-execution', stopBody);
      expect(stopped.status).toBe(200);
      expect(stopped.body).toMatchObject({
        control: 'stop-execution',
        pipelineExecutionId: id,
        requestedBy: 'user:default/mock',
      });
      expect((await latest(scenario, 'orders-service'))[0].status).toBe(
        'Stopped',
      );
      const stopAgain = await control('stop-execution', stopBody);
      expect(stopAgain.status).toBe(409);
      expect(stopAgain.body.error.message).toContain(
        `execution ${id} is now Stopped, you saw it InProgress`,
      );

      // Retry the stopped approval stage in the same execution.
      const retryBody = {
        pipelineArn,
        stageName: STAGE.approval,
        pipelineExecutionId: id,
        retryMode: 'FAILED_ACTIONS',
        seen: { pipelineExecutionId: id, status: 'Stopped' },
      };
      const retried = await control('retry-stage', retryBody);
      expect(retried.status).toBe(200);
      expect(
        (await stageState(scenario, 'orders-service', STAGE.approval))
          .latestExecution,
      ).toMatchObject({ pipelineExecutionId: id, status: 'InProgress' });
      expect((await control('retry-stage', retryBody)).status).toBe(409);

      // Disable, then enable, the transition into wave 1.
      const disable = {
        pipelineArn,
        stageName: WAVE1,
        reason: 'Game day (INC-42)',
        seen: { transitionEnabled: true },
      };
      expect((await control('disable-transition', disable)).status).toBe(200);
      expect(
        (await stageState(scenario, 'orders-service', WAVE1))
          .inboundTransitionState,
      ).toMatchObject({ enabled: false, disabledReason: 'Game day (INC-42)' });
      const disableAgain = await control('disable-transition', disable);
      expect(disableAgain.status).toBe(409);
      expect(disableAgain.body.error.message).toContain('is now disabled');
      const enable = {
        pipelineArn,
        stageName: WAVE1,
        seen: { transitionEnabled: false },
      };
      expect((await control('enable-transition', enable)).status).toBe(200);
      expect((await control('enable-transition', enable)).status).toBe(409);

      // Start a new execution from what the user saw last.
      const start = {
        pipelineArn,
        seen: { pipelineExecutionId: id, status: 'InProgress' },
      };
      const started = await control('start-execution', start);
      expect(started.status).toBe(200);
      const [newest] = await latest(scenario, 'orders-service');
      expect(newest.pipelineExecutionId).toBe(started.body.pipelineExecutionId);
      expect(newest.trigger?.triggerType).toBe('StartPipelineExecution');
      expect((await control('start-execution', start)).status).toBe(409);

      const audited = controlAudits();
      expect(audited.map(a => [a.meta.control, a.outcome])).toEqual([
        ['stop-execution', 'success'],
        ['stop-execution', 'fail'],
        ['retry-stage', 'success'],
        ['retry-stage', 'fail'],
        ['disable-transition', 'success'],
        ['disable-transition', 'fail'],
        ['enable-transition', 'success'],
        ['enable-transition', 'fail'],
        ['start-execution', 'success'],
        ['start-execution', 'fail'],
      ]);
      expect(audited[0].meta).toMatchObject({
        entityRef: 'component:default/orders-service',
        pipelineArn,
        pipelineExecutionId: id,
        requestedBy: 'user:default/mock',
        outcome: `Abandoning execution ${id}`,
      });
      expect(audited[1].error).toMatch(/^ConflictError/);
    });

    it('rolls a wave back to an earlier good execution and overrides a bake; 409 when the stage moved on', async () => {
      const knex = await databases.init(databaseId);
      const { scenario, arnOf, control, controlAudits } = await startBackend({
        knex,
      });
      const ordersArn = arnOf('orders-service');
      const wave1 = await stageState(scenario, 'orders-service', WAVE1);
      const good = (await latest(scenario, 'orders-service')).filter(
        e =>
          e.status === 'Succeeded' &&
          e.executionType === 'STANDARD' &&
          e.pipelineExecutionId !== wave1.latestExecution?.pipelineExecutionId,
      );
      const rollback = {
        pipelineArn: ordersArn,
        stageName: WAVE1,
        targetPipelineExecutionId: good[0].pipelineExecutionId,
        seen: {
          pipelineExecutionId: wave1.latestExecution!.pipelineExecutionId,
          status: wave1.latestExecution!.status,
        },
      };
      const stale = await control('rollback-stage', {
        ...rollback,
        seen: { pipelineExecutionId: 'someone-else', status: 'Succeeded' },
      });
      expect(stale.status).toBe(409);
      expect(stale.body.error.message).toContain(
        `stage ${WAVE1} now shows execution ${
          wave1.latestExecution!.pipelineExecutionId
        }`,
      );
      const rolled = await control('rollback-stage', rollback);
      expect(rolled.status).toBe(200);
      const [newest] = await latest(scenario, 'orders-service');
      expect(newest).toMatchObject({
        pipelineExecutionId: rolled.body.pipelineExecutionId,
        executionType: 'ROLLBACK',
        rollbackMetadata: {
          rollbackTargetPipelineExecutionId: good[0].pipelineExecutionId,
        },
      });

      // base-ami bakes wave 1 in the example world.
      const amiArn = arnOf('base-ami');
      const bake = await stageState(scenario, 'base-ami', WAVE1);
      expect(bake.onSuccessConditionState?.latestExecution?.status).toBe(
        'InProgress',
      );
      const bakingId = bake.latestExecution!.pipelineExecutionId!;
      const override = {
        pipelineArn: amiArn,
        stageName: WAVE1,
        pipelineExecutionId: bakingId,
        conditionType: 'ON_SUCCESS',
        seen: { pipelineExecutionId: bakingId, status: 'Failed' },
      };
      expect((await control('override-condition', override)).status).toBe(409);
      const overridden = await control('override-condition', {
        ...override,
        seen: { pipelineExecutionId: bakingId, status: 'InProgress' },
      });
      expect(overridden.status).toBe(200);
      // base-ami runs QUEUED with two runs waiting in line for wave 1: the override let the baking
      // run out of the wave, and the first in line entered it (without the override the bake would
      // still hold the wave).
      const released = await stageState(scenario, 'base-ami', WAVE1);
      expect(released.latestExecution?.pipelineExecutionId).not.toBe(bakingId);
      expect(released.latestExecution?.status).toBe('InProgress');
      // The execution went on to wave 2, whose blocker alarm fails it. Seen as it is now, AWS
      // itself refuses a second override of the finished bake, which a later run now holds (409,
      // naming AWS's error).
      const now = (await latest(scenario, 'base-ami')).find(
        e => e.pipelineExecutionId === bakingId,
      )!;
      expect(now.status).toBe('Failed');
      const again = await control('override-condition', {
        ...override,
        seen: { pipelineExecutionId: bakingId, status: 'Failed' },
      });
      expect(again.status).toBe(409);
      expect(again.body.error.message).toContain(
        'NotLatestPipelineExecutionException',
      );
      expect(controlAudits().map(a => [a.meta.control, a.outcome])).toEqual([
        ['rollback-stage', 'fail'],
        ['rollback-stage', 'success'],
        ['override-condition', 'fail'],
        ['override-condition', 'success'],
        ['override-condition', 'fail'],
      ]);
    });
  },
);

describe('stage controls without dpra.pipeline.operate', () => {
  it('answers 403 naming the permission for every control, audits it, and calls no AWS write', async () => {
    const { scenario, arnOf, control, controlAudits } = await startBackend({
      denyOperate: true,
    });
    const pipelineArn = arnOf('orders-service');
    const [waiting] = await latest(scenario, 'orders-service');
    const id = waiting.pipelineExecutionId!;
    const seen = { pipelineExecutionId: id, status: 'InProgress' };
    const bodies: Record<PipelineControl, object> = {
      'retry-stage': {
        stageName: STAGE.approval,
        pipelineExecutionId: id,
        retryMode: 'ALL_ACTIONS',
        seen,
      },
      'stop-execution': { pipelineExecutionId: id, seen },
      'rollback-stage': {
        stageName: WAVE1,
        targetPipelineExecutionId: id,
        seen,
      },
      'disable-transition': {
        stageName: WAVE1,
        reason: 'freeze',
        seen: { transitionEnabled: true },
      },
      'enable-transition': {
        stageName: WAVE1,
        seen: { transitionEnabled: false },
      },
      'override-condition': {
        stageName: WAVE1,
        pipelineExecutionId: id,
        conditionType: 'ON_SUCCESS',
        seen,
      },
      'start-execution': { seen },
    };
    // Only the writes: backends of earlier tests may still refresh in the background.
    const writes = () =>
      [
        'RetryStageExecution',
        'StopPipelineExecution',
        'RollbackStage',
        'DisableStageTransition',
        'EnableStageTransition',
        'OverrideStageCondition',
        'StartPipelineExecution',
      ].reduce((n, op) => n + scenario.callCount('codepipeline', op), 0);
    for (const [name, body] of Object.entries(bodies)) {
      const res = await control(name as PipelineControl, {
        pipelineArn,
        ...body,
      });
      expect(res.status).toBe(403);
      expect(res.body.error.message).toContain('dpra.pipeline.operate');
    }
    expect(writes()).toBe(0);
    expect(controlAudits()).toHaveLength(7);
    expect(controlAudits().every(a => a.outcome === 'fail')).toBe(true);
  });
});

describe.each(['QUEUED', 'SUPERSEDED', 'PARALLEL'] as const)(
  'stage controls in %s mode',
  executionMode => {
    it('stops the building execution while another waits at its approval, and retries it', async () => {
      const { scenario, arnOf, control } = await startBackend({
        executionMode,
      });
      // org-fleet: one execution waits at its approval, a newer one builds.
      const pipelineArn = arnOf('org-fleet');
      const running = (await latest(scenario, 'org-fleet')).filter(
        e => e.status === 'InProgress',
      );
      expect(running.length).toBe(2);
      const [building, waiting] = running;
      const stopped = await control('stop-execution', {
        pipelineArn,
        pipelineExecutionId: building.pipelineExecutionId,
        abandon: true,
        seen: {
          pipelineExecutionId: building.pipelineExecutionId,
          status: 'InProgress',
        },
      });
      expect(stopped.status).toBe(200);
      const after = await latest(scenario, 'org-fleet');
      const statusOf = (id?: string) =>
        after.find(e => e.pipelineExecutionId === id)?.status;
      expect(statusOf(building.pipelineExecutionId)).toBe('Stopped');
      expect(statusOf(waiting.pipelineExecutionId)).toBe('InProgress');
      const retried = await control('retry-stage', {
        pipelineArn,
        stageName: STAGE.build,
        pipelineExecutionId: building.pipelineExecutionId,
        retryMode: 'ALL_ACTIONS',
        seen: {
          pipelineExecutionId: building.pipelineExecutionId,
          status: 'Stopped',
        },
      });
      expect(retried.status).toBe(200);
      expect(
        (await latest(scenario, 'org-fleet')).find(
          e => e.pipelineExecutionId === building.pipelineExecutionId,
        )?.status,
      ).toBe('InProgress');
    });
  },
);

describe('stage controls as actions for AI tools', () => {
  it("stops, retries, pauses and rolls back through the REST route's checks: once each, audited, a conflict when stale", async () => {
    const { scenario, arnOf, invoke, controlAudits, signals } =
      await startBackend();
    const pipelineArn = arnOf('orders-service');
    const entityRef = 'component:default/orders-service';
    const [waiting] = await latest(scenario, 'orders-service');
    const id = waiting.pipelineExecutionId!;

    const stop = {
      entityRef,
      pipelineArn,
      pipelineExecutionId: id,
      abandon: true,
      reason: 'asked my assistant',
      seenStatus: 'InProgress',
    };
    expect(await invoke('stop-execution', stop)).toMatchObject({
      control: 'stop-execution',
      pipelineExecutionId: id,
      requestedBy: 'user:default/mock',
    });
    expect((await latest(scenario, 'orders-service'))[0].status).toBe(
      'Stopped',
    );
    await expect(invoke('stop-execution', stop)).rejects.toThrow(
      `execution ${id} is now Stopped, you saw it InProgress`,
    );

    await invoke('retry-stage', {
      entityRef,
      pipelineArn,
      stageName: STAGE.approval,
      pipelineExecutionId: id,
      retryMode: 'FAILED_ACTIONS',
      seenStatus: 'Stopped',
    });
    expect(
      (await stageState(scenario, 'orders-service', STAGE.approval))
        .latestExecution,
    ).toMatchObject({ pipelineExecutionId: id, status: 'InProgress' });

    const pause = {
      entityRef,
      pipelineArn,
      stageName: WAVE1,
      enabled: false,
      reason: 'Game day (INC-42)',
    };
    await invoke('set-stage-transition', pause);
    expect(
      (await stageState(scenario, 'orders-service', WAVE1))
        .inboundTransitionState,
    ).toMatchObject({ enabled: false, disabledReason: 'Game day (INC-42)' });
    await expect(invoke('set-stage-transition', pause)).rejects.toThrow(
      `the transition into ${WAVE1} is now disabled`,
    );
    await invoke('set-stage-transition', { ...pause, enabled: true });

    const wave1 = await stageState(scenario, 'orders-service', WAVE1);
    const [good] = (await latest(scenario, 'orders-service')).filter(
      e =>
        e.status === 'Succeeded' &&
        e.executionType === 'STANDARD' &&
        e.pipelineExecutionId !== wave1.latestExecution?.pipelineExecutionId,
    );
    const rolled = await invoke('rollback-stage', {
      entityRef,
      pipelineArn,
      stageName: WAVE1,
      targetPipelineExecutionId: good.pipelineExecutionId,
      seenPipelineExecutionId: wave1.latestExecution!.pipelineExecutionId,
      seenStatus: wave1.latestExecution!.status,
    });
    expect((await latest(scenario, 'orders-service'))[0]).toMatchObject({
      pipelineExecutionId: rolled.pipelineExecutionId,
      executionType: 'ROLLBACK',
    });

    expect(
      controlAudits().map(a => [a.meta.control, a.meta.via, a.outcome]),
    ).toEqual([
      ['stop-execution', 'action', 'success'],
      ['stop-execution', 'action', 'fail'],
      ['retry-stage', 'action', 'success'],
      ['disable-transition', 'action', 'success'],
      ['disable-transition', 'action', 'fail'],
      ['enable-transition', 'action', 'success'],
      ['rollback-stage', 'action', 'success'],
    ]);
    // Each control that ran tells the entity's open tabs to re-fetch.
    expect(
      signals
        .filter(x => (x.message as any).reason === 'control')
        .map(x => x.channel),
    ).toEqual(Array(5).fill(`dpra-pipelines:${entityRef}`));
    expect(controlAudits()[0].meta).toMatchObject({
      requestedBy: 'user:default/mock',
      reason: 'asked my assistant',
      outcome: `Abandoning execution ${id}`,
    });
  });

  it('refuses every write action without dpra.pipeline.operate, audited, with no AWS write', async () => {
    const { scenario, arnOf, invoke, controlAudits } = await startBackend({
      denyOperate: true,
    });
    const common = {
      entityRef: 'component:default/orders-service',
      pipelineArn: arnOf('orders-service'),
    };
    const [waiting] = await latest(scenario, 'orders-service');
    const id = waiting.pipelineExecutionId!;
    const inputs: Record<string, object> = {
      'retry-stage': {
        stageName: STAGE.approval,
        pipelineExecutionId: id,
        retryMode: 'ALL_ACTIONS',
        seenStatus: 'InProgress',
      },
      'stop-execution': { pipelineExecutionId: id, seenStatus: 'InProgress' },
      'rollback-stage': {
        stageName: WAVE1,
        targetPipelineExecutionId: id,
        seenPipelineExecutionId: id,
        seenStatus: 'InProgress',
      },
      'set-stage-transition': {
        stageName: WAVE1,
        enabled: false,
        reason: 'freeze',
      },
    };
    for (const [name, input] of Object.entries(inputs)) {
      await expect(invoke(name, { ...common, ...input })).rejects.toThrow(
        'user:default/mock may not operate the pipelines of component:default/orders-service (permission dpra.pipeline.operate)',
      );
    }
    expect(
      [
        'RetryStageExecution',
        'StopPipelineExecution',
        'RollbackStage',
        'DisableStageTransition',
      ].map(op => scenario.callCount('codepipeline', op)),
    ).toEqual([0, 0, 0, 0]);
    expect(controlAudits().map(a => [a.meta.via, a.outcome])).toEqual(
      Array(4).fill(['action', 'fail']),
    );
  });
});
