import { resolveSpecTemplate } from './resolveSpecTemplate';

describe('resolveSpecTemplate', () => {
  const template = {
    apiVersion: 'dpra/v1',
    kind: 'AppPipeline',
    metadata: {
      name: '${{ parameters.name }}',
      description: '${{ parameters.description }}',
    },
    spec: {
      production: '${{parameters.production}}',
      build: { checks: '${{ parameters.checks }}' },
    },
  };

  it('GIVEN form values THEN whole-value references take them as they are, missing ones are left out', () => {
    const production = {
      waves: [{ regions: ['us-east-1'] }, { regions: ['us-east-1'] }],
    };
    const { spec, unresolved } = resolveSpecTemplate(template, {
      name: 'orders',
      production,
      checks: { sast: false },
    });
    expect(unresolved).toEqual([]);
    expect(spec).toEqual({
      apiVersion: 'dpra/v1',
      kind: 'AppPipeline',
      metadata: { name: 'orders' },
      spec: { production, build: { checks: { sast: false } } },
    });
  });

  it('GIVEN an expression that is more than a reference THEN it is reported, not guessed', () => {
    const { spec, unresolved } = resolveSpecTemplate(
      { metadata: { name: '${{ parameters.name }}-svc' } },
      { name: 'orders' },
    );
    expect(spec).toEqual({ metadata: {} });
    expect(unresolved).toEqual(['${{ parameters.name }}-svc']);
  });
});
