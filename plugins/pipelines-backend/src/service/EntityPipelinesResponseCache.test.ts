import { TestDatabases, mockServices } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { gunzipSync } from 'node:zlib';
import { readPipelinesConfig, type PipelinesConfig } from '../config';
import { createPipelineStores, type PipelineStores } from '../store';
import { createEntityPipelinesResponseCache } from './EntityPipelinesResponseCache';
import { createEntityPipelinesService } from './EntityPipelinesService';
import type {
  EntityPipelinesResponseCache,
  EntityPipelinesService,
} from './types';

jest.setTimeout(60_000);

const ARN = 'arn:aws:codepipeline:us-east-1:111111111111:orders-service';
const ENTITY = 'component:default/orders-service';
const t0 = new Date('2026-11-23T10:00:00.000Z');

/** The response cache over the service that builds responses from the store. */
function createCache(
  stores: PipelineStores,
  config: PipelinesConfig,
  options: {
    now: () => Date;
    responseCacheMs?: number;
    responseCacheBytes?: number;
  },
): EntityPipelinesResponseCache & Pick<EntityPipelinesService, 'getPipelines'> {
  const service = createEntityPipelinesService({
    entities: stores.entities,
    snapshots: stores.snapshotReader,
    alarms: stores.alarms,
    decisions: stores.approvalDecisions,
    config,
    now: options.now,
  });
  const cache = createEntityPipelinesResponseCache({
    ...options,
    entities: stores.entities,
    responses: service,
    staleAfterSeconds: config.refresh.staleAfterSeconds,
  });
  return { ...cache, getPipelines: service.getPipelines };
}

/** The JSON text of a prepared body. */
const json = async (body: Promise<{ json: Buffer }>) =>
  (await body).json.toString('utf8');

describe('EntityPipelinesResponseCache', () => {
  const databases = TestDatabases.create({ ids: ['SQLITE_3'] });

  async function setup(responseCacheMs: number) {
    const knex = await databases.init('SQLITE_3');
    const stores = await createPipelineStores({
      database: mockServices.database.mock({ getClient: async () => knex }),
    });
    await stores.entities.saveEntityResolution(
      ENTITY,
      {
        referencesHash: 'h',
        pipelines: [
          {
            arn: ARN,
            accountId: '111111111111',
            region: 'us-east-1',
            name: 'orders-service',
            reference: ARN,
          },
        ],
        problems: [],
      },
      t0,
    );
    const config = readPipelinesConfig(
      new ConfigReader({
        pipelines: {
          aws: {
            targets: [{ accountId: '111111111111', regions: ['us-east-1'] }],
          },
        },
      }),
    );
    const service = createCache(stores, config, {
      responseCacheMs,
      now: () => t0,
    });
    const saveSnapshot = () =>
      stores.snapshotWriter.savePipelineSnapshot({
        location: {
          arn: ARN,
          accountId: '111111111111',
          region: 'us-east-1',
          name: 'orders-service',
        },
        definition: { name: 'orders-service' },
        layout: {
          stages: [],
          waves: [],
          homeRegion: 'us-east-1',
          conventional: true,
        },
        stages: [],
        pendingApprovals: [],
        executions: [],
        capturedAt: t0,
      });
    return { service, saveSnapshot };
  }

  it("serves one serialised response per entity with each caller's own approval flag", async () => {
    const { service, saveSnapshot } = await setup(60_000);
    const first = JSON.parse(
      await json(service.getBody(ENTITY, { canDecideApprovals: true })),
    );
    expect(first).toEqual(
      await service.getPipelines(ENTITY, { canDecideApprovals: true }),
    );
    expect(first.pipelines).toEqual([]);
    const other = JSON.parse(
      await json(service.getBody(ENTITY, { canDecideApprovals: false })),
    );
    expect(other).toEqual({ ...first, canDecideApprovals: false });

    // A store change is not visible until the entry expires or is invalidated.
    await saveSnapshot();
    expect(
      JSON.parse(
        await json(service.getBody(ENTITY, { canDecideApprovals: true })),
      ).pipelines,
    ).toEqual([]);
    service.invalidate();
    const fresh = JSON.parse(
      await json(service.getBody(ENTITY, { canDecideApprovals: true })),
    );
    expect(fresh.pipelines.map((p: { arn: string }) => p.arn)).toEqual([ARN]);
  });

  it('reads the store every time when the cache is off', async () => {
    const { service, saveSnapshot } = await setup(0);
    expect(
      JSON.parse(
        await json(service.getBody(ENTITY, { canDecideApprovals: false })),
      ).pipelines,
    ).toEqual([]);
    await saveSnapshot();
    expect(
      JSON.parse(
        await json(service.getBody(ENTITY, { canDecideApprovals: false })),
      ).pipelines,
    ).toHaveLength(1);
  });
});

