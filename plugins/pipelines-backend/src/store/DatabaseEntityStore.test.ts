import {
  STORE_ARN,
  STORE_ENTITY,
  createTestDatabases,
  createTestStores,
  plus,
  referencePipeline,
  storeLocation,
  t0,
  testSnapshot,
} from '../testing/stores';

jest.setTimeout(60_000);

const databases = createTestDatabases();

describe.each(databases.eachSupportedId())(
  'DatabaseEntityStore on %p',
  databaseId => {
    it('stores entity resolutions and makes new pipelines due at once', async () => {
      const { stores } = await createTestStores(databases, databaseId);
      await stores.entities.saveEntityResolution(
        STORE_ENTITY,
        {
          referencesHash: 'h1',
          pipelines: [{ ...storeLocation, reference: STORE_ARN }],
          problems: [
            {
              reference: '999999999999/us-east-1/x',
              message: 'account 999999999999 is not in pipelines.aws.targets',
            },
          ],
        },
        t0,
      );
      const resolution = await stores.entities.getEntityResolution(
        STORE_ENTITY,
      );
      expect(resolution).toMatchObject({
        referencesHash: 'h1',
        pipelines: [
          {
            arn: STORE_ARN,
            accountId: '111111111111',
            region: 'us-east-1',
            name: 'orders-service',
            reference: STORE_ARN,
          },
        ],
        problems: [{ reference: '999999999999/us-east-1/x' }],
      });
      expect(await stores.entities.listEntityRefs()).toEqual([STORE_ENTITY]);
      expect(await stores.entities.getEntityReferencesHash(STORE_ENTITY)).toBe(
        'h1',
      );
      expect(
        await stores.entities.getEntityReferencesHash('component:default/none'),
      ).toBeUndefined();
      const due = await stores.refreshQueue.claimDuePipelines({
        now: t0,
        owner: 'a',
        leaseMs: 60_000,
        limit: 10,
      });
      expect(due.map(d => d.arn)).toEqual([STORE_ARN]);
    });

    it('versions what the pipelines response is built from: resolution, snapshots and refresh outcomes', async () => {
      const { stores } = await createTestStores(databases, databaseId);
      expect(
        await stores.entities.getEntityPipelinesVersion(STORE_ENTITY),
      ).toBeUndefined();
      await referencePipeline(stores);
      const versions = [
        await stores.entities.getEntityPipelinesVersion(STORE_ENTITY),
      ];
      await stores.snapshotWriter.savePipelineSnapshot(testSnapshot());
      versions.push(
        await stores.entities.getEntityPipelinesVersion(STORE_ENTITY),
      );
      const [claimed] = await stores.refreshQueue.claimDuePipelines({
        now: t0,
        owner: 'a',
        leaseMs: 1000,
        limit: 1,
      });
      await stores.refreshQueue.recordRefreshFailure(claimed.arn, {
        owner: 'a',
        now: plus(1000),
        nextRefreshAt: plus(60_000),
        error: 'AWS throttled the request (ThrottlingException)',
      });
      versions.push(
        await stores.entities.getEntityPipelinesVersion(STORE_ENTITY),
      );
      // Unchanged data answers the same version.
      versions.push(
        await stores.entities.getEntityPipelinesVersion(STORE_ENTITY),
      );
      expect(versions.every(v => typeof v === 'string')).toBe(true);
      expect(new Set(versions).size).toBe(3);
      expect(versions[3]).toBe(versions[2]);
    });

    it('makes hot entities due soon, and forgets unreferenced pipelines', async () => {
      const { stores } = await createTestStores(databases, databaseId);
      await referencePipeline(stores);
      const [c] = await stores.refreshQueue.claimDuePipelines({
        now: t0,
        owner: 'a',
        leaseMs: 1000,
        limit: 1,
      });
      await stores.snapshotWriter.savePipelineSnapshot(testSnapshot());
      await stores.refreshQueue.recordRefreshSuccess(c.arn, {
        owner: 'a',
        now: t0,
        nextRefreshAt: plus(60_000),
        inProgress: false,
        findingsRefreshed: false,
      });
      expect(
        await stores.refreshQueue.claimDuePipelines({
          now: plus(5000),
          owner: 'a',
          leaseMs: 1000,
          limit: 1,
        }),
      ).toEqual([]);
      await stores.entities.markEntityHot(STORE_ENTITY, {
        hotUntil: plus(300_000),
        refreshBy: plus(5000),
      });
      const due = await stores.refreshQueue.claimDuePipelines({
        now: plus(5000),
        owner: 'a',
        leaseMs: 1000,
        limit: 1,
      });
      expect(due[0]?.hotUntil?.toISOString()).toBe(plus(300_000).toISOString());
      expect(
        (await stores.entities.getEntityResolution(STORE_ENTITY))?.hotUntil,
      ).toEqual(plus(300_000));

      await stores.entities.removeEntities([STORE_ENTITY]);
      expect(await stores.entities.listEntityRefs()).toEqual([]);
      expect(await stores.entities.removeUnreferencedPipelines()).toBe(1);
      expect(await stores.snapshotReader.getPipelines([STORE_ARN])).toEqual([]);
      expect(
        await stores.snapshotReader.getExecutions([STORE_ARN], { limit: 10 }),
      ).toEqual([]);
    });
  },
);
