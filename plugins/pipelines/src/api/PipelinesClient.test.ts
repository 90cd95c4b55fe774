import { setupServer } from 'msw/node';
import { http, HttpResponse } from 'msw';
import { MockFetchApi, registerMswTestHooks } from '@backstage/test-utils';
import { ResponseError } from '@backstage/errors';
import type {
  AlarmHistoryResponse,
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

  it('GETs the alarm history with the alarm in an encoded query', async () => {
    const arn = 'arn:aws:codepipeline:eu-west-1:111122223333:orders';
    const body: AlarmHistoryResponse = {
      pipelineArn: arn,
      region: 'us-east-1',
      alarmName: 'orders p99/latency & faults',
      items: [
        {
          timestamp: '2026-01-15T11:00:00.000Z',
          oldState: 'OK',
          newState: 'ALARM',
          summary: 'Alarm updated from OK to ALARM',
          reason: 'Threshold Crossed',
        },
      ],
      complete: true,
      freshness: { stale: false, lastRefreshedAt: '2026-01-15T11:59:00Z' },
    };
    const urls: string[] = [];
    server.use(
      http.get(
        `${baseUrl}/entities/:kind/:namespace/:name/alarm-history`,
        ({ request }) => {
          urls.push(request.url);
          return HttpResponse.json(body);
        },
      ),
    );
    const client = createClient();
    await expect(
      client.getAlarmHistory(entity, {
        pipelineArn: arn,
        region: 'us-east-1',
        alarmName: 'orders p99/latency & faults',
        limit: 20,
      }),
    ).resolves.toEqual(body);
    await client.getAlarmHistory(entity, {
      pipelineArn: arn,
      region: 'us-east-1',
      alarmName: 'plain',
    });

    const [withLimit, withoutLimit] = urls.map(u => new URL(u));
    expect(withLimit.pathname).toBe(
      '/api/pipelines/entities/Component/default/orders%20service%2Fv2/alarm-history',
    );
    // Every reserved character of the ARN and the alarm name is escaped.
    expect(withLimit.search).toBe(
      '?pipelineArn=arn%3Aaws%3Acodepipeline%3Aeu-west-1%3A111122223333%3Aorders' +
        '&region=us-east-1&alarmName=orders+p99%2Flatency+%26+faults&limit=20',
    );
    expect(withLimit.searchParams.get('alarmName')).toBe(
      'orders p99/latency & faults',
    );
    expect(withoutLimit.searchParams.has('limit')).toBe(false);
    expect(withoutLimit.searchParams.get('alarmName')).toBe('plain');
  });

  it('throws a ResponseError when the alarm is not watched (400)', async () => {
    server.use(
      http.get(`${baseUrl}/entities/:kind/:namespace/:name/alarm-history`, () =>
        backstageError(
          'InputError',
          'Alarm other in us-east-1 is not watched by pipeline orders',
          400,
        ),
      ),
    );
    const error = await createClient()
      .getAlarmHistory(entity, {
        pipelineArn: 'arn:aws:codepipeline:eu-west-1:111122223333:orders',
        region: 'us-east-1',
        alarmName: 'other',
      })
      .catch(e => e);
    expect(error).toBeInstanceOf(ResponseError);
    expect(error.statusCode).toBe(400);
    expect(error.body.error).toEqual({
      name: 'InputError',
      message: 'Alarm other in us-east-1 is not watched by pipeline orders',
    });
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
