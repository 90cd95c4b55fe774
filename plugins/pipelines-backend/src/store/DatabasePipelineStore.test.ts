import {
  TestDatabaseId,
  TestDatabases,
  mockServices,
} from '@backstage/backend-test-utils';
import { ConflictError } from '@backstage/errors';
import type { Knex } from 'knex';
import { DatabasePipelineStore } from './DatabasePipelineStore';
import type { PipelineSnapshot } from './PipelineStore';

jest.setTimeout(60_000);

const ARN = 'arn:aws:codepipeline:us-east-1:111111111111:orders-service';
const OTHER = 'arn:aws:codepipeline:eu-west-1:111111111111:payments';
const location = {
  arn: ARN,
  accountId: '111111111111',
  region: 'us-east-1',
  name: 'orders-service',
};
const t0 = new Date('2026-11-23T10:00:00.000Z');
const plus = (ms: number) => new Date(t0.getTime() + ms);

const databases = TestDatabases.create({
  ids: [
    'SQLITE_3',
    'POSTGRES_18',
    'POSTGRES_17',
    'POSTGRES_16',
    'POSTGRES_15',
    'POSTGRES_14',
  ],
});

async function createStore(
  databaseId: TestDatabaseId,
): Promise<{ knex: Knex; store: DatabasePipelineStore }> {
  const knex = await databases.init(databaseId);
  const database = mockServices.database.mock({ getClient: async () => knex });
  const store = await DatabasePipelineStore.create({ database });
  return { knex, store };
}

function snapshot(overrides: Partial<PipelineSnapshot> = {}): PipelineSnapshot {
  return {
    location,
    executionMode: 'QUEUED',
    pipelineType: 'V2',
    pipelineVersion: 3,
    definition: { name: 'orders-service', stages: [] },
    layout: {
      stages: [],
      waves: [],
      homeRegion: 'us-east-1',
      conventional: true,
    },
    stages: [
      {
        name: 'Source',
        status: 'Succeeded',
        actions: [],
        inboundTransitionEnabled: true,
      },
    ],
    pendingApprovals: [
      {
        pipelineArn: ARN,
        stageName: 'Approval',
        actionName: 'ManualApproval',
        token: 'tok-1',
      },
    ],
    latestExecutionId: 'e2',
    executions: [
      {
        id: 'e1',
        pipelineArn: ARN,
        status: 'Succeeded',
        startedAt: '2026-11-20T09:00:00.000Z',
        finishedAt: '2026-11-21T09:00:00.000Z',
        sourceRevisions: [{ actionName: 'Source', revisionId: 'a' }],
        sourceRevisionTimes: ['2026-11-20T08:00:00.000Z'],
        reachedProdAt: '2026-11-20T13:00:00.000Z',
        prodCompletedAt: '2026-11-21T06:00:00.000Z',
        detailsComplete: true,
        executionType: 'STANDARD',
      },
      {
        id: 'e2',
        pipelineArn: ARN,
        status: 'InProgress',
        startedAt: '2026-11-23T09:00:00.000Z',
        sourceRevisions: [],
        detailsComplete: false,
        executionType: 'STANDARD',
      },
    ],
    alarms: [
      {
        name: 'orders-prod-us-east-1-high-severity',
        type: 'composite',
        state: 'ALARM',
        region: 'us-east-1',
        alarmRule: 'ALARM(a)',
      },
    ],
    findings: [
      { id: 'f-low', severity: 'LOW', title: 'b', tool: 'Trivy' },
      { id: 'f-crit', severity: 'CRITICAL', title: 'a', tool: 'Inspector' },
    ],
    reports: [
      { arn: 'arn:report:1', type: 'TEST', status: 'SUCCEEDED', testTotal: 10 },
    ],
    capturedAt: t0,
    ...overrides,
  };
}

