import { expectResponseMatchesSpec, openApiSpec } from '../testing/openApiSpec';

describe('openapi.yaml', () => {
  it('describes every route of the router', () => {
    const routes = Object.entries(openApiSpec.paths).flatMap(([path, ops]) =>
      Object.keys(ops as object).map(
        method => `${method.toUpperCase()} ${path}`,
      ),
    );
    expect(routes.sort()).toEqual([
      'GET /approvals/pending',
      'GET /entities/{kind}/{namespace}/{name}/alarm-history',
      'GET /entities/{kind}/{namespace}/{name}/executions',
      'GET /entities/{kind}/{namespace}/{name}/findings',
      'GET /entities/{kind}/{namespace}/{name}/metrics',
      'GET /entities/{kind}/{namespace}/{name}/pipelines',
      'GET /status',
      'POST /entities/{kind}/{namespace}/{name}/approvals',
      'POST /entities/{kind}/{namespace}/{name}/controls/{control}',
      'POST /entities/{kind}/{namespace}/{name}/refresh',
    ]);
  });

  it('rejects responses that do not match (so the plugin tests can trust it)', () => {
    const url = '/api/pipelines/entities/component/default/x/pipelines';
    expect(() =>
      expectResponseMatchesSpec('get', url, {
        status: 200,
        body: {
          entityRef: 'component:default/x',
          pipelines: [],
          problems: [],
          source: { kind: 'cloud', label: 'x' },
          canDecideApprovals: true,
        },
      }),
    ).toThrow(/does not match openapi.yaml/);
    expect(() =>
      expectResponseMatchesSpec('get', url, {
        status: 404,
        body: {
          error: { name: 'NotFoundError', message: 'No entity' },
          response: { statusCode: 404 },
        },
      }),
    ).not.toThrow();
    expect(() =>
      expectResponseMatchesSpec('get', '/api/pipelines/nope', {
        status: 200,
        body: {},
      }),
    ).toThrow(/not described/);
  });
});
