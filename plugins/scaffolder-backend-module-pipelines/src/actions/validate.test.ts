import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import fs from 'node:fs';
import { createValidatePipelineAction } from './validate';
import { EXAMPLE_SPEC_BY_KIND, exampleSpecInput } from '@dpra/stacks/testing';

/** A valid spec of every kind: the canonical examples (examples/specs), fresh on every call. */
const SPECS_BY_KIND = Object.entries(EXAMPLE_SPEC_BY_KIND).map(
  ([kind, example]) => [kind, () => exampleSpecInput(example)] as const,
);
const appServiceSpec = () => exampleSpecInput('app-service');

describe('dpra:pipeline:validate', () => {
  const action = createValidatePipelineAction();

  it.each(SPECS_BY_KIND)(
    'GIVEN a valid %s spec THEN valid is true, there are no issues and nothing is written',
    async (_kind, makeSpec) => {
      const ctx = createMockActionContext({ input: { spec: makeSpec() } });
      await action.handler(ctx);
      expect(ctx.output).toHaveBeenCalledWith('valid', true);
      expect(ctx.output).toHaveBeenCalledWith('issues', []);
      expect(fs.existsSync(ctx.workspacePath)).toBe(false);
    },
  );

  it('GIVEN an invalid spec THEN the step fails and names every offending field', async () => {
    const spec = appServiceSpec();
    spec.spec.toolchain.account = '1234';
    spec.spec.production.waves[1].regions = ['us-east-9'];
    const ctx = createMockActionContext({ input: { spec } });

    const failure = action.handler(ctx);

    await expect(failure).rejects.toMatchObject({ name: 'InputError' });
    await expect(failure).rejects.toThrow(/^The pipeline spec has 2 problems:\n/);
    await expect(failure).rejects.toThrow(
      /\n- Toolchain account: "1234" is not an AWS account id/,
    );
    await expect(failure).rejects.toThrow(
      /\n- Production wave 2, region 1: "us-east-9" is not an AWS region/,
    );
    // No stack: the task log shows the message only.
    await expect(failure).rejects.toMatchObject({
      stack: expect.not.stringMatching(/\n\s+at /),
    });
  });

  it('GIVEN failOnInvalid false THEN the issues are outputs and the step succeeds', async () => {
    const spec = appServiceSpec();
    delete spec.spec.environments.gamma;
    const ctx = createMockActionContext({ input: { spec, failOnInvalid: false } });

    await action.handler(ctx);

    expect(ctx.output).toHaveBeenCalledWith('valid', false);
    expect(ctx.output).toHaveBeenCalledWith('issues', [
      {
        path: 'spec.environments.gamma',
        message: 'is required',
        text: 'Environments gamma: is required',
      },
    ]);
  });

  it('GIVEN something that is not a mapping THEN it says so', async () => {
    const ctx = createMockActionContext({
      input: { spec: 'kind: AppPipeline' as any, failOnInvalid: false },
    });
    await action.handler(ctx);
    expect(ctx.output).toHaveBeenCalledWith('valid', false);
    expect(ctx.output).toHaveBeenCalledWith('issues', [
      expect.objectContaining({ message: expect.stringContaining('must be a mapping') }),
    ]);
  });
});
