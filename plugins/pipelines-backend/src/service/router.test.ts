import { TestDatabases, mockServices } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
// eslint-disable-next-line @backstage/no-undeclared-imports -- test only: Backstage's own root middleware (it comes with @backstage/backend-test-utils), to prove the body is not compressed twice
import { MiddlewareFactory } from '@backstage/backend-defaults/rootHttpRouter';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import express from 'express';
import request from 'supertest';
import { gunzipSync } from 'node:zlib';
import { AwsTargetPolicy } from '../aws/AwsTarget';
import type { CodePipelineReader } from '../aws/CodePipelineReader';
import { readPipelinesConfig } from '../config';
import { createPipelineStores } from '../store';
import { createApprovalInboxService } from './ApprovalInboxService';
import { createApprovalService } from './ApprovalService';
import { createPipelineControlService } from './PipelineControlService';
import { createEntityPipelineResolver } from './EntityPipelineResolver';
import { createEntityPipelinesResponseCache } from './EntityPipelinesResponseCache';
import { createEntityPipelinesService } from './EntityPipelinesService';
import { createRouter } from './router';
import { openApiSpec } from '../testing/openApiSpec';

/** `METHOD /path/{param}` of every route an express router (and the routers it mounts) serves. */
function servedRoutes(router: express.Router): string[] {
  type Layer = {
    route?: { path: string; methods: Record<string, boolean> };
    handle?: { stack?: Layer[] };
  };
  const walk = (stack: Layer[]): string[] =>
    stack.flatMap(layer => {
      if (layer.route) {
        const path = layer.route.path.replace(/:(\w+)/g, '{$1}');
        return Object.keys(layer.route.methods).map(
          m => `${m.toUpperCase()} ${path}`,
        );
      }
      return layer.handle?.stack ? walk(layer.handle.stack) : [];
    });
  return [...new Set(walk((router as unknown as { stack: Layer[] }).stack))];
}

jest.setTimeout(60_000);

const ACCOUNT = '111111111111';
const ARN = `arn:aws:codepipeline:us-east-1:${ACCOUNT}:orders-service`;
const URL = '/entities/component/default/orders-service/pipelines';

const entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name: 'orders-service',
    namespace: 'default',
    annotations: { 'dpra.io/pipelines': ARN },
  },
  spec: { type: 'service', owner: 'team-orders', lifecycle: 'production' },
};