describe('EntityPipelinesResponseCache prepared bodies', () => {
  const databases = TestDatabases.create({ ids: ['SQLITE_3'] });

  async function setup(clock: { now: Date }, responseCacheBytes?: number) {
    const knex = await databases.init('SQLITE_3');
    const stores = await createPipelineStores({
      database: mockServices.database.mock({ getClient: async () => knex }),
    });
    await stores.entities.saveEntityResolution(
      ENTITY,
      {
        referencesHash: 'h',
        pipelines: [
          {
            arn: ARN,
            accountId: '111111111111',
            region: 'us-east-1',
            name: 'orders-service',
            reference: ARN,
          },
        ],
        problems: [],
      },
      clock.now,
    );
    const config = readPipelinesConfig(
      new ConfigReader({
        pipelines: {
          aws: {
            targets: [{ accountId: '111111111111', regions: ['us-east-1'] }],
          },
          refresh: { staleAfterSeconds: 300 },
        },
      }),
    );
    const getPipelines = jest.spyOn(stores.snapshotReader, 'getPipelines');
    // 0: the store version is checked on every request, as another replica would see it.
    const service = createCache(stores, config, {
      responseCacheMs: 0,
      responseCacheBytes,
      now: () => clock.now,
    });
    /** What one refresh of the pipeline writes: a snapshot, then the outcome. */
    const refresh = async (
      at: Date,
      options: { stageStatus?: 'Succeeded' | 'Failed'; error?: string } = {},
    ) => {
      const owner = 'test-refresher';
      await stores.refreshQueue.claimPipeline(ARN, {
        now: at,
        owner,
        leaseMs: 60_000,
      });
      if (options.error) {
        await stores.refreshQueue.recordRefreshFailure(ARN, {
          owner,
          now: at,
          nextRefreshAt: at,
          error: options.error,
        });
        return;
      }
      await stores.snapshotWriter.savePipelineSnapshot({
        location: {
          arn: ARN,
          accountId: '111111111111',
          region: 'us-east-1',
          name: 'orders-service',
        },
        definition: { name: 'orders-service' },
        layout: {
          stages: [],
          waves: [],
          homeRegion: 'us-east-1',
          conventional: true,
        },
        stages: [
          {
            name: 'Prod',
            status: options.stageStatus ?? 'Succeeded',
            inboundTransitionEnabled: true,
            actions: [],
          },
        ],
        pendingApprovals: [],
        executions: [],
        capturedAt: at,
      });
      await stores.refreshQueue.recordRefreshSuccess(ARN, {
        owner,
        now: at,
        nextRefreshAt: at,
        inProgress: false,
        findingsRefreshed: false,
      });
    };
    return { service, stores, getPipelines, refresh };
  }

  const parse = (body: { json: Buffer }) => JSON.parse(body.json.toString());

  it('reuses the serialised body until a refresh writes the entity, then rebuilds it', async () => {
    const clock = { now: t0 };
    const { service, getPipelines, refresh } = await setup(clock);
    await refresh(t0);
    const first = await service.getBody(ENTITY, {
      canDecideApprovals: false,
    });
    expect(parse(first).pipelines[0].stages[0].status).toBe('Succeeded');
    expect(first.etag).toMatch(/^W\/"[A-Za-z0-9_-]+"$/);
    const reads = getPipelines.mock.calls.length;

    // Unchanged store: the very same bytes, without reading the pipelines again.
    clock.now = new Date(t0.getTime() + 5_000);
    const again = await service.getBody(ENTITY, {
      canDecideApprovals: false,
    });
    expect(again).toBe(first);
    expect(getPipelines.mock.calls.length).toBe(reads);

    // A refresh writes a new state: the next request sees it under a new entity tag.
    await refresh(new Date(t0.getTime() + 10_000), { stageStatus: 'Failed' });
    const changed = await service.getBody(ENTITY, {
      canDecideApprovals: false,
    });
    expect(changed.etag).not.toBe(first.etag);
    expect(parse(changed).pipelines[0].stages[0].status).toBe('Failed');
    expect(parse(changed).pipelines[0].freshness.lastRefreshedAt).toBe(
      '2026-11-23T10:00:10.000Z',
    );
    expect(getPipelines.mock.calls.length).toBe(reads + 1);
  });

  it('rebuilds when a refresh fails (nothing but the error changes in the store)', async () => {
    const clock = { now: t0 };
    const { service, refresh } = await setup(clock);
    await refresh(t0);
    const before = await service.getBody(ENTITY, {
      canDecideApprovals: false,
    });
    expect(parse(before).pipelines[0].freshness.stale).toBe(false);
    await refresh(new Date(t0.getTime() + 10_000), {
      error: 'AWS throttled the request (ThrottlingException)',
    });
    const after = await service.getBody(ENTITY, {
      canDecideApprovals: false,
    });
    expect(after.etag).not.toBe(before.etag);
    expect(parse(after).pipelines[0].freshness).toMatchObject({
      stale: true,
      staleReason:
        'Last refresh failed: AWS throttled the request (ThrottlingException)',
    });
  });

  it('keeps one body per value of canDecideApprovals, differing only in that flag', async () => {
    const clock = { now: t0 };
    const { service, getPipelines, refresh } = await setup(clock);
    await refresh(t0);
    const allowed = await service.getBody(ENTITY, {
      canDecideApprovals: true,
    });
    const denied = await service.getBody(ENTITY, {
      canDecideApprovals: false,
    });
    expect(allowed.etag).not.toBe(denied.etag);
    expect(parse(allowed).canDecideApprovals).toBe(true);
    expect(parse(denied)).toEqual({
      ...parse(allowed),
      canDecideApprovals: false,
    });
    // Both variants come from one store read and are kept.
    expect(getPipelines).toHaveBeenCalledTimes(1);
    expect(await service.getBody(ENTITY, { canDecideApprovals: true })).toBe(
      allowed,
    );
    expect(await service.getBody(ENTITY, { canDecideApprovals: false })).toBe(
      denied,
    );
  });

  it('turns stale by the passing of time alone, without a store write', async () => {
    const clock = { now: t0 };
    const { service, refresh } = await setup(clock);
    await refresh(t0);
    const fresh = await service.getBody(ENTITY, {
      canDecideApprovals: false,
    });
    expect(parse(fresh).pipelines[0].freshness.stale).toBe(false);
    clock.now = new Date(t0.getTime() + 301_000);
    const stale = await service.getBody(ENTITY, {
      canDecideApprovals: false,
    });
    expect(parse(stale).pipelines[0].freshness).toMatchObject({
      stale: true,
      staleReason: 'Not refreshed for 301 s (stale after 300 s)',
    });
    // The reason counts seconds, so a stale body is good for one second only.
    clock.now = new Date(t0.getTime() + 303_000);
    expect(
      parse(await service.getBody(ENTITY, { canDecideApprovals: false }))
        .pipelines[0].freshness.staleReason,
    ).toBe('Not refreshed for 303 s (stale after 300 s)');
  });

  it('serves the same JSON gzipped, compressed once', async () => {
    const clock = { now: t0 };
    const { service, refresh } = await setup(clock);
    await refresh(t0);
    const body = await service.getBody(ENTITY, {
      canDecideApprovals: true,
    });
    const compressed = await body.gzip();
    expect(gunzipSync(compressed).equals(body.json)).toBe(true);
    expect(await body.gzip()).toBe(compressed);
  });

  it('shares one store read between concurrent requests', async () => {
    const clock = { now: t0 };
    const { service, getPipelines, refresh } = await setup(clock);
    await refresh(t0);
    const bodies = await Promise.all(
      Array.from({ length: 10 }, () =>
        service.getBody(ENTITY, { canDecideApprovals: false }),
      ),
    );
    expect(new Set(bodies).size).toBe(1);
    expect(getPipelines).toHaveBeenCalledTimes(1);
  });
});

