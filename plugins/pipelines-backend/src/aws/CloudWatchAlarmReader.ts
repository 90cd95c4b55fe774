import {
  AlarmHistoryItem,
  DescribeAlarmHistoryCommand,
  DescribeAlarmsCommand,
} from '@aws-sdk/client-cloudwatch';
import type { AlarmView } from '@dpra/plugin-pipelines-common';
import type { AwsClientFactory } from './AwsClientFactory';
import type { AwsTarget } from './AwsTarget';

/** Reads CloudWatch alarms (metric and composite) and their history. */
export interface CloudWatchAlarmReader {
  /**
   * The named alarms of one region. Names that do not exist come back with state `UNKNOWN`, so
   * the page can say that a condition watches an alarm that is missing.
   */
  describeAlarms(target: AwsTarget, alarmNames: string[]): Promise<AlarmView[]>;
  /** State changes of one alarm, newest first. */
  describeAlarmHistory(
    target: AwsTarget,
    alarmName: string,
    options?: { maxRecords?: number },
  ): Promise<AlarmHistoryItem[]>;
}

/** DescribeAlarms accepts at most 100 names per call. */
const NAMES_PER_CALL = 100;

const toState = (value: string | undefined): AlarmView['state'] =>
  value === 'OK' || value === 'ALARM' || value === 'INSUFFICIENT_DATA'
    ? value
    : 'UNKNOWN';

/** {@link CloudWatchAlarmReader} over the AWS SDK v3 CloudWatch client. */
export class SdkCloudWatchAlarmReader implements CloudWatchAlarmReader {
  constructor(private readonly clients: AwsClientFactory) {}

  async describeAlarms(target: AwsTarget, alarmNames: string[]) {
    const client = this.clients.cloudWatch(target);
    const unique = [...new Set(alarmNames)];
    const found = new Map<string, AlarmView>();
    for (let i = 0; i < unique.length; i += NAMES_PER_CALL) {
      const names = unique.slice(i, i + NAMES_PER_CALL);
      let nextToken: string | undefined;
      do {
        const pageToken = nextToken;
        const out = await client.send(
          new DescribeAlarmsCommand({
            AlarmNames: names,
            AlarmTypes: ['MetricAlarm', 'CompositeAlarm'],
            NextToken: pageToken,
          }),
        );
        for (const a of out.MetricAlarms ?? []) {
          if (a.AlarmName) {
            found.set(a.AlarmName, {
              name: a.AlarmName,
              arn: a.AlarmArn,
              type: 'metric',
              state: toState(a.StateValue),
              stateReason: a.StateReason,
              stateUpdatedAt: a.StateUpdatedTimestamp?.toISOString(),
              region: target.region,
            });
          }
        }
        for (const a of out.CompositeAlarms ?? []) {
          if (a.AlarmName) {
            found.set(a.AlarmName, {
              name: a.AlarmName,
              arn: a.AlarmArn,
              type: 'composite',
              state: toState(a.StateValue),
              stateReason: a.StateReason,
              stateUpdatedAt: a.StateUpdatedTimestamp?.toISOString(),
              region: target.region,
              alarmRule: a.AlarmRule,
            });
          }
        }
        nextToken = out.NextToken;
      } while (nextToken);
    }
    return unique.map(
      name =>
        found.get(name) ?? {
          name,
          type: 'metric' as const,
          state: 'UNKNOWN' as const,
          stateReason: 'Alarm not found in CloudWatch',
          region: target.region,
        },
    );
  }

  async describeAlarmHistory(
    target: AwsTarget,
    alarmName: string,
    options?: { maxRecords?: number },
  ) {
    const client = this.clients.cloudWatch(target);
    const out = await client.send(
      new DescribeAlarmHistoryCommand({
        AlarmName: alarmName,
        AlarmTypes: ['MetricAlarm', 'CompositeAlarm'],
        HistoryItemType: 'StateUpdate',
        ScanBy: 'TimestampDescending',
        MaxRecords: options?.maxRecords ?? 20,
      }),
    );
    return out.AlarmHistoryItems ?? [];
  }
}
