import { waiverTagKey } from '@dpra/pipeline-contract';
import { exampleSpec, synthJson } from '@dpra/stacks/testing';
import { declarationsFromTerraform } from './fromTerraform';
import { TerraformStack } from './terraformJson';

describe('TerraformStack.resolve', () => {
  const stack = new TerraformStack('escapes', {
    provider: {
      aws: [{ region: 'eu-west-1', allowed_account_ids: ['111111111111'] }],
    },
  });

  it('un-escapes literal text as Terraform does ($${ to ${, %%{ to %{) and still resolves references', () => {
    expect(
      stack.resolve(
        'keep $${HOME} and %%{if x} in ${data.aws_region.current.name}',
        {},
      ),
    ).toBe('keep ${HOME} and %{if x} in eu-west-1');
  });

  it('never reads an escaped $${…} as a reference', () => {
    expect(stack.resolve('$${aws_iam_role.missing.arn}', {})).toBe(
      '${aws_iam_role.missing.arn}',
    );
  });
});

describe('a waiver reason read back from synthesized Terraform', () => {
  it('is the reason the spec holds, with its ${ and %{ intact', async () => {
    const REASON = 'Runs as ${NIGHTLY_JOB} with %{ if ok } guards (SEC-142)';
    const spec = exampleSpec('app-service') as any;
    spec.spec.build.checks.sast = false;
    spec.spec.waivers = [{ check: 'build.checks.sast', reason: REASON }];
    const { pipelines } = declarationsFromTerraform(await synthJson(spec));
    expect(pipelines[0].tags).toContainEqual({
      key: waiverTagKey('build.checks.sast'),
      value: REASON,
    });
  }, 120_000);
});
