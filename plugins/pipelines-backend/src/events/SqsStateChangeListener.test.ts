import { TestDatabases, mockServices } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { createHash } from 'node:crypto';
import { setupServer } from 'msw/node';
import { createAwsClientFactory } from '../aws/AwsClientFactory';
import { AwsTargetPolicy } from '../aws/AwsTarget';
import { createPipelineStores } from '../store';
import { awsJsonHandler } from '../testing/awsJsonMsw';
import { parseStateChangeEvent } from './parseStateChangeEvent';
import { queueTarget } from './queueTarget';
import { SqsStateChangeListener } from './SqsStateChangeListener';

jest.setTimeout(60_000);

const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

const ACCOUNT = '111111111111';
const QUEUE = `https://sqs.us-east-1.amazonaws.com/${ACCOUNT}/dpra-pipeline-events`;
const ORDERS = `arn:aws:codepipeline:us-east-1:${ACCOUNT}:orders-service`;
const PAYMENTS = `arn:aws:codepipeline:eu-west-1:${ACCOUNT}:payments-service`;
const policy = new AwsTargetPolicy({
  targets: [{ accountId: ACCOUNT, regions: ['us-east-1', 'eu-west-1'] }],
  allowedRoleArns: [],
});

/** EventBridge events as AWS documents them for CodePipeline and CloudWatch. */
const pipelineExecutionEvent = {
  version: '0',
  id: '01234567-0123-0123-0123-012345678901',
  'detail-type': 'CodePipeline Pipeline Execution State Change',
  source: 'aws.codepipeline',
  account: ACCOUNT,
  time: '2026-11-23T10:00:00Z',
  region: 'us-east-1',
  resources: [ORDERS],
  detail: {
    pipeline: 'orders-service',
    'execution-id': 'exec-0003',
    state: 'STARTED',
    version: 3,
  },
};
const stageEventInSns = {
  Type: 'Notification',
  MessageId: 'sns-1',
  TopicArn: `arn:aws:sns:us-east-1:${ACCOUNT}:pipeline-events`,
  Message: JSON.stringify({
    ...pipelineExecutionEvent,
    'detail-type': 'CodePipeline Stage Execution State Change',
    resources: [],
    detail: {
      pipeline: 'orders-service',
      'execution-id': 'exec-0003',
      stage: 'Prod-Wave1',
      state: 'SUCCEEDED',
    },
  }),
};
const alarmEvent = {
  version: '0',
  id: 'c4c1c1c9-6542-e61b-6ef0-8c4d36933a92',
  'detail-type': 'CloudWatch Alarm State Change',
  source: 'aws.cloudwatch',
  account: ACCOUNT,
  time: '2026-11-23T10:05:00Z',
  region: 'eu-west-1',
  resources: [
    `arn:aws:cloudwatch:eu-west-1:${ACCOUNT}:alarm:payments-prod-eu-west-1-high-severity`,
  ],
  detail: {
    alarmName: 'payments-prod-eu-west-1-high-severity',
    state: {
      value: 'ALARM',
      reason: 'Alarm rule evaluated to ALARM',
      timestamp: '2026-11-23T10:05:00.000+0000',
    },
    previousState: { value: 'OK' },
  },
};
const untracked = {
  ...pipelineExecutionEvent,
  resources: [`arn:aws:codepipeline:us-east-1:${ACCOUNT}:someone-else`],
};

const sqsMessage = (body: string, i: number) => ({
  MessageId: `m-${i}`,
  ReceiptHandle: `handle-${i}`,
  MD5OfBody: createHash('md5').update(body).digest('hex'),
  Body: body,
});

describe('parseStateChangeEvent', () => {
  it('reads pipeline and alarm events, raw and wrapped in SNS', () => {
    expect(
      parseStateChangeEvent(JSON.stringify(pipelineExecutionEvent)),
    ).toEqual({ kind: 'pipeline', pipelineArn: ORDERS });
    expect(parseStateChangeEvent(JSON.stringify(stageEventInSns))).toEqual({
      kind: 'pipeline',
      pipelineArn: ORDERS,
    });
    expect(parseStateChangeEvent(JSON.stringify(alarmEvent))).toEqual({
      kind: 'alarm',
      region: 'eu-west-1',
      alarmName: 'payments-prod-eu-west-1-high-severity',
    });
    expect(parseStateChangeEvent('not json')).toBeUndefined();
    expect(
      parseStateChangeEvent(JSON.stringify({ source: 'aws.ec2', detail: {} })),
    ).toBeUndefined();
  });
});

describe('queueTarget', () => {
  it('takes account and region from the queue URL and checks them against config', () => {
    expect(queueTarget(QUEUE, policy)).toEqual({
      accountId: ACCOUNT,
      region: 'us-east-1',
    });
    expect(
      queueTarget(`http://127.0.0.1:4599/${ACCOUNT}/q`, policy, 'eu-west-1'),
    ).toEqual({ accountId: ACCOUNT, region: 'eu-west-1' });
    expect(queueTarget(`http://127.0.0.1:4599/${ACCOUNT}/q`, policy)).toEqual({
      accountId: ACCOUNT,
      region: 'us-east-1',
    });
    expect(() =>
      queueTarget(
        'https://sqs.ap-south-1.amazonaws.com/111111111111/q',
        policy,
      ),
    ).toThrow(
      'region ap-south-1 of account 111111111111 is not in pipelines.aws.targets',
    );
    expect(() =>
      queueTarget('https://sqs.us-east-1.amazonaws.com/q', policy),
    ).toThrow('no account id');
  });
});