describe('EntityPipelinesResponseCache memory', () => {
  const databases = TestDatabases.create({ ids: ['SQLITE_3'] });

  it('drops the least recently served entity beyond responseCacheBytes', async () => {
    const knex = await databases.init('SQLITE_3');
    const stores = await createPipelineStores({
      database: mockServices.database.mock({ getClient: async () => knex }),
    });
    const refs = ['component:default/a', 'component:default/b'];
    for (const ref of refs) {
      await stores.entities.saveEntityResolution(
        ref,
        { referencesHash: ref, pipelines: [], problems: [] },
        t0,
      );
    }
    const getResolution = jest.spyOn(stores.entities, 'getEntityResolution');
    const config = readPipelinesConfig(
      new ConfigReader({
        pipelines: {
          aws: {
            targets: [{ accountId: '111111111111', regions: ['us-east-1'] }],
          },
        },
      }),
    );
    const body = (
      service: EntityPipelinesResponseCache &
        Pick<EntityPipelinesService, 'getPipelines'>,
      ref: string,
    ) => service.getBody(ref, { canDecideApprovals: false });

    // Room for no response: only the one served last is kept.
    const small = createCache(stores, config, {
      responseCacheBytes: 1,
      now: () => t0,
    });
    const a = await body(small, refs[0]);
    await body(small, refs[1]);
    expect(getResolution).toHaveBeenCalledTimes(2);
    expect(await body(small, refs[1])).not.toBe(a);
    expect(getResolution).toHaveBeenCalledTimes(2);
    // `a` was dropped to make room for `b`: it is read again.
    const again = await body(small, refs[0]);
    expect(again).not.toBe(a);
    expect(again.etag).toBe(a.etag);
    expect(getResolution).toHaveBeenCalledTimes(3);

    // With room for both, both stay.
    getResolution.mockClear();
    const roomy = createCache(stores, config, {
      now: () => t0,
    });
    const first = await body(roomy, refs[0]);
    await body(roomy, refs[1]);
    expect(await body(roomy, refs[0])).toBe(first);
    expect(getResolution).toHaveBeenCalledTimes(2);
  });
});
