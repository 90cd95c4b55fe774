import { ConfigReader } from '@backstage/config';
import { readPipelinesConfig } from './config';

describe('readPipelinesConfig', () => {
  it('applies the documented defaults', () => {
    const config = readPipelinesConfig(
      new ConfigReader({
        pipelines: {
          aws: {
            targets: [{ accountId: '111111111111', regions: ['us-east-1'] }],
          },
        },
      }),
    );
    expect(config).toEqual({
      aws: {
        endpoint: undefined,
        local: false,
        targets: [{ accountId: '111111111111', regions: ['us-east-1'] }],
        allowedRoleArns: [],
        maxAttempts: 4,
        requestTimeoutMs: 10000,
        connectionTimeoutMs: 5000,
      },
      refresh: {
        intervalSeconds: 60,
        hotIntervalSeconds: 10,
        hotForSeconds: 300,
        concurrencyPerTarget: 4,
        staleAfterSeconds: 300,
        executionsPerRefresh: 25,
        tickSeconds: 5,
        findingsIntervalSeconds: 300,
        deadlineSeconds: 45,
      },
      approvals: { deadlineSeconds: 20 },
      events: { topic: undefined },
    });
  });

  it('accepts numeric account ids from YAML and refuses malformed targets', () => {
    expect(
      readPipelinesConfig(
        new ConfigReader({
          pipelines: {
            aws: {
              targets: [{ accountId: 111111111111, regions: ['eu-west-1'] }],
            },
          },
        }),
      ).aws.targets[0].accountId,
    ).toBe('111111111111');
    expect(() =>
      readPipelinesConfig(
        new ConfigReader({
          pipelines: {
            aws: { targets: [{ accountId: '1234', regions: ['eu-west-1'] }] },
          },
        }),
      ),
    ).toThrow(
      'pipelines.aws.targets[0].accountId: "1234" is not a 12-digit AWS account id',
    );
    expect(() =>
      readPipelinesConfig(
        new ConfigReader({ pipelines: { refresh: { intervalSeconds: 0 } } }),
      ),
    ).toThrow('pipelines.refresh.intervalSeconds: must be a positive number');
  });

  it('names the migration when the retired SQS listener is configured', () => {
    expect(() =>
      readPipelinesConfig(
        new ConfigReader({
          pipelines: {
            events: {
              sqsQueueUrl:
                'https://sqs.us-east-1.amazonaws.com/111111111111/dpra-pipeline-events',
            },
          },
        }),
      ),
    ).toThrow(
      /pipelines\.events\.sqsQueueUrl: .*plugin-events-backend-module-aws-sqs.*pipelines\.events\.topic/,
    );
  });
});
