import { TAG } from '@dpra/pipeline-contract';
import type { SchedulerServiceTaskInvocationDefinition } from '@backstage/backend-plugin-api';
import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import {
  createAwsMswHandlers,
  createExampleScenario,
  worldTargets,
  type AwsScenario,
} from '@dpra/aws-local';
import type { Knex } from 'knex';
import { EXAMPLE_SPEC_NAMES, exampleSpec } from '@dpra/stacks/testing';
import { setupServer } from 'msw/node';
import request from 'supertest';
import { expectResponseMatchesSpec } from './testing/openApiSpec';
import { createPostgresTestDatabases } from './testing/stores';

/** GET through the plugin, checking the response against openapi.yaml. */
async function get(http: any, url: string) {
  const res = await request(http).get(url);
  expectResponseMatchesSpec('get', url, res);
  return res;
}

/** POST through the plugin, checking the response against openapi.yaml. */
async function post(http: any, url: string, body?: object) {
  const res = await request(http).post(url).send(body);
  expectResponseMatchesSpec('post', url, res);
  return res;
}
import { pipelinesPlugin } from './plugin';
import { DatabasePipelineSnapshotWriter } from './store/DatabasePipelineSnapshotWriter';
import { recordingNotificationService } from './testing/notifications';

/**
 * The plugin against the shared local AWS scenario (`@dpra/aws-local`), through an endpoint
 * override as the local portal runs it: tag lookup, refresh, findings, metrics; and two backend
 * replicas on one PostgreSQL.
 */

jest.setTimeout(120_000);

const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: 'bypass' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

const ENDPOINT = 'http://aws.test';
/** The example specs of the entity's pipelines: those tagged with the orders service. */
const serviceSpecs = EXAMPLE_SPEC_NAMES.map(name => exampleSpec(name)).filter(
  spec => spec.metadata.tags[TAG.service] === 'orders-service',
);
const appSpec = exampleSpec('app-service');
if (appSpec.kind !== 'AppPipeline') throw new Error('app-service is an app');
const isOrdersService = (tag: { key: string; value: string }) =>
  tag.key === TAG.service && tag.value === 'orders-service';
const ENTITY = '/api/pipelines/entities/component/default/orders-service';

const entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name: 'orders-service',
    namespace: 'default',
    annotations: { 'dpra.io/pipeline-tags': `${TAG.service}=orders-service` },
  },
  spec: { type: 'service', owner: 'team-orders', lifecycle: 'production' },
};

const config = (scenario: AwsScenario, refreshSeconds: number) => ({
  aws: { mainAccount: { accessKeyId: 'local', secretAccessKey: 'local' } },
  pipelines: {
    aws: {
      endpoint: ENDPOINT,
      local: true,
      targets: worldTargets(scenario),
      maxAttempts: 2,
    },
    refresh: {
      intervalSeconds: refreshSeconds,
      hotIntervalSeconds: refreshSeconds,
      findingsIntervalSeconds: 3600,
    },
  },
});

async function startBackend(
  scenario: AwsScenario,
  options: { knex?: Knex; refreshSeconds?: number } = {},
) {
  const tasks = new Map<string, () => Promise<void>>();
  const notifications = recordingNotificationService();
  const { server: http } = await startTestBackend({
    features: [
      pipelinesPlugin,
      notifications.factory,
      mockServices.rootConfig.factory({
        data: config(scenario, options.refreshSeconds ?? 60),
      }),
      catalogServiceMock.factory({ entities: [entity] }),
      ...(options.knex
        ? [mockServices.database.factory({ knex: options.knex })]
        : []),
      mockServices.scheduler.mock({
        scheduleTask: jest.fn(
          async (task: SchedulerServiceTaskInvocationDefinition) => {
            tasks.set(task.id, () =>
              Promise.resolve(task.fn(new AbortController().signal)),
            );
          },
        ),
      }).factory,
    ],
  });
  const runTask = (id: string) => tasks.get(id)!();
  return { http, runTask, notifications: notifications.sent };
}

