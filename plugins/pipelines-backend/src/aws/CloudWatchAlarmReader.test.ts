import { setupServer } from 'msw/node';
import { SdkCloudWatchAlarmReader } from './CloudWatchAlarmReader';
import { describeAwsError } from './describeAwsError';
import { ACCOUNT, describeAlarms } from '../testing/fixtures';
import { CLOUDWATCH_HOSTS, awsJsonHandler } from '../testing/awsJsonMsw';
import { createTestAwsClients } from '../testing/awsClients';

const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

function makeReader() {
  return new SdkCloudWatchAlarmReader(
    createTestAwsClients({ accountId: ACCOUNT, regions: ['eu-west-1'] }),
  );
}

const target = { accountId: ACCOUNT, region: 'eu-west-1' };
const composite = 'orders-service-prod-eu-west-1-high-severity';
const metric = 'orders-service-prod-eu-west-1-fault-rate';

describe('SdkCloudWatchAlarmReader', () => {
  it('reads metric and composite alarms, and reports missing ones as UNKNOWN', async () => {
    const calls: Array<{ operation: string; input: any; host: string }> = [];
    server.use(
      awsJsonHandler(
        CLOUDWATCH_HOSTS,
        'GraniteServiceVersion20100801',
        {
          DescribeAlarms: input => ({ body: describeAlarms(input.AlarmNames) }),
        },
        calls,
      ),
    );
    const alarms = await makeReader().describeAlarms(target, [
      composite,
      metric,
      'missing-alarm',
      composite,
    ]);
    expect(alarms).toEqual([
      {
        name: composite,
        arn: `arn:aws:cloudwatch:eu-west-1:${ACCOUNT}:alarm:${composite}`,
        type: 'composite',
        state: 'ALARM',
        stateReason: 'Alarm rule evaluated to ALARM',
        stateUpdatedAt: '2026-11-23T09:30:00.000Z',
        region: 'eu-west-1',
        alarmRule: `ALARM("orders-service-prod-eu-west-1-fault-rate") OR ALARM("orders-service-prod-eu-west-1-latency-p99")`,
      },
      expect.objectContaining({ name: metric, type: 'metric', state: 'OK' }),
      {
        name: 'missing-alarm',
        type: 'metric',
        state: 'UNKNOWN',
        stateReason: 'Alarm not found in CloudWatch',
        region: 'eu-west-1',
      },
    ]);
    expect(calls).toHaveLength(1);
    expect(calls[0].host).toBe('monitoring.eu-west-1.amazonaws.com');
    expect(calls[0].input).toEqual({
      AlarmNames: [composite, metric, 'missing-alarm'],
      AlarmTypes: ['MetricAlarm', 'CompositeAlarm'],
    });
  });

  it('reads the state history of an alarm, newest first, after a given time', async () => {
    const inputs: any[] = [];
    server.use(
      awsJsonHandler(CLOUDWATCH_HOSTS, 'GraniteServiceVersion20100801', {
        DescribeAlarmHistory: input => {
          inputs.push(input);
          return {
            body: {
              AlarmHistoryItems: [
                {
                  AlarmName: input.AlarmName,
                  AlarmType: 'CompositeAlarm',
                  Timestamp: Date.parse('2026-11-23T09:30:00Z') / 1000,
                  HistoryItemType: 'StateUpdate',
                  HistorySummary: 'Alarm updated from OK to ALARM',
                  HistoryData:
                    '{"version":"1.0","oldState":{"stateValue":"OK","stateReason":"fine"},"newState":{"stateValue":"ALARM","stateReason":"ALARM(orders-prod-us-east-1-latency) was true"}}',
                },
                {
                  AlarmName: input.AlarmName,
                  AlarmType: 'CompositeAlarm',
                  Timestamp: Date.parse('2026-11-23T08:00:00Z') / 1000,
                  HistoryItemType: 'StateUpdate',
                  HistorySummary: 'Alarm updated from INSUFFICIENT_DATA to OK',
                  HistoryData: 'not json',
                },
              ],
            },
          };
        },
      }),
    );
    const history = await makeReader().describeAlarmHistory(target, composite, {
      after: new Date('2026-11-23T07:00:00.000Z'),
      maxRecords: 500,
    });
    expect(inputs[0]).toEqual({
      AlarmName: composite,
      AlarmTypes: ['MetricAlarm', 'CompositeAlarm'],
      HistoryItemType: 'StateUpdate',
      ScanBy: 'TimestampDescending',
      MaxRecords: 100,
      StartDate: Date.parse('2026-11-23T07:00:00.001Z') / 1000,
    });
    expect(history).toEqual([
      {
        timestamp: '2026-11-23T09:30:00.000Z',
        oldState: 'OK',
        newState: 'ALARM',
        summary: 'Alarm updated from OK to ALARM',
        reason: 'ALARM(orders-prod-us-east-1-latency) was true',
      },
      {
        timestamp: '2026-11-23T08:00:00.000Z',
        oldState: 'UNKNOWN',
        newState: 'UNKNOWN',
        summary: 'Alarm updated from INSUFFICIENT_DATA to OK',
        reason: undefined,
      },
    ]);
  });

  it('surfaces throttling as a throttling error', async () => {
    server.use(
      awsJsonHandler(CLOUDWATCH_HOSTS, 'GraniteServiceVersion20100801', {
        DescribeAlarms: () => ({
          error: { type: 'Throttling', message: 'Rate exceeded', status: 400 },
        }),
      }),
    );
    const error = await makeReader()
      .describeAlarms(target, [composite])
      .catch(e => e);
    expect(describeAwsError(error).kind).toBe('throttled');
  });
});