describe('SqsStateChangeListener', () => {
  const databases = TestDatabases.create({ ids: ['SQLITE_3'] });

  it('makes the pipelines named by events due, refreshes them, and deletes the messages', async () => {
    const knex = await databases.init('SQLITE_3');
    const stores = await createPipelineStores({
      database: mockServices.database.mock({ getClient: async () => knex }),
    });
    const t0 = new Date('2026-11-23T10:00:00Z');
    const later = new Date(t0.getTime() + 3600_000);
    await stores.entities.saveEntityResolution(
      'component:default/shop',
      {
        referencesHash: 'h',
        pipelines: [
          {
            arn: ORDERS,
            accountId: ACCOUNT,
            region: 'us-east-1',
            name: 'orders-service',
            reference: ORDERS,
          },
          {
            arn: PAYMENTS,
            accountId: ACCOUNT,
            region: 'eu-west-1',
            name: 'payments-service',
            reference: PAYMENTS,
          },
        ],
        problems: [],
      },
      t0,
    );
    for (const state of await stores.refreshQueue.claimDuePipelines({
      now: t0,
      owner: 'x',
      leaseMs: 1000,
      limit: 10,
    })) {
      await stores.snapshotWriter.savePipelineSnapshot({
        location: state,
        stages: [],
        pendingApprovals: [],
        executions: [],
        alarms:
          state.arn === PAYMENTS
            ? [
                {
                  name: 'payments-prod-eu-west-1-high-severity',
                  type: 'composite',
                  state: 'OK',
                  region: 'eu-west-1',
                },
              ]
            : [],
        capturedAt: t0,
      });
      await stores.refreshQueue.recordRefreshSuccess(state.arn, {
        owner: 'x',
        now: t0,
        nextRefreshAt: later,
        inProgress: false,
        findingsRefreshed: false,
      });
    }
    expect(
      await stores.refreshQueue.claimDuePipelines({
        now: t0,
        owner: 'y',
        leaseMs: 1000,
        limit: 10,
      }),
    ).toEqual([]);

    const bodies = [
      pipelineExecutionEvent,
      stageEventInSns,
      alarmEvent,
      untracked,
    ].map(e => JSON.stringify(e));
    bodies.push('garbage');
    const calls: Array<{ operation: string; input: any; host: string }> = [];
    server.use(
      awsJsonHandler(
        /^sqs\.us-east-1\.amazonaws\.com$/,
        'AmazonSQS',
        {
          ReceiveMessage: () => ({
            body: { Messages: bodies.map(sqsMessage) },
          }),
          DeleteMessageBatch: input => ({
            body: {
              Successful: input.Entries.map((e: { Id: string }) => ({
                Id: e.Id,
              })),
              Failed: [],
            },
          }),
        },
        calls,
      ),
    );
    const clients = createAwsClientFactory({
      config: new ConfigReader({}),
      policy,
      maxAttempts: 1,
      requestTimeoutMs: 5000,
      credentialsManager: {
        getCredentialProvider: async () => ({
          sdkCredentialProvider: async () => ({
            accessKeyId: 'AKIDEXAMPLE',
            secretAccessKey: 'secret',
          }),
        }),
      },
    });
    const refreshed: string[][] = [];
    const listener = new SqsStateChangeListener({
      client: clients.sqs(queueTarget(QUEUE, policy)),
      queueUrl: QUEUE,
      refreshQueue: stores.refreshQueue,
      alarms: stores.alarms,
      logger: mockServices.logger.mock(),
      refresh: arns => refreshed.push(arns),
      waitTimeSeconds: 1,
      now: () => t0,
    });

    const result = await listener.pollOnce();
    expect(result.received).toBe(5);
    expect(result.pipelines.sort()).toEqual(
      [
        ORDERS,
        PAYMENTS,
        `arn:aws:codepipeline:us-east-1:${ACCOUNT}:someone-else`,
      ].sort(),
    );
    expect(refreshed).toHaveLength(1);
    // Tracked pipelines are due at once; the untracked one created nothing.
    const due = await stores.refreshQueue.claimDuePipelines({
      now: t0,
      owner: 'y',
      leaseMs: 1000,
      limit: 10,
    });
    expect(due.map(d => d.arn).sort()).toEqual([ORDERS, PAYMENTS].sort());

    expect(calls.map(c => c.operation)).toEqual([
      'ReceiveMessage',
      'DeleteMessageBatch',
    ]);
    expect(calls[0].input).toMatchObject({
      QueueUrl: QUEUE,
      MaxNumberOfMessages: 10,
      WaitTimeSeconds: 1,
    });
    expect(
      calls[1].input.Entries.map(
        (e: { ReceiptHandle: string }) => e.ReceiptHandle,
      ),
    ).toEqual(['handle-0', 'handle-1', 'handle-2', 'handle-3', 'handle-4']);
  });
});
