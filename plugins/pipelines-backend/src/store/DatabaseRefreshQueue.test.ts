import {
  STORE_ARN,
  STORE_ENTITY,
  createTestDatabases,
  createTestStores,
  plus,
  referencePipeline,
  t0,
} from '../testing/stores';

jest.setTimeout(60_000);

const databases = createTestDatabases();

describe.each(databases.eachSupportedId())(
  'DatabaseRefreshQueue on %p',
  databaseId => {
    it('leases a pipeline to one owner at a time', async () => {
      const { stores } = await createTestStores(databases, databaseId);
      const queue = stores.refreshQueue;
      await referencePipeline(stores);
      const [first, second] = await Promise.all([
        queue.claimDuePipelines({
          now: t0,
          owner: 'replica-a',
          leaseMs: 60_000,
          limit: 10,
        }),
        queue.claimDuePipelines({
          now: t0,
          owner: 'replica-b',
          leaseMs: 60_000,
          limit: 10,
        }),
      ]);
      expect(first.length + second.length).toBe(1);
      const winner = first.length ? 'replica-a' : 'replica-b';
      expect(
        await queue.claimPipeline(STORE_ARN, {
          now: plus(1000),
          owner: 'replica-c',
          leaseMs: 60_000,
        }),
      ).toBeUndefined();

      // A failure keeps the data, records the reason and releases the lease.
      await queue.recordRefreshFailure(STORE_ARN, {
        owner: winner,
        now: plus(2000),
        nextRefreshAt: plus(60_000),
        error: 'AWS throttled the request (ThrottlingException)',
      });
      const [pipeline] = await stores.snapshotReader.getPipelines([STORE_ARN]);
      expect(pipeline).toBeUndefined(); // no snapshot yet, only bookkeeping
      expect(
        await queue.claimDuePipelines({
          now: plus(3000),
          owner: 'x',
          leaseMs: 1,
          limit: 10,
        }),
      ).toEqual([]);
      const claimed = await queue.claimPipeline(STORE_ARN, {
        now: plus(3000),
        owner: 'replica-c',
        leaseMs: 60_000,
      });
      expect(claimed?.lastError).toBe(
        'AWS throttled the request (ThrottlingException)',
      );

      // An expired lease can be taken over.
      expect(
        await queue.claimPipeline(STORE_ARN, {
          now: plus(70_000),
          owner: 'replica-d',
          leaseMs: 60_000,
        }),
      ).toBeDefined();
    });

    it('records a success only for the lease owner, and makes a pipeline due on request', async () => {
      const { stores } = await createTestStores(databases, databaseId);
      const queue = stores.refreshQueue;
      await referencePipeline(stores);
      const [claimed] = await queue.claimDuePipelines({
        now: t0,
        owner: 'a',
        leaseMs: 60_000,
        limit: 1,
      });
      // Another owner's outcome changes nothing.
      await queue.recordRefreshSuccess(claimed.arn, {
        owner: 'b',
        now: t0,
        nextRefreshAt: plus(60_000),
        inProgress: false,
        findingsRefreshed: true,
      });
      await queue.recordRefreshSuccess(claimed.arn, {
        owner: 'a',
        now: plus(1000),
        nextRefreshAt: plus(60_000),
        inProgress: true,
        findingsRefreshed: false,
      });
      const leased = await queue.claimPipeline(STORE_ARN, {
        now: plus(2000),
        owner: 'c',
        leaseMs: 60_000,
      });
      expect(leased).toMatchObject({
        lastSuccessAt: plus(1000),
        inProgress: true,
        findingsRefreshedAt: undefined,
      });
      await queue.recordRefreshFailure(STORE_ARN, {
        owner: 'c',
        now: plus(3000),
        nextRefreshAt: plus(60_000),
        error: 'throttled',
      });

      // Not due before its time, due at once when an event asks.
      expect(
        await queue.claimDuePipelines({
          now: plus(10_000),
          owner: 'd',
          leaseMs: 1000,
          limit: 1,
        }),
      ).toEqual([]);
      await queue.requestRefresh(STORE_ARN, plus(10_000));
      // A later request never postpones it.
      await queue.requestRefresh(STORE_ARN, plus(50_000));
      const due = await queue.claimDuePipelines({
        now: plus(10_000),
        owner: 'd',
        leaseMs: 1000,
        limit: 1,
      });
      expect(due.map(d => d.arn)).toEqual([STORE_ARN]);
    });

    it('turns refreshes requested during a lease into one follow-up refresh, neither lost nor repeated', async () => {
      const { stores } = await createTestStores(databases, databaseId);
      const queue = stores.refreshQueue;
      await referencePipeline(stores);
      const due = (at: number) =>
        queue.claimDuePipelines({
          now: plus(at),
          owner: 'a',
          leaseMs: 60_000,
          limit: 10,
        });
      expect(await due(0)).toHaveLength(1);
      // While the refresh runs, a viewer and two events ask for it again.
      await queue.requestRefresh(STORE_ARN, plus(1000));
      await stores.entities.markEntityHot(STORE_ENTITY, {
        hotUntil: plus(300_000),
        refreshBy: plus(1500),
      });
      await queue.requestRefresh(STORE_ARN, plus(2000));
      await queue.recordRefreshSuccess(STORE_ARN, {
        owner: 'a',
        now: plus(3000),
        nextRefreshAt: plus(63_000),
        inProgress: false,
        findingsRefreshed: false,
      });
      // Due at once, once.
      expect((await due(3000)).map(d => d.arn)).toEqual([STORE_ARN]);
      await queue.recordRefreshSuccess(STORE_ARN, {
        owner: 'a',
        now: plus(4000),
        nextRefreshAt: plus(64_000),
        inProgress: false,
        findingsRefreshed: false,
      });
      expect(await due(5000)).toEqual([]);
      expect(await due(64_000)).toHaveLength(1);

      // A refresh that fails keeps a request made meanwhile too; without one, its planned time.
      await queue.requestRefresh(STORE_ARN, plus(65_000));
      await queue.recordRefreshFailure(STORE_ARN, {
        owner: 'a',
        now: plus(66_000),
        nextRefreshAt: plus(126_000),
        error: 'throttled',
      });
      expect(await due(66_000)).toHaveLength(1);
      await queue.recordRefreshFailure(STORE_ARN, {
        owner: 'a',
        now: plus(67_000),
        nextRefreshAt: plus(127_000),
        error: 'throttled',
      });
      expect(await due(126_000)).toEqual([]);

      // A holder that never reports back is replaced when its lease expires.
      expect(await due(127_000)).toHaveLength(1);
      expect(await due(186_000)).toEqual([]);
      expect(await due(187_001)).toHaveLength(1);
    });
  },
);