describe('pipelines backend against the local AWS scenario', () => {
  it('finds pipelines by tag through the endpoint override and serves them, findings and metrics', async () => {
    const scenario = await createExampleScenario();
    server.use(...createAwsMswHandlers(scenario, { baseUrls: [ENDPOINT] }));
    const { http, runTask } = await startBackend(scenario);

    await runTask('dpra-pipelines-entity-sync');
    await runTask('dpra-pipelines-refresh');

    const page = await get(http, `${ENTITY}/pipelines`);
    expect(page.status).toBe(200);
    expect(page.body.source).toEqual({
      kind: 'local',
      label: `Local AWS scenario (demo data) at ${ENDPOINT}`,
    });
    // Tag lookup finds the two pipelines whose specs tag them with the orders service.
    expect(page.body.pipelines.map((p: any) => p.name)).toEqual(
      serviceSpecs.map(spec => spec.metadata.name).sort(),
    );
    const app = page.body.pipelines.find(
      (p: any) => p.name === appSpec.metadata.name,
    );
    expect(app.layout.conventional).toBe(true);
    expect(
      app.layout.waves.map((w: any) => w.regions.map((r: any) => r.region)),
    ).toEqual(
      // Each wave's regions in deploy order, as the spec declares them.
      appSpec.spec.production.waves.map(w => w.regions),
    );
    expect(app.freshness.stale).toBe(false);
    expect(app.alarms.length).toBeGreaterThan(0);
    expect(app.alarms.every((a: any) => a.state !== 'UNKNOWN')).toBe(true);

    const findings = await get(http, `${ENTITY}/findings`);
    expect(findings.status).toBe(200);
    expect(findings.body.freshness.stale).toBe(false);
    const total = Object.values(
      findings.body.counts as Record<string, number>,
    ).reduce((a, b) => a + b, 0);
    expect(total).toBe(findings.body.findings.length);

    const executions = await get(http, `${ENTITY}/executions?limit=500`);
    expect(executions.body.executions.length).toBeGreaterThan(0);
    const started = executions.body.executions.map((e: any) => e.startedAt);
    expect([...started].sort().reverse()).toEqual(started);

    const metrics = await get(http, `${ENTITY}/metrics?windowDays=30`);
    expect(metrics.status).toBe(200);
    expect(metrics.body.windowDays).toBe(30);
  });

  it('reads the alarms of all pipelines of a refresh run with one DescribeAlarms per region', async () => {
    const scenario = await createExampleScenario();
    server.use(...createAwsMswHandlers(scenario, { baseUrls: [ENDPOINT] }));
    const { http, runTask } = await startBackend(scenario, {
      refreshSeconds: 1,
    });
    await runTask('dpra-pipelines-entity-sync');
    await runTask('dpra-pipelines-refresh');
    const before = scenario.calls().length;
    await new Promise(resolve => setTimeout(resolve, 1100));
    await runTask('dpra-pipelines-refresh');

    const page = await get(http, `${ENTITY}/pipelines`);
    const regionsOf = (p: any) =>
      new Set<string>(p.alarms.map((a: any) => a.region));
    const [infra, app] = page.body.pipelines;
    // Both pipelines watch alarms in some of the same regions: without the shared read each
    // pipeline would ask for its own there.
    const shared = [...regionsOf(app)].filter(r => regionsOf(infra).has(r));
    expect(shared.length).toBeGreaterThan(0);
    const describes = scenario
      .calls()
      .slice(before)
      .filter(call => call.operation === 'DescribeAlarms')
      .map(call => call.region)
      .sort();
    expect(describes).toEqual(
      [...new Set([...regionsOf(app), ...regionsOf(infra)])].sort(),
    );
    for (const pipeline of page.body.pipelines) {
      expect(pipeline.freshness.stale).toBe(false);
      expect(pipeline.alarms.length).toBeGreaterThan(0);
      expect(pipeline.alarms.every((a: any) => a.state !== 'UNKNOWN')).toBe(
        true,
      );
    }
  });

  it('writes only new and changed executions on later refreshes, and loses none', async () => {
    const save = jest.spyOn(
      DatabasePipelineSnapshotWriter.prototype,
      'savePipelineSnapshot',
    );
    const scenario = await createExampleScenario();
    server.use(...createAwsMswHandlers(scenario, { baseUrls: [ENDPOINT] }));
    const { http, runTask } = await startBackend(scenario, {
      refreshSeconds: 1,
    });
    await runTask('dpra-pipelines-entity-sync');
    await runTask('dpra-pipelines-refresh');
    const written = () => save.mock.calls.flatMap(([s]) => s.executions);
    const firstRun = new Map(written().map(e => [e.id, e]));
    const listed = (await get(http, `${ENTITY}/executions?limit=500`)).body
      .executions;
    expect(firstRun.size).toBe(listed.length);
    save.mockClear();

    await new Promise(resolve => setTimeout(resolve, 1100));
    await runTask('dpra-pipelines-refresh');

    expect(save).toHaveBeenCalledTimes(2);
    const secondRun = written();
    // Finished executions whose details are stored are not written again: only new ones, running
    // ones, and those whose stage timings this refresh read (at most 5 per pipeline).
    expect(secondRun.length).toBeLessThan(firstRun.size);
    for (const e of secondRun) {
      const before = firstRun.get(e.id);
      const changed =
        !before ||
        before.status !== e.status ||
        before.status === 'InProgress' ||
        before.detailsComplete !== e.detailsComplete;
      expect({ id: e.id, changed }).toEqual({ id: e.id, changed: true });
    }
    const after = (await get(http, `${ENTITY}/executions?limit=500`)).body
      .executions;
    expect(after.length).toBeGreaterThanOrEqual(listed.length);
    save.mockRestore();
  });

  it('serves the state changes of a watched alarm after the refresh that saw it change', async () => {
    const scenario = await createExampleScenario();
    server.use(...createAwsMswHandlers(scenario, { baseUrls: [ENDPOINT] }));
    const { http, runTask } = await startBackend(scenario, {
      refreshSeconds: 1,
    });
    await runTask('dpra-pipelines-entity-sync');
    await runTask('dpra-pipelines-refresh');
    const page = await get(http, `${ENTITY}/pipelines`);
    const app = page.body.pipelines.find(
      (p: any) => p.name === appSpec.metadata.name,
    );
    // The generated pipeline's rules watch composite alarms (high severity, entry blockers).
    const watched = app.alarms.find((a: any) => a.state === 'OK');
    expect(watched).toBeDefined();
    const history = (alarmName: string, pipelineArn = app.arn) =>
      get(
        http,
        `${ENTITY}/alarm-history?${new URLSearchParams({
          pipelineArn,
          region: watched.region,
          alarmName,
        })}`,
      );

    scenario.setAlarmState(
      watched.region,
      watched.name,
      'ALARM',
      'Threshold Crossed: 3 datapoints were greater than the threshold',
    );
    await new Promise(resolve => setTimeout(resolve, 1100));
    await runTask('dpra-pipelines-refresh');

    const res = await history(watched.name);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      pipelineArn: app.arn,
      region: watched.region,
      alarmName: watched.name,
      complete: true,
      freshness: { stale: false },
    });
    expect(res.body.items[0]).toMatchObject({
      oldState: 'OK',
      newState: 'ALARM',
      reason: 'Threshold Crossed: 3 datapoints were greater than the threshold',
    });
    const times = res.body.items.map((i: any) => i.timestamp);
    expect([...times].sort().reverse()).toEqual(times);

    // Only alarms the pipeline watches, only pipelines of the entity.
    const other = await history('some-other-alarm-of-the-account');
    expect(other.status).toBe(400);
    expect(other.body.error.message).toContain(
      'is not an alarm that arn:aws:codepipeline',
    );
    const foreign = await history(
      watched.name,
      scenario.pipelines().find(p => !p.tags.some(isOrdersService))!.arn,
    );
    expect(foreign.status).toBe(400);
    expect(
      (await get(http, `${ENTITY}/alarm-history?region=us-east-1`)).status,
    ).toBe(400);

    // Every watched alarm's history is read once (a few per refresh), then not again while no
    // alarm changes.
    const historyCalls = () =>
      scenario.calls().filter(call => call.operation === 'DescribeAlarmHistory')
        .length;
    const watchedAlarms = new Set(
      page.body.pipelines.flatMap((p: any) =>
        p.alarms.map((a: any) => `${a.region}/${a.name}`),
      ),
    );
    let calls = historyCalls();
    for (let run = 0; run < 10; run++) {
      await new Promise(resolve => setTimeout(resolve, 1100));
      await runTask('dpra-pipelines-refresh');
      if (historyCalls() === calls) break;
      calls = historyCalls();
    }
    expect(historyCalls()).toBe(calls);
    // Once per alarm and pipeline watching it, plus the changed one once more.
    const perPipeline = page.body.pipelines.reduce(
      (n: number, p: any) => n + p.alarms.length,
      0,
    );
    expect(calls).toBeGreaterThanOrEqual(watchedAlarms.size);
    expect(calls).toBeLessThanOrEqual(perPipeline + 1);
  });

  it('keeps serving the last known state, marked stale, while the endpoint fails', async () => {
    const scenario = await createExampleScenario();
    server.use(...createAwsMswHandlers(scenario, { baseUrls: [ENDPOINT] }));
    const { http, runTask } = await startBackend(scenario, {
      refreshSeconds: 1,
    });
    await runTask('dpra-pipelines-entity-sync');
    await runTask('dpra-pipelines-refresh');
    scenario.injectFault({ service: 'codepipeline', kind: 'server-error' });
    await new Promise(resolve => setTimeout(resolve, 1100));
    await runTask('dpra-pipelines-refresh');
    // The tag lookup fails too: the pipelines it found before stay, with the reason.
    await runTask('dpra-pipelines-entity-sync');
    const page = await get(http, `${ENTITY}/pipelines`);
    expect(page.body.pipelines).toHaveLength(2);
    for (const pipeline of page.body.pipelines) {
      expect(pipeline.freshness).toMatchObject({
        stale: true,
        staleReason: expect.stringContaining('server error 500'),
      });
    }
    const messages = page.body.problems.map((p: any) => p.message);
    expect(messages).toEqual(
      expect.arrayContaining([
        expect.stringMatching(
          /^Tag lookup in \d{12}\/us-east-1 failed: CodePipeline ListPipelines returned a server error 500 .*; showing the \d pipeline\(s\) it found before$/,
        ),
      ]),
    );
    expect(messages).not.toContain(
      'No pipeline in the configured accounts and regions carries these tags',
    );

    // A successful lookup after the fault clears serves them fresh again.
    scenario.clearFaults();
    await runTask('dpra-pipelines-entity-sync');
    await new Promise(resolve => setTimeout(resolve, 1100));
    await runTask('dpra-pipelines-refresh');
    const recovered = await get(http, `${ENTITY}/pipelines`);
    expect(recovered.body.pipelines).toHaveLength(2);
    expect(recovered.body.problems).toEqual([]);
    for (const pipeline of recovered.body.pipelines) {
      expect(pipeline.freshness.stale).toBe(false);
    }
  });
});

