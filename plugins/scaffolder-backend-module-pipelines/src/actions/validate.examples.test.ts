import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import yaml from 'yaml';
import { createValidatePipelineAction } from './validate';
import { examples } from './validate.examples';

describe('dpra:pipeline:validate examples', () => {
  const action = createValidatePipelineAction();

  it('example 1 (fail fast) accepts its valid spec', async () => {
    const ctx = createMockActionContext({
      input: yaml.parse(examples[0].example).steps[0].input,
    });
    await action.handler(ctx);
    expect(ctx.output).toHaveBeenCalledWith('valid', true);
  });

  it('example 2 (report only) reports the account and region issues without failing', async () => {
    const ctx = createMockActionContext({
      input: yaml.parse(examples[1].example).steps[0].input,
    });
    await action.handler(ctx);
    expect(ctx.output).toHaveBeenCalledWith('valid', false);
    const issues = (ctx.output as jest.Mock).mock.calls.find(
      ([name]) => name === 'issues',
    )![1] as Array<{ path: string }>;
    expect(issues.map(i => i.path)).toEqual(
      expect.arrayContaining(['spec.toolchain.account', 'spec.toolchain.region']),
    );
  });
});
