import { AwsTargetPolicy } from '../aws/AwsTarget';
import { parsePipelineReferences } from './parsePipelineReferences';

const policy = new AwsTargetPolicy({
  targets: [{ accountId: '111111111111', regions: ['us-east-1', 'eu-west-1'] }],
  allowedRoleArns: ['arn:aws:iam::111111111111:role/pipelines-reader'],
});
const entity = (annotations: Record<string, string>) => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name: 'orders', annotations },
});

describe('parsePipelineReferences', () => {
  it('reads ARNs and account/region/name, ours and AWS plugin annotations', () => {
    const parsed = parsePipelineReferences(
      entity({
        'dpra.io/pipelines':
          'arn:aws:codepipeline:us-east-1:111111111111:orders, 111111111111/eu-west-1/orders-eu',
        'aws.amazon.com/aws-codepipeline-arn':
          'arn:aws:codepipeline:eu-west-1:111111111111:legacy',
      }),
      policy,
    );
    expect(parsed.explicit.map(p => [p.arn, p.name, p.region])).toEqual([
      [
        'arn:aws:codepipeline:us-east-1:111111111111:orders',
        'orders',
        'us-east-1',
      ],
      [
        'arn:aws:codepipeline:eu-west-1:111111111111:orders-eu',
        'orders-eu',
        'eu-west-1',
      ],
      [
        'arn:aws:codepipeline:eu-west-1:111111111111:legacy',
        'legacy',
        'eu-west-1',
      ],
    ]);
    expect(parsed.problems).toEqual([]);
  });

  it('refuses accounts, regions and roles that config does not allow, and malformed items', () => {
    const parsed = parsePipelineReferences(
      entity({
        'dpra.io/pipelines':
          '222222222222/us-east-1/x\n111111111111/ap-south-1/y\nnot a pipeline',
        'dpra.io/aws-role-arn': 'arn:aws:iam::111111111111:role/admin',
      }),
      policy,
    );
    expect(parsed.explicit).toEqual([]);
    expect(parsed.problems.map(p => p.message)).toEqual([
      'Refused: account 222222222222 is not in pipelines.aws.targets',
      'Refused: region ap-south-1 of account 111111111111 is not in pipelines.aws.targets',
      expect.stringContaining('Not a CodePipeline ARN'),
    ]);
  });

  it('passes an allow-listed role and tag lookups on', () => {
    const parsed = parsePipelineReferences(
      entity({
        'dpra.io/pipelines': '111111111111/us-east-1/orders',
        'dpra.io/aws-role-arn':
          'arn:aws:iam::111111111111:role/pipelines-reader',
        'dpra.io/pipeline-tags': 'team=orders, env=prod',
        'aws.amazon.com/aws-codepipeline-tags': 'broken',
      }),
      policy,
    );
    expect(parsed.explicit[0].roleArn).toBe(
      'arn:aws:iam::111111111111:role/pipelines-reader',
    );
    expect(parsed.tagQueries).toEqual([
      {
        reference: 'team=orders, env=prod',
        tags: { team: 'orders', env: 'prod' },
      },
    ]);
    expect(parsed.problems).toEqual([
      {
        reference: 'broken',
        message:
          'aws.amazon.com/aws-codepipeline-tags must be key=value pairs separated by commas',
      },
    ]);
    expect(parsed.hash).toMatch(/^[0-9a-f]{64}$/);
  });
});
