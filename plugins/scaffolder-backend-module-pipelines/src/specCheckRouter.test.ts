import { minimalSpec } from '@dpra/stacks';
import request from 'supertest';
import { startScaffolderTestBackend } from './testing/scaffolderBackend';
import { PIPELINE_SPEC_CHECK_PATH } from '@dpra/plugin-pipelines-common';

describe('the spec check route', () => {
  let server: Awaited<ReturnType<typeof startScaffolderTestBackend>>['server'];

  beforeAll(async () => {
    ({ server } = await startScaffolderTestBackend());
  });

  const check = (body: unknown) =>
    request(server)
      .post(`/api/scaffolder${PIPELINE_SPEC_CHECK_PATH}`)
      .send(body as object);

  it('GIVEN a valid spec THEN it is valid with no issues', async () => {
    const response = await check({ spec: minimalSpec('AppPipeline') });
    expect(response.status).toBe(200);
    expect(response.body).toEqual({ valid: true, issues: [] });
  });

  it('GIVEN cross-field and single-field problems THEN every one is listed at once, in words numbered from 1', async () => {
    const spec = minimalSpec('AppPipeline') as any;
    spec.spec.toolchain.account = '1234';
    spec.spec.production.waves = [
      { regions: ['us-east-1'] },
      { regions: ['us-west-2', 'us-east-1'] },
    ];
    spec.spec.environments.beta.account = spec.spec.production.account;
    const response = await check({ spec });
    expect(response.status).toBe(200);
    expect(response.body.valid).toBe(false);
    expect(response.body.issues).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          path: 'spec.toolchain.account',
          text: 'Toolchain account: "1234" is not an AWS account id (12 digits)',
        }),
      ]),
    );
    // Cross-field checks run after the schema passes, so a second request with only those.
    spec.spec.toolchain.account = '111111111111';
    spec.spec.environments.beta.account = '111111111111';
    const crossField = await check({ spec });
    expect(crossField.body.issues.map((i: any) => i.text)).toEqual([
      'Environments beta account: must differ from the toolchain account 111111111111 (DPRA: each environment in its own account)',
      'Production wave 2, region 2: deploys to us-east-1, which wave 1 already deploys to',
    ]);
  });

  it('GIVEN no spec THEN it says a spec must be a mapping', async () => {
    const response = await check({});
    expect(response.body).toEqual({
      valid: false,
      issues: [
        expect.objectContaining({
          path: '',
          text: 'The spec: a pipeline spec must be a mapping, got nothing',
        }),
      ],
    });
  });
});
