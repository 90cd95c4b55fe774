import { expectResponseMatchesSpec } from '../testing/openApiSpec';

describe('openapi.yaml', () => {
  // That it describes exactly the router's routes: service/router.test.ts, against the real router.
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
