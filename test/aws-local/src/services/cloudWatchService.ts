import { AwsCall } from '../protocol/identifyAwsCall';
import { AlarmRecord, AwsScenario, AwsServiceError } from '../scenario/types';
import { paginate } from './pagination';

/**
 * CloudWatch (the installed client speaks awsJson1_0 with target `GraniteServiceVersion20100801`,
 * query-compatible errors): DescribeAlarms and DescribeAlarmHistory over the alarms of the call's
 * region.
 */
export function handleCloudWatch(
  scenario: AwsScenario,
  call: AwsCall,
): unknown {
  switch (call.operation) {
    case 'DescribeAlarms':
      return describeAlarms(scenario, call);
    case 'DescribeAlarmHistory':
      return describeAlarmHistory(scenario, call);
    default:
      throw new AwsServiceError(
        'UnknownOperationException',
        `Operation ${call.operation} is not supported by the local CloudWatch`,
      );
  }
}

/** The alarm without the scenario's bookkeeping members. */
function wireAlarm(alarm: AlarmRecord) {
  const { kind: _kind, region: _region, ...shape } = alarm;
  return shape;
}

/** AWS documents: without `AlarmTypes` only metric alarms are returned, even if composites exist. */
function requestedTypes(input: Record<string, any>): string[] {
  const types = input.AlarmTypes;
  return Array.isArray(types) && types.length > 0 ? types : ['MetricAlarm'];
}

function describeAlarms(scenario: AwsScenario, call: AwsCall) {
  const input = call.input;
  const types = requestedTypes(input);
  const names: string[] | undefined = Array.isArray(input.AlarmNames)
    ? input.AlarmNames
    : undefined;
  if (names && input.AlarmNamePrefix) {
    throw new AwsServiceError(
      'InvalidParameterCombination',
      'AlarmNames and AlarmNamePrefix cannot be specified together',
    );
  }
  let alarms = scenario.alarms(call.region).filter(a => types.includes(a.kind));
  if (names) alarms = alarms.filter(a => names.includes(a.AlarmName));
  if (typeof input.AlarmNamePrefix === 'string') {
    alarms = alarms.filter(a => a.AlarmName.startsWith(input.AlarmNamePrefix));
  }
  if (typeof input.StateValue === 'string')
    alarms = alarms.filter(a => a.StateValue === input.StateValue);
  if (typeof input.ActionPrefix === 'string') {
    alarms = alarms.filter(a =>
      a.AlarmActions.some(x => x.startsWith(input.ActionPrefix)),
    );
  }
  if (typeof input.ChildrenOfAlarmName === 'string') {
    const parent = scenario
      .alarms(call.region)
      .find(a => a.AlarmName === input.ChildrenOfAlarmName);
    const rule = parent?.kind === 'CompositeAlarm' ? parent.AlarmRule : '';
    alarms = alarms.filter(a => rule.includes(`"${a.AlarmName}"`));
  }
  if (typeof input.ParentsOfAlarmName === 'string') {
    alarms = alarms.filter(
      a =>
        a.kind === 'CompositeAlarm' &&
        a.AlarmRule.includes(`"${input.ParentsOfAlarmName}"`),
    );
  }
  const page = paginate(
    alarms,
    input.NextToken,
    input.MaxRecords,
    50,
    100,
    'InvalidNextToken',
  );
  const metric = page.items
    .filter(a => a.kind === 'MetricAlarm')
    .map(wireAlarm);
  const composite = page.items
    .filter(a => a.kind === 'CompositeAlarm')
    .map(wireAlarm);
  return {
    ...(types.includes('CompositeAlarm') ? { CompositeAlarms: composite } : {}),
    MetricAlarms: metric,
    NextToken: page.nextToken,
  };
}

function toDate(value: unknown): Date | undefined {
  if (typeof value === 'number') return new Date(value * 1000);
  if (typeof value === 'string') return new Date(value);
  return undefined;
}

function describeAlarmHistory(scenario: AwsScenario, call: AwsCall) {
  const input = call.input;
  const types = requestedTypes(input);
  const start = toDate(input.StartDate);
  const end = toDate(input.EndDate);
  let items = scenario
    .alarmHistory(call.region)
    .filter(h => types.includes(h.AlarmType))
    .filter(h => !input.AlarmName || h.AlarmName === input.AlarmName)
    .filter(
      h =>
        !input.HistoryItemType || h.HistoryItemType === input.HistoryItemType,
    )
    .filter(
      h => (!start || h.Timestamp >= start) && (!end || h.Timestamp <= end),
    );
  if (input.ScanBy === 'TimestampAscending') items = [...items].reverse();
  const page = paginate(
    items,
    input.NextToken,
    input.MaxRecords,
    100,
    100,
    'InvalidNextToken',
  );
  return {
    AlarmHistoryItems: page.items.map(({ region: _region, ...item }) => item),
    NextToken: page.nextToken,
  };
}
