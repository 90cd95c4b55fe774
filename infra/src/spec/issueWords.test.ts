import { describeSpecIssue, describeSpecPath } from './issueWords';
import { validateSpec } from './validate';
import { minimalSpec } from './minimalSpecs';

describe('describeSpecPath', () => {
  it.each([
    ['spec.production.waves[1].regions[0]', 'Production wave 2, region 1'],
    ['spec.production.waves[0].bake', 'Production wave 1, bake'],
    ['spec.toolchain.account', 'Toolchain account'],
    ['metadata.name', 'Name'],
    [
      'spec.environments.gamma.tests.integration',
      'Environments gamma tests integration',
    ],
    [
      'spec.organization.organizationalUnits[2].parent',
      'Organization OU 3, parent',
    ],
    [
      'spec.organization.policies[0].targets[1]',
      'Organization policy 1, target 2',
    ],
    ['spec.build.checks.sast', 'Build checks SAST'],
    ['kind', 'Kind'],
    ['', 'The spec'],
  ])('%p reads %p', (path, expected) => {
    expect(describeSpecPath(path)).toBe(expected);
  });
});

describe('describeSpecIssue', () => {
  it('GIVEN a region in two production waves THEN the sentence numbers both waves from 1', () => {
    const spec = minimalSpec('AppPipeline') as any;
    spec.spec.production.waves = [
      { regions: ['us-east-1'] },
      { regions: ['us-east-1'] },
    ];
    const result = validateSpec(spec);
    expect(result.ok).toBe(false);
    const sentences = result.ok ? [] : result.issues.map(describeSpecIssue);
    expect(sentences).toContain(
      'Production wave 2, region 1: deploys to us-east-1, which wave 1 already deploys to',
    );
  });
});
