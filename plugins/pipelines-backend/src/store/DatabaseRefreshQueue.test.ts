import {
  STORE_ARN,
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
        leaseMs: 1,
      });
      expect(leased).toMatchObject({
        lastSuccessAt: plus(1000),
        nextRefreshAt: plus(60_000),
        inProgress: true,
        findingsRefreshedAt: undefined,
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
  },
);
