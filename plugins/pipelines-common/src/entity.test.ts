import { hasPipelineAnnotations } from './entity';

const entity = (annotations: Record<string, string>) => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name: 'orders-service', annotations },
});

describe('hasPipelineAnnotations', () => {
  it.each([
    ['dpra.io/pipelines', 'arn:aws:codepipeline:us-east-1:111111111111:p'],
    ['dpra.io/pipeline-tags', 'team=orders'],
    ['aws.amazon.com/aws-codepipeline-arn', 'arn:aws:codepipeline:us-east-1:111111111111:p'],
    ['aws.amazon.com/aws-codepipeline-tags', 'team=orders'],
  ])('is true for %s', (key, value) => {
    expect(hasPipelineAnnotations(entity({ [key]: value }))).toBe(true);
  });

  it('is false without annotations, or with blank ones', () => {
    expect(hasPipelineAnnotations(entity({}))).toBe(false);
    expect(hasPipelineAnnotations(entity({ 'dpra.io/pipelines': '  ' }))).toBe(false);
    expect(hasPipelineAnnotations(entity({ 'backstage.io/techdocs-ref': 'dir:.' }))).toBe(false);
  });
});
