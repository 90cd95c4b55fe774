import { TestDatabases, mockServices } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { readPipelinesConfig } from '../config';
import { DatabasePipelineStore } from '../store/DatabasePipelineStore';
import {
  createEntityPipelinesService,
  freshnessOf,
} from './EntityPipelinesService';

jest.setTimeout(60_000);

const ARN = 'arn:aws:codepipeline:us-east-1:111111111111:orders-service';
const ENTITY = 'component:default/orders-service';
const t0 = new Date('2026-11-23T10:00:00.000Z');

describe('freshnessOf', () => {
  it('is stale before the first success, after a failure, and when overdue', () => {
    expect(freshnessOf(undefined, t0, 300)).toEqual({
      stale: true,
      staleReason: 'Not refreshed from AWS yet',
    });
    expect(
      freshnessOf(
        { lastError: 'AWS throttled the request (ThrottlingException)' },
        t0,
        300,
      ),
    ).toEqual({
      stale: true,
      staleReason:
        'Never refreshed successfully: AWS throttled the request (ThrottlingException)',
    });
    const last = new Date(t0.getTime() - 60_000);
    expect(freshnessOf({ lastSuccessAt: last }, t0, 300)).toEqual({
      stale: false,
      lastRefreshedAt: last.toISOString(),
    });
    expect(
      freshnessOf(
        {
          lastSuccessAt: last,
          lastError: 'AWS returned a server error 503 (ServiceUnavailable)',
        },
        t0,
        300,
      ),
    ).toEqual({
      stale: true,
      lastRefreshedAt: last.toISOString(),
      staleReason:
        'Last refresh failed: AWS returned a server error 503 (ServiceUnavailable)',
    });
    expect(freshnessOf({ lastSuccessAt: last }, t0, 30)).toMatchObject({
      stale: true,
      staleReason: 'Not refreshed for 60 s (stale after 30 s)',
    });
  });
});

describe('EntityPipelinesService response cache', () => {
  const databases = TestDatabases.create({ ids: ['SQLITE_3'] });

  async function setup(responseCacheMs: number) {
    const knex = await databases.init('SQLITE_3');
    const store = await DatabasePipelineStore.create({
      database: mockServices.database.mock({ getClient: async () => knex }),
    });
    await store.saveEntityResolution(
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
    const service = createEntityPipelinesService({
      store,
      config,
      responseCacheMs,
      now: () => t0,
    });
    const saveSnapshot = () =>
      store.savePipelineSnapshot({
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
      await service.getPipelinesJson(ENTITY, { canDecideApprovals: true }),
    );
    expect(first).toEqual(
      await service.getPipelines(ENTITY, { canDecideApprovals: true }),
    );
    expect(first.pipelines).toEqual([]);
    const other = JSON.parse(
      await service.getPipelinesJson(ENTITY, { canDecideApprovals: false }),
    );
    expect(other).toEqual({ ...first, canDecideApprovals: false });

    // A store change is not visible until the entry expires or is invalidated.
    await saveSnapshot();
    expect(
      JSON.parse(
        await service.getPipelinesJson(ENTITY, { canDecideApprovals: true }),
      ).pipelines,
    ).toEqual([]);
    service.invalidate();
    const fresh = JSON.parse(
      await service.getPipelinesJson(ENTITY, { canDecideApprovals: true }),
    );
    expect(fresh.pipelines.map((p: { arn: string }) => p.arn)).toEqual([ARN]);
  });

  it('reads the store every time when the cache is off', async () => {
    const { service, saveSnapshot } = await setup(0);
    expect(
      JSON.parse(
        await service.getPipelinesJson(ENTITY, { canDecideApprovals: false }),
      ).pipelines,
    ).toEqual([]);
    await saveSnapshot();
    expect(
      JSON.parse(
        await service.getPipelinesJson(ENTITY, { canDecideApprovals: false }),
      ).pipelines,
    ).toHaveLength(1);
  });
});
