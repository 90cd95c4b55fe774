import {
  CloudWatchClient,
  DescribeAlarmsCommand,
} from '@aws-sdk/client-cloudwatch';
import {
  CodePipelineClient,
  ListPipelinesCommand,
} from '@aws-sdk/client-codepipeline';
import { setupServer } from 'msw/node';
import { createAwsMswHandlers } from './createAwsMswHandlers';
import { createDpraScenario } from './scenario/createDpraScenario';

const scenario = createDpraScenario({
  now: () => new Date('2026-11-23T15:00:00Z'),
});
const server = setupServer(
  ...createAwsMswHandlers(scenario, {
    baseUrls: ['http://aws.test'],
    latencyMs: 50,
  }),
);
const credentials = {
  accessKeyId: 'AKIDLOCALTEST',
  secretAccessKey: 'local-secret',
};

beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterAll(() => server.close());

describe('createAwsMswHandlers', () => {
  it('intercepts an endpoint override and tells regions apart by the SigV4 scope', async () => {
    const endpoint = 'http://aws.test';
    const [east, west] = await Promise.all(
      ['us-east-1', 'eu-west-1'].map(region =>
        new CodePipelineClient({
          region,
          endpoint,
          credentials,
          maxAttempts: 1,
        }).send(new ListPipelinesCommand({})),
      ),
    );
    expect(east.pipelines?.map(p => p.name)).toEqual([
      'orders-service-pipeline',
      'orders-service-infra',
    ]);
    expect(west.pipelines?.map(p => p.name)).toEqual([
      'payments-service-pipeline',
    ]);
    const alarms = await new CloudWatchClient({
      region: 'ap-northeast-1',
      endpoint,
      credentials,
      maxAttempts: 1,
    }).send(new DescribeAlarmsCommand({ AlarmTypes: ['CompositeAlarm'] }));
    expect(alarms.CompositeAlarms?.map(a => a.AlarmName)).toEqual([
      'orders-service-pipeline-prod-ap-northeast-1-high-severity',
      'orders-service-pipeline-prod-ap-northeast-1-onebox-high-severity',
    ]);
    expect(scenario.calls().map(c => `${c.service}:${c.region}`)).toEqual(
      expect.arrayContaining([
        'codepipeline:us-east-1',
        'codepipeline:eu-west-1',
        'cloudwatch:ap-northeast-1',
      ]),
    );
  });

  it('adds the configured latency', async () => {
    const client = new CodePipelineClient({
      region: 'us-east-1',
      credentials,
      maxAttempts: 1,
    });
    await client.send(new ListPipelinesCommand({}));
    const started = Date.now();
    await client.send(new ListPipelinesCommand({}));
    expect(Date.now() - started).toBeGreaterThanOrEqual(45);
  });
});
