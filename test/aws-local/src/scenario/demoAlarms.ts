import { TAG } from '@dpra/pipeline-contract';
import { ORG_BLOCKER_ALARM, alarmName, environmentsOf } from './demoPipelines';
import { SeededRandom } from './seededRandom';
import {
  AlarmHistoryRecord,
  AlarmRecord,
  CompositeAlarmRecord,
  MetricAlarmRecord,
  ScenarioPipeline,
} from './types';

const MINUTE = 60_000;

/**
 * Alarms of the convention for every environment/region of a pipeline: fault rate and latency
 * percentiles, their one-box variants, the one-box composite and the high-severity composite
 * (OR-ed, as the Builders' Library describes), plus an organisation blocker per production region.
 */
export function buildAlarms(
  pipelines: ScenarioPipeline[],
  now: Date,
  random: SeededRandom,
): { alarms: AlarmRecord[]; history: AlarmHistoryRecord[] } {
  const alarms: AlarmRecord[] = [];
  const history: AlarmHistoryRecord[] = [];
  const configured = new Date(now.getTime() - 40 * 24 * 60 * MINUTE);
  const arn = (region: string, accountId: string, name: string) =>
    `arn:aws:cloudwatch:${region}:${accountId}:alarm:${name}`;

  const metric = (
    p: ScenarioPipeline,
    region: string,
    name: string,
    service: string,
    metricName: string,
    stat: { Statistic?: string; ExtendedStatistic?: string },
    threshold: number,
    unit: string,
    dimensions: Array<{ Name: string; Value: string }>,
  ): MetricAlarmRecord => {
    const okSince = new Date(
      now.getTime() - random.int(2, 20) * 24 * 60 * MINUTE,
    );
    return {
      kind: 'MetricAlarm',
      region,
      AlarmName: name,
      AlarmArn: arn(region, p.accountId, name),
      AlarmDescription: `${metricName} of ${service} in ${region}`,
      AlarmConfigurationUpdatedTimestamp: configured,
      ActionsEnabled: true,
      OKActions: [],
      AlarmActions: [`arn:aws:sns:${region}:${p.accountId}:${p.name}-alarms`],
      InsufficientDataActions: [],
      StateValue: 'OK',
      StateReason: `Threshold Crossed: 3 out of the last 3 datapoints were less than the threshold (${threshold}).`,
      StateReasonData: JSON.stringify({
        version: '1.0',
        queryDate: okSince.toISOString(),
        statistic: stat.Statistic ?? stat.ExtendedStatistic,
        period: 60,
        threshold,
      }),
      StateUpdatedTimestamp: okSince,
      StateTransitionedTimestamp: okSince,
      MetricName: metricName,
      Namespace: 'DPRA/Service',
      ...stat,
      Dimensions: dimensions,
      Period: 60,
      Unit: unit,
      EvaluationPeriods: 3,
      DatapointsToAlarm: 3,
      Threshold: threshold,
      ComparisonOperator: 'GreaterThanThreshold',
      TreatMissingData: 'notBreaching',
    };
  };

  const composite = (
    p: ScenarioPipeline,
    region: string,
    name: string,
    children: string[],
  ): CompositeAlarmRecord => {
    const okSince = new Date(
      now.getTime() - random.int(2, 20) * 24 * 60 * MINUTE,
    );
    return {
      kind: 'CompositeAlarm',
      region,
      AlarmName: name,
      AlarmArn: arn(region, p.accountId, name),
      AlarmDescription: `High-severity aggregate: rolls back and blocks ${p.name} in ${region}`,
      AlarmConfigurationUpdatedTimestamp: configured,
      ActionsEnabled: true,
      OKActions: [],
      AlarmActions: [`arn:aws:sns:${region}:${p.accountId}:${p.name}-alarms`],
      InsufficientDataActions: [],
      AlarmRule: children.map(c => `ALARM("${c}")`).join(' OR '),
      StateValue: 'OK',
      StateReason: 'No child alarm is in ALARM',
      StateUpdatedTimestamp: okSince,
      StateTransitionedTimestamp: okSince,
    };
  };

  for (const p of pipelines) {
    const service = p.tags.find(t => t.key === TAG.service)?.value ?? p.name;
    for (const { env, region } of environmentsOf(p)) {
      const dims = [
        { Name: 'Service', Value: service },
        { Name: 'Stage', Value: env },
      ];
      const oneBoxDims = [...dims, { Name: 'Fleet', Value: 'onebox' }];
      const fault = alarmName(p.name, env, region, 'fault-rate');
      const p50 = alarmName(p.name, env, region, 'latency-p50');
      const p90 = alarmName(p.name, env, region, 'latency-p90');
      const p99 = alarmName(p.name, env, region, 'latency-p99');
      alarms.push(
        metric(
          p,
          region,
          fault,
          service,
          'FaultRate',
          { Statistic: 'Average' },
          0.01,
          'Percent',
          dims,
        ),
        metric(
          p,
          region,
          p50,
          service,
          'Latency',
          { ExtendedStatistic: 'p50' },
          120,
          'Milliseconds',
          dims,
        ),
        metric(
          p,
          region,
          p90,
          service,
          'Latency',
          { ExtendedStatistic: 'p90' },
          400,
          'Milliseconds',
          dims,
        ),
        metric(
          p,
          region,
          p99,
          service,
          'Latency',
          { ExtendedStatistic: 'p99' },
          1200,
          'Milliseconds',
          dims,
        ),
      );
      const children = [fault, p50, p90, p99];
      if (env !== 'beta') {
        const obFault = alarmName(p.name, env, region, 'onebox-fault-rate');
        const obP99 = alarmName(p.name, env, region, 'onebox-latency-p99');
        alarms.push(
          metric(
            p,
            region,
            obFault,
            service,
            'FaultRate',
            { Statistic: 'Average' },
            0.01,
            'Percent',
            oneBoxDims,
          ),
          metric(
            p,
            region,
            obP99,
            service,
            'Latency',
            { ExtendedStatistic: 'p99' },
            1200,
            'Milliseconds',
            oneBoxDims,
          ),
        );
        const highSeverity = alarmName(p.name, env, region, 'high-severity');
        alarms.push(
          composite(
            p,
            region,
            alarmName(p.name, env, region, 'onebox-high-severity'),
            [highSeverity, obFault, obP99],
          ),
        );
      }
      alarms.push(
        composite(
          p,
          region,
          alarmName(p.name, env, region, 'high-severity'),
          children,
        ),
      );
      if (
        env === 'prod' &&
        !alarms.some(
          a => a.region === region && a.AlarmName === ORG_BLOCKER_ALARM,
        )
      ) {
        alarms.push(
          metric(
            p,
            region,
            ORG_BLOCKER_ALARM,
            'organisation',
            'DeploymentBlocked',
            { Statistic: 'Maximum' },
            0,
            'Count',
            [{ Name: 'Scope', Value: 'Organisation' }],
          ),
        );
      }
    }
  }

  for (const a of alarms) {
    history.push({
      region: a.region,
      AlarmName: a.AlarmName,
      AlarmType: a.kind,
      Timestamp: a.AlarmConfigurationUpdatedTimestamp,
      HistoryItemType: 'ConfigurationUpdate',
      HistorySummary: `Alarm "${a.AlarmName}" created`,
      HistoryData: JSON.stringify({ type: 'Create', version: '1.0' }),
    });
  }
  return { alarms, history };
}

/** The DescribeAlarmHistory item AWS writes on a state change. */
export function stateUpdateHistory(
  alarm: AlarmRecord,
  from: string,
  to: string,
  reason: string,
  at: Date,
): AlarmHistoryRecord {
  return {
    region: alarm.region,
    AlarmName: alarm.AlarmName,
    AlarmType: alarm.kind,
    Timestamp: at,
    HistoryItemType: 'StateUpdate',
    HistorySummary: `Alarm updated from ${from} to ${to}`,
    HistoryData: JSON.stringify({
      version: '1.0',
      oldState: { stateValue: from },
      newState: { stateValue: to, stateReason: reason },
    }),
  };
}