describe('GET …/pipelines caching headers', () => {
  const databases = TestDatabases.create({ ids: ['SQLITE_3'] });

  async function setup(
    options: { rootCompression?: boolean; accessCacheMs?: number } = {},
  ) {
    const knex = await databases.init('SQLITE_3');
    const stores = await createPipelineStores({
      database: mockServices.database.mock({ getClient: async () => knex }),
    });
    const config = readPipelinesConfig(
      new ConfigReader({
        pipelines: {
          aws: { targets: [{ accountId: ACCOUNT, regions: ['us-east-1'] }] },
        },
      }),
    );
    const policy = new AwsTargetPolicy(config.aws);
    // Explicit ARNs resolve without AWS: a call would be a bug of this test's premise.
    const codePipeline = new Proxy({} as CodePipelineReader, {
      get: (_target, name) => () => {
        throw new Error(`unexpected AWS call ${String(name)}`);
      },
    });
    const entities = createEntityPipelinesService({
      entities: stores.entities,
      snapshots: stores.snapshotReader,
      alarms: stores.alarms,
      decisions: stores.approvalDecisions,
      config,
    });
    const responses = createEntityPipelinesResponseCache({
      entities: stores.entities,
      responses: entities,
      staleAfterSeconds: config.refresh.staleAfterSeconds,
      responseCacheMs: 0,
    });
    const permission: {
      decide: AuthorizeResult.ALLOW | AuthorizeResult.DENY;
      read: AuthorizeResult.ALLOW | AuthorizeResult.DENY;
    } = { decide: AuthorizeResult.ALLOW, read: AuthorizeResult.ALLOW };
    const authorize = jest.fn(
      async (requests: Array<{ permission: { name: string } }>) =>
        requests.map(r => ({
          result:
            r.permission.name === 'dpra.approval.decide'
              ? permission.decide
              : permission.read,
        })),
    );
    const router = await createRouter({
      httpAuth: mockServices.httpAuth(),
      permissions: mockServices.permissions.mock({
        authorize: authorize as any,
      }),
      catalog: catalogServiceMock({ entities: [entity] }),
      auditor: mockServices.auditor.mock(),
      logger: mockServices.logger.mock(),
      entities,
      responses,
      resolver: createEntityPipelineResolver({
        catalog: catalogServiceMock({ entities: [entity] }),
        auth: mockServices.auth(),
        entities: stores.entities,
        policy,
        codePipeline,
        logger: mockServices.logger.mock(),
        scheduler: mockServices.scheduler.mock(),
        config,
      }),
      approvals: createApprovalService({
        entities: stores.entities,
        snapshots: stores.snapshotReader,
        decisions: stores.approvalDecisions,
        codePipeline,
        background: { refreshInBackground: () => {} },
        deadlineMs: 20_000,
      }),
      controls: createPipelineControlService({
        entities: stores.entities,
        codePipeline,
        operator: codePipeline as any,
        background: { refreshInBackground: () => {} },
        deadlineMs: 20_000,
      }),
      inbox: createApprovalInboxService({
        inbox: stores.inbox,
        permissions: mockServices.permissions(),
      }),
      targets: 1,
      // Most tests change permissions between requests and want them seen at once.
      accessCacheMs: options.accessCacheMs ?? 0,
    });
    const app = express();
    const middleware = MiddlewareFactory.create({
      config: new ConfigReader({}),
      logger: mockServices.logger.mock(),
    });
    if (options.rootCompression) {
      // What Backstage's root HTTP router puts in front of every plugin.
      app.use(middleware.compression());
    }
    app.use(router);
    app.use(middleware.error());

    /** What one refresh of the pipeline writes. */
    const refresh = async (at: Date, status: 'Succeeded' | 'Failed') => {
      await stores.refreshQueue.claimPipeline(ARN, {
        now: at,
        owner: 'r',
        leaseMs: 60_000,
      });
      await stores.snapshotWriter.savePipelineSnapshot({
        location: {
          arn: ARN,
          accountId: ACCOUNT,
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
          { name: 'Prod', status, inboundTransitionEnabled: true, actions: [] },
        ],
        pendingApprovals: [],
        executions: [],
        capturedAt: at,
      });
      await stores.refreshQueue.recordRefreshSuccess(ARN, {
        owner: 'r',
        now: at,
        nextRefreshAt: at,
        inProgress: false,
        findingsRefreshed: false,
      });
    };
    // The first request stores the entity's resolution; then a refresh reads the pipeline.
    await request(app).get(URL).expect(200);
    await refresh(new Date(), 'Succeeded');
    return { app, router, refresh, permission, authorize, stores };
  }

  it('serves exactly the routes openapi.yaml describes', async () => {
    const { router } = await setup();
    const described = Object.entries(openApiSpec.paths).flatMap(([path, ops]) =>
      Object.keys(ops as object).map(
        method => `${method.toUpperCase()} ${path}`,
      ),
    );
    // GET /openapi.json is backend-openapi-utils' own route, serving the spec itself.
    expect(
      servedRoutes(router)
        .filter(r => r !== 'GET /openapi.json')
        .sort(),
    ).toEqual([...new Set(described)].sort());
  });

  it('serves the findings of one run with ?executionId=, counted alone, and of every run without it', async () => {
    const { app, stores } = await setup();
    const finding = (
      id: string,
      severity: 'HIGH' | 'LOW',
      executionId?: string,
    ) => ({
      id,
      severity,
      title: id,
      tool: 'Trivy',
      pipelineArn: ARN,
      ...(executionId ? { action: 'SCA', executionId } : {}),
    });
    await stores.snapshotWriter.savePipelineSnapshot({
      location: {
        arn: ARN,
        accountId: ACCOUNT,
        region: 'us-east-1',
        name: 'orders-service',
      },
      stages: [],
      pendingApprovals: [],
      executions: [],
      findings: [
        finding('a', 'HIGH', 'run-1'),
        finding('b', 'LOW', 'run-1'),
        finding('c', 'HIGH', 'run-2'),
        finding('inspector', 'HIGH'),
      ],
      capturedAt: new Date(),
    });
    const FINDINGS = URL.replace(/pipelines$/, 'findings');

    const all = await request(app).get(FINDINGS).expect(200);
    expect(all.body.findings.map((f: any) => f.id).sort()).toEqual([
      'a',
      'b',
      'c',
      'inspector',
    ]);
    const run1 = await request(app)
      .get(FINDINGS)
      .query({ executionId: 'run-1' })
      .expect(200);
    expect(run1.body.findings).toEqual([
      expect.objectContaining({ id: 'a', action: 'SCA', executionId: 'run-1' }),
      expect.objectContaining({ id: 'b', action: 'SCA', executionId: 'run-1' }),
    ]);
    expect(run1.body.counts).toEqual({
      CRITICAL: 0,
      HIGH: 1,
      MEDIUM: 0,
      LOW: 1,
      INFORMATIONAL: 0,
    });
    const refused = await request(app)
      .get(FINDINGS)
      .query({ executionId: '' })
      .expect(400);
    expect(refused.body.error.name).toBe('InputError');
  });

  it('answers 304 to a client that holds the current body, 200 with a new tag after a refresh write', async () => {
    const { app, refresh } = await setup();
    const first = await request(app).get(URL).expect(200);
    const etag = first.headers.etag;
    expect(etag).toMatch(/^W\/"[A-Za-z0-9_-]+"$/);
    expect(first.headers['cache-control']).toBe('private, no-cache');
    expect(first.headers.vary).toMatch(/Accept-Encoding/);
    expect(first.body.pipelines[0].stages[0].status).toBe('Succeeded');

    const unchanged = await request(app)
      .get(URL)
      .set('If-None-Match', etag)
      .expect(304);
    expect(unchanged.headers.etag).toBe(etag);
    expect(unchanged.text ?? '').toBe('');

    // A tag list and a strong form of the same tag match too (weak comparison).
    await request(app)
      .get(URL)
      .set('If-None-Match', `W/"other", ${etag.slice(2)}`)
      .expect(304);

    await refresh(new Date(Date.now() + 1000), 'Failed');
    const changed = await request(app)
      .get(URL)
      .set('If-None-Match', etag)
      .expect(200);
    expect(changed.headers.etag).not.toBe(etag);
    expect(changed.body.pipelines[0].stages[0].status).toBe('Failed');
  });

  it('varies the body and its tag with the caller being allowed to decide approvals', async () => {
    const { app, permission } = await setup();
    const allowed = await request(app).get(URL).expect(200);
    expect(allowed.body.canDecideApprovals).toBe(true);

    permission.decide = AuthorizeResult.DENY;
    // The tag of the allowed variant does not answer 304 for a caller who may not decide.
    const denied = await request(app)
      .get(URL)
      .set('If-None-Match', allowed.headers.etag)
      .expect(200);
    expect(denied.body.canDecideApprovals).toBe(false);
    expect(denied.headers.etag).not.toBe(allowed.headers.etag);
    expect(denied.body).toEqual({ ...allowed.body, canDecideApprovals: false });
  });

  it('checks the read permission before answering 304', async () => {
    const { app, permission } = await setup();
    const { headers } = await request(app).get(URL).expect(200);
    permission.read = AuthorizeResult.DENY;
    const refused = await request(app)
      .get(URL)
      .set('If-None-Match', headers.etag);
    expect(refused.status).toBe(403);
    expect(refused.headers.etag).not.toBe(headers.etag);
    expect(refused.body.error.name).toBe('NotAllowedError');
  });

  it("reuses a caller's access for accessCacheMs, so a page's burst of reads asks once", async () => {
    const { app, permission, authorize } = await setup({
      accessCacheMs: 60_000,
    });
    const before = authorize.mock.calls.length;
    await Promise.all(
      ['pipelines', 'executions', 'findings', 'metrics'].map(route =>
        request(app)
          .get(URL.replace(/pipelines$/, route))
          .expect(200),
      ),
    );
    expect(authorize.mock.calls.length - before).toBeLessThanOrEqual(1);
    // Within the window a revoked read permission is not seen yet for reads…
    permission.read = AuthorizeResult.DENY;
    await request(app).get(URL).expect(200);
    expect(authorize.mock.calls.length - before).toBeLessThanOrEqual(1);
  });

  it('sends the precompressed body once compressed, behind Backstage compression too', async () => {
    for (const rootCompression of [false, true]) {
      const { app } = await setup({ rootCompression });
      const plain = await request(app)
        .get(URL)
        .set('Accept-Encoding', 'identity')
        .expect(200);
      expect(plain.headers['content-encoding']).toBeUndefined();
      const json = Buffer.from(plain.text, 'utf8');

      const gzipped = await request(app)
        .get(URL)
        .set('Accept-Encoding', 'gzip, deflate')
        .buffer(true)
        .parse((res, done) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => done(null, Buffer.concat(chunks)));
        })
        .expect(200);
      expect(gzipped.headers['content-encoding']).toBe('gzip');
      expect(gzipped.headers.etag).toBe(plain.headers.etag);
      // superagent decodes the gzip layer once; one more layer would not be JSON.
      expect(Buffer.isBuffer(gzipped.body)).toBe(true);
      expect(gzipped.body.equals(json)).toBe(true);
      expect(Number(gzipped.headers['content-length'])).toBeLessThan(
        json.length,
      );
      expect(() => gunzipSync(gzipped.body)).toThrow();
    }
  });

  it('counts the comment limit in characters (code points), not UTF-16 units', async () => {
    const { app } = await setup();
    const base = URL.replace(/\/pipelines$/, '');
    const body = {
      pipelineArn: 'arn:aws:codepipeline:us-east-1:111111111111:orders',
      stageName: 'Approval',
      actionName: 'ManualApproval',
      token: 'tok',
      decision: 'Approved',
    };
    // 400 characters of 2 UTF-16 units each: within the limit.
    const within = await request(app)
      .post(`${base}/approvals`)
      .send({ ...body, comment: '😀'.repeat(400) });
    expect(within.body.error?.name).not.toBe('InputError');
    const over = await request(app)
      .post(`${base}/approvals`)
      .send({ ...body, comment: '😀'.repeat(401) });
    expect(over.status).toBe(400);
    expect(over.body.error.message).toContain('400 characters');
  });

  it('answers 400 for a malformed entity path on every entity route', async () => {
    const { app } = await setup();
    for (const [method, route] of [
      ['get', 'pipelines'],
      ['get', 'executions'],
      ['get', 'findings'],
      ['get', 'alarm-history?pipelineArn=x&region=us-east-1&alarmName=a'],
      ['get', 'metrics'],
      ['post', 'refresh'],
      ['post', 'approvals'],
    ] as const) {
      const res = await request(app)[method](
        `/entities/a%2Fb/default/orders-service/${route}`,
      );
      expect([route, res.status]).toEqual([route, 400]);
      expect(res.body.error).toMatchObject({ name: 'InputError' });
      expect(JSON.stringify(res.body)).not.toContain('    at ');
    }
    const res = await request(app).get(
      '/entities/a%2Fb/x%3Ay/orders-service/pipelines',
    );
    expect(res.body.error.message).toBe(
      'Malformed entity path: kind "a/b" must not contain "/" or ":"; namespace "x:y" must not contain "/" or ":"',
    );
  });

  it('validates requests against openapi.yaml and fills in the documented defaults', async () => {
    const { app } = await setup();
    const base = URL.replace(/\/pipelines$/, '');
    // Defaults of the spec reach the handlers: 30 days, and a number, not text.
    const metrics = await request(app).get(`${base}/metrics`).expect(200);
    expect(metrics.body.windowDays).toBe(30);
    const week = await request(app)
      .get(`${base}/metrics?windowDays=7`)
      .expect(200);
    expect(week.body.windowDays).toBe(7);
    // Out of range, not a number, unknown: a Backstage InputError naming the parameter.
    for (const query of [
      'metrics?windowDays=400',
      'metrics?windowDays=many',
      'executions?limit=0',
      'executions?colour=blue',
      'alarm-history?pipelineArn=x&region=Mars-1&alarmName=a',
    ]) {
      const res = await request(app).get(`${base}/${query}`).expect(400);
      expect(res.body.error.name).toBe('InputError');
    }
    const res = await request(app)
      .post(`${base}/approvals`)
      .send({ pipelineArn: 'not-an-arn', decision: 'Maybe' });
    expect(res.status).toBe(400);
    expect(res.body.error).toMatchObject({
      name: 'InputError',
      // Every problem at once, each with its path.
      message: expect.stringMatching(
        /(?=.*stageName)(?=.*pipelineArn must match pattern)(?=.*decision must be equal to one of the allowed values)/,
      ),
    });
  });
});