describe.each(databases.eachSupportedId())(
  'DatabasePipelineStore on %p',
  databaseId => {
    it('migrates up and down cleanly', async () => {
      const { knex } = await createStore(databaseId);
      expect(await knex.schema.hasTable('approval_decisions')).toBe(true);
      expect(await knex.schema.hasTable('alarm_history')).toBe(true);
      await knex.migrate.rollback(
        { directory: require('path').resolve(__dirname, '../../migrations') },
        true,
      );
      for (const table of [
        'pipelines',
        'executions',
        'refresh_state',
        'approval_decisions',
        'entities',
        'alarm_history',
        'alarm_history_reads',
      ]) {
        expect(await knex.schema.hasTable(table)).toBe(false);
      }
    });

    it('stores entity resolutions and makes new pipelines due at once', async () => {
      const { store } = await createStore(databaseId);
      await store.saveEntityResolution(
        'component:default/orders',
        {
          referencesHash: 'h1',
          pipelines: [{ ...location, reference: ARN }],
          problems: [
            {
              reference: '999999999999/us-east-1/x',
              message: 'account 999999999999 is not in pipelines.aws.targets',
            },
          ],
        },
        t0,
      );
      const resolution = await store.getEntityResolution(
        'component:default/orders',
      );
      expect(resolution).toMatchObject({
        referencesHash: 'h1',
        pipelines: [
          {
            arn: ARN,
            accountId: '111111111111',
            region: 'us-east-1',
            name: 'orders-service',
            reference: ARN,
          },
        ],
        problems: [{ reference: '999999999999/us-east-1/x' }],
      });
      expect(await store.listEntityRefs()).toEqual([
        'component:default/orders',
      ]);
      const due = await store.claimDuePipelines({
        now: t0,
        owner: 'a',
        leaseMs: 60_000,
        limit: 10,
      });
      expect(due.map(d => d.arn)).toEqual([ARN]);
    });

    it('leases a pipeline to one owner at a time', async () => {
      const { store } = await createStore(databaseId);
      await store.saveEntityResolution(
        'component:default/orders',
        {
          referencesHash: 'h',
          pipelines: [{ ...location, reference: ARN }],
          problems: [],
        },
        t0,
      );
      const [first, second] = await Promise.all([
        store.claimDuePipelines({
          now: t0,
          owner: 'replica-a',
          leaseMs: 60_000,
          limit: 10,
        }),
        store.claimDuePipelines({
          now: t0,
          owner: 'replica-b',
          leaseMs: 60_000,
          limit: 10,
        }),
      ]);
      expect(first.length + second.length).toBe(1);
      const winner = first.length ? 'replica-a' : 'replica-b';
      expect(
        await store.claimPipeline(ARN, {
          now: plus(1000),
          owner: 'replica-c',
          leaseMs: 60_000,
        }),
      ).toBeUndefined();

      // A failure keeps the data, records the reason and releases the lease.
      await store.recordRefreshFailure(ARN, {
        owner: winner,
        now: plus(2000),
        nextRefreshAt: plus(60_000),
        error: 'AWS throttled the request (ThrottlingException)',
      });
      const [pipeline] = await store.getPipelines([ARN]);
      expect(pipeline).toBeUndefined(); // no snapshot yet, only bookkeeping
      expect(
        await store.claimDuePipelines({
          now: plus(3000),
          owner: 'x',
          leaseMs: 1,
          limit: 10,
        }),
      ).toEqual([]);
      const claimed = await store.claimPipeline(ARN, {
        now: plus(3000),
        owner: 'replica-c',
        leaseMs: 60_000,
      });
      expect(claimed?.lastError).toBe(
        'AWS throttled the request (ThrottlingException)',
      );

      // An expired lease can be taken over.
      expect(
        await store.claimPipeline(ARN, {
          now: plus(70_000),
          owner: 'replica-d',
          leaseMs: 60_000,
        }),
      ).toBeDefined();
    });

    it('saves a snapshot and serves pipelines, executions, findings, reports and metrics input', async () => {
      const { store } = await createStore(databaseId);
      await store.saveEntityResolution(
        'component:default/orders',
        {
          referencesHash: 'h',
          pipelines: [{ ...location, reference: ARN }],
          problems: [],
        },
        t0,
      );
      await store.savePipelineSnapshot(snapshot());
      // A later snapshot without definition keeps the stored definition.
      await store.savePipelineSnapshot(
        snapshot({
          definition: undefined,
          layout: undefined,
          findings: undefined,
          capturedAt: plus(1000),
        }),
      );
      const [claimed] = await store.claimDuePipelines({
        now: t0,
        owner: 'a',
        leaseMs: 1000,
        limit: 1,
      });
      await store.recordRefreshSuccess(claimed.arn, {
        owner: 'a',
        now: plus(1000),
        nextRefreshAt: plus(11_000),
        inProgress: true,
        findingsRefreshed: true,
      });

      const [pipeline] = await store.getPipelines([ARN, OTHER]);
      expect(pipeline).toMatchObject({
        arn: ARN,
        executionMode: 'QUEUED',
        pipelineVersion: 3,
        layout: { homeRegion: 'us-east-1', conventional: true },
        pendingApprovals: [{ token: 'tok-1' }],
        latestExecutionId: 'e2',
        alarms: [
          {
            name: 'orders-prod-us-east-1-high-severity',
            state: 'ALARM',
            type: 'composite',
          },
        ],
      });
      expect(pipeline.refresh?.lastSuccessAt?.toISOString()).toBe(
        plus(1000).toISOString(),
      );
      expect(pipeline.refresh?.inProgress).toBe(true);
      expect(pipeline.refresh?.findingsRefreshedAt?.toISOString()).toBe(
        plus(1000).toISOString(),
      );
      expect((await store.getDefinition(ARN))?.version).toBe(3);
      expect(await store.listWatchedAlarms([ARN, OTHER])).toEqual([
        {
          pipelineArn: ARN,
          region: 'us-east-1',
          name: 'orders-prod-us-east-1-high-severity',
        },
      ]);
      expect(await store.listWatchedAlarms([OTHER])).toEqual([]);

      const executions = await store.getExecutions([ARN], { limit: 10 });
      expect(executions.map(e => e.id)).toEqual(['e2', 'e1']);
      expect(executions[1]).toMatchObject({
        status: 'Succeeded',
        detailsComplete: true,
        prodCompletedAt: '2026-11-21T06:00:00.000Z',
      });
      expect(await store.getExecutions([ARN], { limit: 1 })).toHaveLength(1);
      expect(
        (await store.getLatestExecutions([ARN, OTHER])).map(e => e.id),
      ).toEqual(['e2']);
      expect(
        await store.getEntityReferencesHash('component:default/orders'),
      ).toBe('h');
      expect(
        await store.getEntityReferencesHash('component:default/none'),
      ).toBeUndefined();

      const metricsInput = await store.getExecutionsForMetrics(
        [ARN],
        new Date('2026-11-01T00:00:00Z'),
      );
      expect(metricsInput[0]).toEqual({
        id: 'e1',
        pipelineArn: ARN,
        status: 'Succeeded',
        executionType: 'STANDARD',
        startedAt: '2026-11-20T09:00:00.000Z',
        finishedAt: '2026-11-21T09:00:00.000Z',
        sourceRevisionTimes: ['2026-11-20T08:00:00.000Z'],
        reachedProdAt: '2026-11-20T13:00:00.000Z',
        prodCompletedAt: '2026-11-21T06:00:00.000Z',
      });

      expect((await store.getFindings([ARN])).map(f => f.id)).toEqual([
        'f-crit',
        'f-low',
      ]);
      expect((await store.getReports([ARN]))[0]).toMatchObject({
        arn: 'arn:report:1',
        testTotal: 10,
      });
    });

    it('writes large snapshots in chunked multi-row statements, keeping the first of duplicate keys', async () => {
      const { store } = await createStore(databaseId);
      const base = snapshot();
      const executions = Array.from({ length: 120 }, (_, i) => ({
        ...base.executions[1],
        id: `e-${String(i).padStart(3, '0')}`,
        status: 'Succeeded' as const,
        statusSummary: `run ${i}`,
        startedAt: plus(i * 60_000).toISOString(),
      }));
      const alarms = Array.from({ length: 75 }, (_, i) => ({
        name: `alarm-${i}`,
        type: 'metric' as const,
        state: 'OK' as const,
        region: i % 2 ? 'us-east-1' : 'us-west-2',
      }));
      const findings = Array.from({ length: 130 }, (_, i) => ({
        id: `f-${i}`,
        severity: 'LOW' as const,
        title: `finding ${i}`,
        tool: 'Trivy',
      }));
      await store.savePipelineSnapshot(
        snapshot({
          executions: [
            ...executions,
            // AWS lists newest first: a duplicate later in the list is an older view.
            { ...executions[0], statusSummary: 'older duplicate' },
          ],
          alarms,
          findings: [...findings, { ...findings[7], title: 'duplicate' }],
          reports: [],
        }),
      );

      const stored = await store.getExecutions([ARN], { limit: 500 });
      expect(stored).toHaveLength(120);
      expect(stored.find(e => e.id === 'e-000')?.statusSummary).toBe('run 0');
      const [pipeline] = await store.getPipelines([ARN]);
      expect(pipeline.alarms).toHaveLength(75);
      expect((await store.listWatchedAlarms([ARN])).length).toBe(75);
      const storedFindings = await store.getFindings([ARN]);
      expect(storedFindings).toHaveLength(130);
      expect(storedFindings.find(f => f.id === 'f-7')?.title).toBe('finding 7');
      expect(await store.getReports([ARN])).toEqual([]);

      // Upserting a part leaves the rest as stored.
      await store.savePipelineSnapshot(
        snapshot({
          executions: [{ ...executions[5], status: 'Failed' }],
          alarms: undefined,
          findings: undefined,
          reports: undefined,
        }),
      );
      const again = await store.getExecutions([ARN], { limit: 500 });
      expect(again).toHaveLength(120);
      expect(again.find(e => e.id === 'e-005')?.status).toBe('Failed');
      expect((await store.getPipelines([ARN]))[0].alarms).toHaveLength(75);
    });

    it('keeps the state history of watched alarms once per account, region and name, for 30 days', async () => {
      const { store } = await createStore(databaseId);
      const change = (at: string, to: 'OK' | 'ALARM', reason?: string) => ({
        timestamp: at,
        oldState: to === 'OK' ? ('ALARM' as const) : ('OK' as const),
        newState: to,
        summary: `Alarm updated to ${to}`,
        reason,
      });
      const latency = 'orders-prod-us-east-1-latency';
      await store.savePipelineSnapshot(
        snapshot({
          capturedAt: t0,
          alarmHistory: [
            {
              region: 'us-east-1',
              alarmName: latency,
              items: [
                change('2026-11-23T09:00:00.000Z', 'ALARM', 'p99 > 800 ms'),
                change('2026-11-23T08:00:00.000Z', 'OK'),
                // Older than 30 days before the snapshot: not kept.
                change('2026-10-01T08:00:00.000Z', 'ALARM'),
              ],
              readThrough: '2026-11-23T09:00:00.000Z',
            },
          ],
        }),
      );
      // A second pipeline of the same account watching the same alarm adds only what is new.
      await store.savePipelineSnapshot(
        snapshot({
          location: { ...location, arn: OTHER, name: 'payments' },
          capturedAt: plus(60_000),
          alarmHistory: [
            {
              region: 'us-east-1',
              alarmName: latency,
              items: [
                change('2026-11-23T09:30:00.000Z', 'OK', 'p99 back to 300 ms'),
                change('2026-11-23T09:00:00.000Z', 'ALARM', 'p99 > 800 ms'),
              ],
            },
          ],
        }),
      );

      const history = await store.getAlarmHistory({
        accountId: '111111111111',
        region: 'us-east-1',
        name: latency,
        limit: 10,
      });
      expect(history).toEqual([
        change('2026-11-23T09:30:00.000Z', 'OK', 'p99 back to 300 ms'),
        change('2026-11-23T09:00:00.000Z', 'ALARM', 'p99 > 800 ms'),
        change('2026-11-23T08:00:00.000Z', 'OK'),
      ]);
      expect(
        await store.getAlarmHistory({
          accountId: '111111111111',
          region: 'us-east-1',
          name: latency,
          limit: 1,
        }),
      ).toHaveLength(1);
      const newest = await store.getNewestAlarmHistory('111111111111', [
        { region: 'us-east-1', name: latency },
        { region: 'us-east-1', name: 'never-changed' },
        { region: 'us-west-2', name: latency },
      ]);
      expect([...newest.entries()]).toEqual([
        [`us-east-1\u0000${latency}`, new Date('2026-11-23T09:30:00.000Z')],
      ]);
      expect([
        ...(
          await store.getAlarmHistoryReadThrough('111111111111', [
            { region: 'us-east-1', name: latency },
            { region: 'us-east-1', name: 'never-read' },
          ])
        ).entries(),
      ]).toEqual([
        [`us-east-1\u0000${latency}`, new Date('2026-11-23T09:00:00.000Z')],
      ]);
      expect(
        (
          await store.getNewestAlarmHistory('222222222222', [
            { region: 'us-east-1', name: latency },
          ])
        ).size,
      ).toBe(0);
    });

    it('makes hot entities due soon, and forgets unreferenced pipelines', async () => {
      const { store } = await createStore(databaseId);
      await store.saveEntityResolution(
        'component:default/orders',
        {
          referencesHash: 'h',
          pipelines: [{ ...location, reference: ARN }],
          problems: [],
        },
        t0,
      );
      const [c] = await store.claimDuePipelines({
        now: t0,
        owner: 'a',
        leaseMs: 1000,
        limit: 1,
      });
      await store.savePipelineSnapshot(snapshot());
      await store.recordRefreshSuccess(c.arn, {
        owner: 'a',
        now: t0,
        nextRefreshAt: plus(60_000),
        inProgress: false,
        findingsRefreshed: false,
      });
      expect(
        await store.claimDuePipelines({
          now: plus(5000),
          owner: 'a',
          leaseMs: 1000,
          limit: 1,
        }),
      ).toEqual([]);
      await store.markEntityHot('component:default/orders', {
        hotUntil: plus(300_000),
        refreshBy: plus(5000),
      });
      const due = await store.claimDuePipelines({
        now: plus(5000),
        owner: 'a',
        leaseMs: 1000,
        limit: 1,
      });
      expect(due[0]?.hotUntil?.toISOString()).toBe(plus(300_000).toISOString());

      await store.removeEntities(['component:default/orders']);
      expect(await store.removeUnreferencedPipelines()).toBe(1);
      expect(await store.getPipelines([ARN])).toEqual([]);
    });

    it('records an approval decision once per token', async () => {
      const { store } = await createStore(databaseId);
      const decision = {
        entityRef: 'component:default/orders',
        pipelineArn: ARN,
        stageName: 'Approval',
        actionName: 'ManualApproval',
        token: 'tok-1',
        decision: 'Approved' as const,
        summary: 'Approved in Backstage by user:default/jane',
        decidedBy: 'user:default/jane',
        decidedAt: t0,
      };
      const results = await Promise.allSettled([
        store.insertApprovalDecision(decision),
        store.insertApprovalDecision(decision),
      ]);
      expect(results.filter(r => r.status === 'fulfilled')).toHaveLength(1);
      const rejected = results.find(
        r => r.status === 'rejected',
      ) as PromiseRejectedResult;
      expect(rejected.reason).toBeInstanceOf(ConflictError);
      const id = (
        results.find(
          r => r.status === 'fulfilled',
        ) as PromiseFulfilledResult<number>
      ).value;
      await store.completeApprovalDecision(id, {
        outcome: 'succeeded',
        completedAt: plus(1000),
      });
      expect(await store.listApprovalDecisions({ pipelineArn: ARN })).toEqual([
        expect.objectContaining({
          id,
          outcome: 'succeeded',
          decidedBy: 'user:default/jane',
          token: 'tok-1',
        }),
      ]);
      // A transiently failed send is removed so that the same token can be retried.
      await store.deleteApprovalDecision(id);
      await expect(store.insertApprovalDecision(decision)).resolves.toEqual(
        expect.any(Number),
      );
    });
  },
);