const postgres = createPostgresTestDatabases();
const postgresIds = postgres.eachSupportedId();

(postgresIds.length > 0 ? describe : describe.skip)(
  'two backend replicas on one PostgreSQL',
  () => {
    const databaseId = postgresIds[0]?.[0] ?? 'POSTGRES_16';

    it('does not duplicate refresh work, sends an approval once and notifies its owners once', async () => {
      const knex = await postgres.init(databaseId);
      const scenario = await createExampleScenario();
      server.use(...createAwsMswHandlers(scenario, { baseUrls: [ENDPOINT] }));
      const a = await startBackend(scenario, { knex, refreshSeconds: 1 });
      const b = await startBackend(scenario, { knex, refreshSeconds: 1 });

      await a.runTask('dpra-pipelines-entity-sync');
      await b.runTask('dpra-pipelines-entity-sync');
      const before = scenario.callCount('codepipeline', 'GetPipelineState');
      await Promise.all([
        a.runTask('dpra-pipelines-refresh'),
        b.runTask('dpra-pipelines-refresh'),
      ]);
      // Two pipelines, each refreshed by exactly one replica.
      expect(
        scenario.callCount('codepipeline', 'GetPipelineState') - before,
      ).toBe(2);

      // Move the scenario until an approval waits, refreshing as the replicas would.
      let pending: any;
      for (let i = 0; i < 60 && !pending; i++) {
        const page = await get(a.http, `${ENTITY}/pipelines`);
        pending = page.body.pipelines.flatMap(
          (p: any) => p.pendingApprovals,
        )[0];
        if (!pending) {
          scenario.advance(30);
          await new Promise(resolve => setTimeout(resolve, 1050));
          await Promise.all([
            a.runTask('dpra-pipelines-refresh'),
            b.runTask('dpra-pipelines-refresh'),
          ]);
        }
      }
      expect(pending).toBeDefined();
      // Both replicas refreshed the pipeline again and again: its owners heard of it once.
      const about = (title: string) =>
        [...a.notifications, ...b.notifications].filter(
          n =>
            n.payload.title.startsWith(title) &&
            (n.payload.metadata as any)?.pipelineArn === pending.pipelineArn &&
            (n.payload.metadata as any)?.stageName === pending.stageName,
        );
      expect(about('Approval waiting')).toEqual([
        {
          recipients: {
            type: 'entity',
            entityRef: ['component:default/orders-service'],
          },
          payload: expect.objectContaining({ link: '/approvals' }),
        },
      ]);

      const body = {
        pipelineArn: pending.pipelineArn,
        stageName: pending.stageName,
        actionName: pending.actionName,
        token: pending.token,
        decision: 'Approved',
        comment: 'two replicas, one decision',
      };
      const [ra, rb] = await Promise.all([
        post(a.http, `${ENTITY}/approvals`, body),
        post(b.http, `${ENTITY}/approvals`, body),
      ]);
      expect([ra.status, rb.status].sort()).toEqual([200, 409]);
      expect(scenario.callCount('codepipeline', 'PutApprovalResult')).toBe(1);
      const decisions = await knex('approval_decisions').where({
        token: pending.token,
      });
      expect(decisions).toHaveLength(1);
      expect(decisions[0]).toMatchObject({
        outcome: 'succeeded',
        decided_by: 'user:default/mock',
      });

      // The refreshes that see it gone update the notification once, naming the decider.
      for (let i = 0; i < 10 && about('Approval approved').length === 0; i++) {
        await new Promise(resolve => setTimeout(resolve, 1050));
        await Promise.all([
          a.runTask('dpra-pipelines-refresh'),
          b.runTask('dpra-pipelines-refresh'),
        ]);
      }
      await Promise.all([
        a.runTask('dpra-pipelines-refresh'),
        b.runTask('dpra-pipelines-refresh'),
      ]);
      const updated = about('Approval approved');
      expect(updated).toHaveLength(1);
      expect(updated[0].payload).toMatchObject({
        scope: about('Approval waiting')[0].payload.scope,
        description: expect.stringMatching(
          /^Approved by user:default\/mock at /,
        ),
      });
    });
  },
);
