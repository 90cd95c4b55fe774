import {
  OTHER_STORE_ARN,
  STORE_ARN,
  createTestDatabases,
  createTestStores,
  plus,
  referencePipeline,
  t0,
  testSnapshot,
} from '../testing/stores';

jest.setTimeout(60_000);

const databases = createTestDatabases();

/** The write side (DatabasePipelineSnapshotWriter) and the read side (…Reader) together. */
describe.each(databases.eachSupportedId())(
  'pipeline snapshots on %p',
  databaseId => {
    it('keeps the waived checks of the last tag read until tags are read again', async () => {
      const { stores } = await createTestStores(databases, databaseId);
      const { snapshotWriter: writer, snapshotReader: reader } = stores;
      await referencePipeline(stores);
      const sast = {
        check: 'build.checks.sast',
        label: 'SAST (static application security testing)',
        reason: "Semgrep runs in the monorepo's nightly job (SEC-142)",
      };
      await writer.savePipelineSnapshot(testSnapshot());
      expect(
        (await reader.getPipelines([STORE_ARN]))[0].waivers,
      ).toBeUndefined();
      await writer.savePipelineSnapshot(
        testSnapshot({ waivers: [sast], capturedAt: plus(1000) }),
      );
      // A refresh that did not read the tags keeps what the last read said.
      await writer.savePipelineSnapshot(
        testSnapshot({ waivers: undefined, capturedAt: plus(2000) }),
      );
      expect((await reader.getPipelines([STORE_ARN]))[0].waivers).toEqual([
        sast,
      ]);
      // Tags read without waivers: the check is on again.
      await writer.savePipelineSnapshot(
        testSnapshot({ waivers: [], capturedAt: plus(3000) }),
      );
      expect((await reader.getPipelines([STORE_ARN]))[0].waivers).toEqual([]);
    });

    it('keeps the AppConfig deployments of the last read until AppConfig is read again', async () => {
      const { stores } = await createTestStores(databases, databaseId);
      const { snapshotWriter: writer, snapshotReader: reader } = stores;
      await referencePipeline(stores);
      const flags = {
        environment: 'prod',
        accountId: '444444444444',
        region: 'us-east-1',
        profile: 'feature-flags',
        deploymentNumber: 68,
        version: '111',
        state: 'COMPLETE' as const,
        percentageComplete: 100,
        growthType: 'LINEAR',
        growthFactor: 20,
        deploymentDurationMinutes: 30,
        finalBakeMinutes: 60,
        startedAt: '2026-12-01T13:13:06.000Z',
        liveVersion: '111',
        rolledBack: {
          deploymentNumber: 67,
          version: '110',
          at: '2026-12-01T13:11:42.000Z',
          triggeredBy: 'CLOUDWATCH_ALARM',
          alarmName: 'orders-checkout-errors',
        },
      };
      await writer.savePipelineSnapshot(testSnapshot());
      expect(
        (await reader.getPipelines([STORE_ARN]))[0].configDeployments,
      ).toBeUndefined();
      await writer.savePipelineSnapshot(
        testSnapshot({ configDeployments: [flags], capturedAt: plus(1000) }),
      );
      // A refresh that could not read AppConfig keeps what the last read said.
      await writer.savePipelineSnapshot(
        testSnapshot({ configDeployments: undefined, capturedAt: plus(2000) }),
      );
      expect(
        (await reader.getPipelines([STORE_ARN]))[0].configDeployments,
      ).toEqual([flags]);
    });

    it('saves a snapshot and serves pipelines, executions, findings, reports and metrics input', async () => {
      const { stores } = await createTestStores(databases, databaseId);
      const { snapshotWriter: writer, snapshotReader: reader } = stores;
      await referencePipeline(stores);
      await writer.savePipelineSnapshot(testSnapshot());
      // A later snapshot without definition keeps the stored definition.
      await writer.savePipelineSnapshot(
        testSnapshot({
          definition: undefined,
          layout: undefined,
          findings: undefined,
          capturedAt: plus(1000),
        }),
      );
      const [claimed] = await stores.refreshQueue.claimDuePipelines({
        now: t0,
        owner: 'a',
        leaseMs: 1000,
        limit: 1,
      });
      await stores.refreshQueue.recordRefreshSuccess(claimed.arn, {
        owner: 'a',
        now: plus(1000),
        nextRefreshAt: plus(11_000),
        inProgress: true,
        findingsRefreshed: true,
      });

      const [pipeline] = await reader.getPipelines([
        STORE_ARN,
        OTHER_STORE_ARN,
      ]);
      expect(pipeline).toMatchObject({
        arn: STORE_ARN,
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
      expect(await writer.getDefinition(STORE_ARN)).toEqual({
        definition: { name: 'orders-service', stages: [] },
        layout: expect.objectContaining({ homeRegion: 'us-east-1' }),
        version: 3,
      });
      expect(await writer.getDefinition(OTHER_STORE_ARN)).toBeUndefined();
      expect(
        (await writer.getExecutionsById(STORE_ARN, ['e1', 'nope'])).map(
          e => e.id,
        ),
      ).toEqual(['e1']);

      const executions = await reader.getExecutions([STORE_ARN], { limit: 10 });
      expect(executions.map(e => e.id)).toEqual(['e2', 'e1']);
      expect(executions[1]).toMatchObject({
        status: 'Succeeded',
        detailsComplete: true,
        prodCompletedAt: '2026-11-21T06:00:00.000Z',
      });
      expect(
        await reader.getExecutions([STORE_ARN], { limit: 1 }),
      ).toHaveLength(1);
      expect(
        (await reader.getLatestExecutions([STORE_ARN, OTHER_STORE_ARN])).map(
          e => e.id,
        ),
      ).toEqual(['e2']);

      const metricsInput = await reader.getExecutionsForMetrics(
        [STORE_ARN],
        new Date('2026-11-01T00:00:00Z'),
      );
      expect(metricsInput[0]).toEqual({
        id: 'e1',
        pipelineArn: STORE_ARN,
        status: 'Succeeded',
        executionType: 'STANDARD',
        startedAt: '2026-11-20T09:00:00.000Z',
        finishedAt: '2026-11-21T09:00:00.000Z',
        sourceRevisionTimes: ['2026-11-20T08:00:00.000Z'],
        reachedProdAt: '2026-11-20T13:00:00.000Z',
        prodCompletedAt: '2026-11-21T06:00:00.000Z',
      });

      expect((await reader.getFindings([STORE_ARN])).map(f => f.id)).toEqual([
        'f-crit',
        'f-low',
      ]);
      expect((await reader.getReports([STORE_ARN]))[0]).toMatchObject({
        arn: 'arn:report:1',
        testTotal: 10,
      });
    });

    it('serves the findings of one run, and of every run', async () => {
      const { stores } = await createTestStores(databases, databaseId);
      const { snapshotWriter: writer, snapshotReader: reader } = stores;
      await referencePipeline(stores);
      const finding = (id: string, executionId?: string) => ({
        id,
        severity: 'HIGH' as const,
        title: id,
        tool: 'Trivy',
        ...(executionId ? { action: 'SCA', executionId } : {}),
      });
      await writer.savePipelineSnapshot(
        testSnapshot({
          findings: [
            finding('run-1-a', 'run-1'),
            finding('run-1-b', 'run-1'),
            finding('run-2-a', 'run-2'),
            finding('inspector'),
          ],
        }),
      );

      const ids = async (executionId?: string) =>
        (await reader.getFindings([STORE_ARN], { executionId }))
          .map(f => f.id)
          .sort();
      expect(await ids('run-1')).toEqual(['run-1-a', 'run-1-b']);
      expect(await ids('run-2')).toEqual(['run-2-a']);
      expect(await ids('run-3')).toEqual([]);
      expect(await ids()).toEqual([
        'inspector',
        'run-1-a',
        'run-1-b',
        'run-2-a',
      ]);
      expect(
        (await reader.getFindings([STORE_ARN], { executionId: 'run-2' }))[0],
      ).toMatchObject({ action: 'SCA', executionId: 'run-2' });
    });

    it('writes large snapshots in chunked multi-row statements, keeping the first of duplicate keys', async () => {
      const { stores } = await createTestStores(databases, databaseId);
      const { snapshotWriter: writer, snapshotReader: reader } = stores;
      const base = testSnapshot();
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
      await writer.savePipelineSnapshot(
        testSnapshot({
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

      const stored = await reader.getExecutions([STORE_ARN], { limit: 500 });
      expect(stored).toHaveLength(120);
      expect(stored.find(e => e.id === 'e-000')?.statusSummary).toBe('run 0');
      const [pipeline] = await reader.getPipelines([STORE_ARN]);
      expect(pipeline.alarms).toHaveLength(75);
      expect((await stores.alarms.listWatchedAlarms([STORE_ARN])).length).toBe(
        75,
      );
      const storedFindings = await reader.getFindings([STORE_ARN]);
      expect(storedFindings).toHaveLength(130);
      expect(storedFindings.find(f => f.id === 'f-7')?.title).toBe('finding 7');
      expect(await reader.getReports([STORE_ARN])).toEqual([]);

      // Upserting a part leaves the rest as stored.
      await writer.savePipelineSnapshot(
        testSnapshot({
          executions: [{ ...executions[5], status: 'Failed' }],
          alarms: undefined,
          findings: undefined,
          reports: undefined,
        }),
      );
      const again = await reader.getExecutions([STORE_ARN], { limit: 500 });
      expect(again).toHaveLength(120);
      expect(again.find(e => e.id === 'e-005')?.status).toBe('Failed');
      expect((await reader.getPipelines([STORE_ARN]))[0].alarms).toHaveLength(
        75,
      );
    });
  },
);
