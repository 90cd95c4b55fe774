import {
  AlarmHistoryItem as SdkAlarmHistoryItem,
  DescribeAlarmHistoryCommand,
  DescribeAlarmsCommand,
} from '@aws-sdk/client-cloudwatch';
import type {
  AlarmHistoryItem,
  AlarmView,
} from '@dpra/plugin-pipelines-common';
import type { AwsClientFactory } from './AwsClientFactory';
import type { AwsTarget } from './AwsTarget';

/** Reads CloudWatch alarms (metric and composite) and their history. */
export interface CloudWatchAlarmReader {
  /**
   * The named alarms of one region. Names that do not exist come back with state `UNKNOWN`, so
   * the page can say that a condition watches an alarm that is missing.
   */
  describeAlarms(target: AwsTarget, alarmNames: string[]): Promise<AlarmView[]>;
  /**
   * State changes of one alarm (metric or composite), newest first: at most `maxRecords`
   * (default 20, at most 100), only those after `after` when given.
   */
  describeAlarmHistory(
    target: AwsTarget,
    alarmName: string,
    options?: { maxRecords?: number; after?: Date },
  ): Promise<AlarmHistoryItem[]>;
}

/** DescribeAlarms accepts at most 100 names per call. */
const NAMES_PER_CALL = 100;

const toState = (value: string | undefined): AlarmView['state'] =>
  value === 'OK' || value === 'ALARM' || value === 'INSUFFICIENT_DATA'
    ? value
    : 'UNKNOWN';

/**
 * A `StateUpdate` history item as the API serves it. CloudWatch puts the states in `HistoryData`,
 * a JSON document (`{"oldState":{"stateValue":…},"newState":{"stateValue":…,"stateReason":…}}`);
 * when that is missing or unreadable the states are `UNKNOWN` and the summary still tells.
 */
export function toAlarmHistoryItem(
  item: SdkAlarmHistoryItem,
): AlarmHistoryItem | undefined {
  if (!item.Timestamp) {
    return undefined;
  }
  let data: any;
  try {
    data = item.HistoryData ? JSON.parse(item.HistoryData) : undefined;
  } catch {
    data = undefined;
  }
  const reason = data?.newState?.stateReason;
  return {
    timestamp: item.Timestamp.toISOString(),
    oldState: toState(data?.oldState?.stateValue),
    newState: toState(data?.newState?.stateValue),
    summary: item.HistorySummary ?? '',
    reason: typeof reason === 'string' ? reason : undefined,
  };
}

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
    options?: { maxRecords?: number; after?: Date },
  ) {
    const client = this.clients.cloudWatch(target);
    const out = await client.send(
      new DescribeAlarmHistoryCommand({
        AlarmName: alarmName,
        AlarmTypes: ['MetricAlarm', 'CompositeAlarm'],
        HistoryItemType: 'StateUpdate',
        ScanBy: 'TimestampDescending',
        MaxRecords: Math.min(Math.max(options?.maxRecords ?? 20, 1), 100),
        // StartDate is inclusive: a millisecond later leaves out the newest item already stored.
        StartDate: options?.after
          ? new Date(options.after.getTime() + 1)
          : undefined,
      }),
    );
    return (out.AlarmHistoryItems ?? [])
      .map(toAlarmHistoryItem)
      .filter((item): item is AlarmHistoryItem => Boolean(item));
  }
}
