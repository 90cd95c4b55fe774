import { setupServer } from 'msw/node';
import { http, HttpResponse } from 'msw';
import { MockFetchApi, registerMswTestHooks } from '@backstage/test-utils';
import { ResponseError } from '@backstage/errors';
import type {
  ApprovalDecisionRequest,
  EntityPipelinesResponse,
} from '@dpra/plugin-pipelines-common';
import { PipelinesClient } from './PipelinesClient';

const baseUrl = 'http://backstage.test/api/pipelines';
const server = setupServer();
registerMswTestHooks(server);

function createClient() {
  return new PipelinesClient({
    discoveryApi: { getBaseUrl: async () => baseUrl },
    fetchApi: new MockFetchApi({ injectIdentityAuth: { token: 'user-token' } }),
  });
}

const entity = {
  kind: 'Component',
  namespace: 'default',
  name: 'orders service/v2',
};

function backstageError(name: string, message: string, statusCode: number) {
  return HttpResponse.json(
    { error: { name, message }, request: {}, response: { statusCode } },
    { status: statusCode },
  );
}

describe('PipelinesClient', () => {
  it('GETs the entity pipelines with encoded path parts and the user token', async () => {
    const body: EntityPipelinesResponse = {
      entityRef: 'component:default/orders service/v2',
      pipelines: [],
      problems: [{ reference: 'x', message: 'not allowed' }],
      source: { kind: 'local', label: 'Local AWS scenario (demo data)' },
      canDecideApprovals: true,
    };
    let seenUrl = '';
    let seenAuth: string | null = null;
    server.use(
      http.get(
        `${baseUrl}/entities/:kind/:namespace/:name/pipelines`,
        ({ request }) => {
          seenUrl = request.url;
          seenAuth = request.headers.get('authorization');
          return HttpResponse.json(body);
        },
      ),
    );
    await expect(createClient().getEntityPipelines(entity)).resolves.toEqual(
      body,
    );
    expect(seenUrl).toBe(
      `${baseUrl}/entities/Component/default/orders%20service%2Fv2/pipelines`,
    );
    expect(seenAuth).toBe('Bearer user-token');
  });

  it('passes executions and metrics query parameters', async () => {
    const urls: URL[] = [];
    server.use(
      http.get(
        `${baseUrl}/entities/:kind/:namespace/:name/executions`,
        ({ request }) => {
          urls.push(new URL(request.url));
          return HttpResponse.json({ executions: [] });
        },
      ),
      http.get(
        `${baseUrl}/entities/:kind/:namespace/:name/metrics`,
        ({ request }) => {
          urls.push(new URL(request.url));
          return HttpResponse.json({ windowDays: 7 });
        },
      ),
    );
    const client = createClient();
    const arn = 'arn:aws:codepipeline:eu-west-1:111122223333:orders';
    await client.getExecutions(entity, { pipelineArn: arn, limit: 25 });
    await client.getMetrics(entity, { windowDays: 7, pipelineArn: arn });
    await client.getExecutions(entity);
    expect(urls[0].searchParams.get('pipelineArn')).toBe(arn);
    expect(urls[0].searchParams.get('limit')).toBe('25');
    expect(urls[1].searchParams.get('windowDays')).toBe('7');
    expect(urls[1].searchParams.get('pipelineArn')).toBe(arn);
    expect(urls[2].search).toBe('');
  });

  it('GETs findings and status', async () => {
    server.use(
      http.get(`${baseUrl}/entities/:kind/:namespace/:name/findings`, () =>
        HttpResponse.json({
          findings: [],
          counts: { CRITICAL: 1 },
          reports: [],
          freshness: { stale: false },
        }),
      ),
      http.get(`${baseUrl}/status`, () =>
        HttpResponse.json({
          source: { kind: 'aws', label: 'AWS' },
          targets: 0,
        }),
      ),
    );
    const client = createClient();
    await expect(client.getFindings(entity)).resolves.toMatchObject({
      counts: { CRITICAL: 1 },
    });
    await expect(client.getStatus()).resolves.toEqual({
      source: { kind: 'aws', label: 'AWS' },
      targets: 0,
    });
  });

  it('POSTs an approval decision as JSON', async () => {
    const decision: ApprovalDecisionRequest = {
      pipelineArn: 'arn:aws:codepipeline:eu-west-1:111122223333:orders',
      stageName: 'Approval',
      actionName: 'ManualApproval',
      token: '1a2b3c',
      decision: 'Approved',
      comment: 'ship it',
    };
    let received: unknown;
    server.use(
      http.post(
        `${baseUrl}/entities/:kind/:namespace/:name/approvals`,
        async ({ request }) => {
          expect(request.headers.get('content-type')).toBe('application/json');
          received = await request.json();
          return HttpResponse.json({
            decision: 'Approved',
            decidedBy: 'user:default/jane',
            decidedAt: '2026-01-01T00:00:00Z',
            summary: 'ship it (user:default/jane)',
          });
        },
      ),
    );
    const result = await createClient().decideApproval(entity, decision);
    expect(received).toEqual(decision);
    expect(result.decidedBy).toBe('user:default/jane');
  });

  it('throws a ResponseError carrying the server message on 409 and 403', async () => {
    server.use(
      http.post(`${baseUrl}/entities/:kind/:namespace/:name/approvals`, () =>
        backstageError('ConflictError', 'The approval token is stale', 409),
      ),
      http.get(`${baseUrl}/entities/:kind/:namespace/:name/pipelines`, () =>
        backstageError('NotAllowedError', 'Not allowed to read', 403),
      ),
    );
    const client = createClient();
    const conflict = await client
      .decideApproval(entity, {
        pipelineArn: 'a',
        stageName: 's',
        actionName: 'x',
        token: 't',
        decision: 'Rejected',
      })
      .catch(e => e);
    expect(conflict).toBeInstanceOf(ResponseError);
    expect(conflict.statusCode).toBe(409);
    expect(conflict.body.error.message).toBe('The approval token is stale');

    const forbidden = await client.getEntityPipelines(entity).catch(e => e);
    expect(forbidden).toBeInstanceOf(ResponseError);
    expect(forbidden.statusCode).toBe(403);
  });

  it('POSTs refresh and accepts 202', async () => {
    let called = 0;
    server.use(
      http.post(`${baseUrl}/entities/:kind/:namespace/:name/refresh`, () => {
        called += 1;
        return HttpResponse.json({}, { status: 202 });
      }),
    );
    await createClient().markEntityViewed(entity);
    expect(called).toBe(1);
  });
});
