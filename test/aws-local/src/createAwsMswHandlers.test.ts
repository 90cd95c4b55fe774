import { ALARM } from '@dpra/pipeline-contract';
import {
  CloudWatchClient,
  DescribeAlarmsCommand,
} from '@aws-sdk/client-cloudwatch';
import {
  CodePipelineClient,
  ListPipelinesCommand,
} from '@aws-sdk/client-codepipeline';
import {
  LOCAL_TEST_CREDENTIALS as credentials,
  withExampleScenarioServer,
} from './testing/withExampleScenarioServer';

const aws = withExampleScenarioServer({
  now: () => new Date('2026-11-23T15:00:00Z'),
  baseUrls: ['http://aws.test'],
  latencyMs: 50,
});

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
    expect(east.pipelines?.map(p => p.name)).toEqual(
      aws.scenario
        .pipelines()
        .filter(p => p.region === 'us-east-1')
        .map(p => p.name),
    );
    expect(east.pipelines?.map(p => p.name)).toContain('orders-service');
    expect(west.pipelines?.map(p => p.name)).toEqual(['payments-service']);
    const alarms = await new CloudWatchClient({
      region: 'ap-northeast-1',
      endpoint,
      credentials,
      maxAttempts: 1,
    }).send(new DescribeAlarmsCommand({ AlarmTypes: ['CompositeAlarm'] }));
    // Only the orders service deploys to ap-northeast-1 (its third production wave).
    expect(alarms.CompositeAlarms?.map(a => a.AlarmName)).toEqual([
      ALARM.entryBlockers('orders-service', 'prod', 'ap-northeast-1'),
      ALARM.highSeverity('orders-service', 'prod', 'ap-northeast-1'),
      ALARM.oneBoxHighSeverity('orders-service', 'prod', 'ap-northeast-1'),
    ]);
    expect(aws.scenario.calls().map(c => `${c.service}:${c.region}`)).toEqual(
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
