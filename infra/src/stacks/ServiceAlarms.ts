import { Construct } from 'constructs';
import {
  CloudwatchMetricAlarm,
  type CloudwatchMetricAlarmMetricQuery,
} from '@cdktf/provider-aws/lib/cloudwatch-metric-alarm';
import { CloudwatchCompositeAlarm } from '@cdktf/provider-aws/lib/cloudwatch-composite-alarm';
import type { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { ALARM, type EnvironmentName } from '@dpra/pipeline-contract';
import type { AppPipelineSpec } from '../spec/schema';
import { terraformLiteral } from './terraformText';
import type { RegionAlarms } from './stages/stageConditions';

/** Monitoring settings of a spec (every kind has the same block). @public */
export type MonitoringSettings = AppPipelineSpec['spec']['monitoring'];

/** Props of {@link ServiceAlarms}. @public */
export interface ServiceAlarmsProps {
  readonly provider: AwsProvider;
  readonly pipeline: string;
  readonly environment: EnvironmentName;
  readonly region: string;
  readonly monitoring: MonitoringSettings;
  /**
   * Account whose metrics the alarms read (CloudWatch cross-account observability); the alarm's
   * own account when absent.
   * @default the stack's account
   */
  readonly metricAccount?: string;
  /** Also create the one-box alarms (metrics with `DeploymentUnit=onebox`). @default false */
  readonly oneBox?: boolean;
  /**
   * Organisation-wide alarms (existing, in this account and region) that also block entry: they
   * are OR-ed with the high-severity alarm into one composite, because a CloudWatchAlarm rule
   * watches one alarm (`AlarmName`) and a condition has at most 5 rules.
   * @default []
   */
  readonly blockerAlarms?: readonly string[];
}

const JOIN_OR = ' OR ';

/**
 * The alarms of one service in one environment and region, as in the Builders' Library: fault
 * rate and latency p50/p90/p99, OR-ed into a composite high-severity alarm that blocks and rolls
 * back deployments; one-box stages additionally watch metrics scoped to the one box.
 *
 * They live in the pipeline's account (the CodePipeline CloudWatchAlarm rule reads alarms there)
 * and read the environment account's metrics through metric queries with `account_id`.
 *
 * @public
 */
export class ServiceAlarms extends Construct {
  readonly region: string;
  readonly highSeverityAlarmName: string;
  /** The high-severity composite alarm (what AppConfig monitors and stage conditions depend on). */
  readonly highSeverityAlarm: CloudwatchCompositeAlarm;
  readonly oneBoxHighSeverityAlarmName?: string;
  /** The alarm a stage's entry check watches: the blockers composite, else high severity. */
  readonly entryAlarmName: string;
  readonly metricAlarmNames: string[] = [];

  constructor(scope: Construct, id: string, props: ServiceAlarmsProps) {
    super(scope, id);
    const { pipeline, environment: env, region, monitoring: m } = props;
    this.region = region;
    const namespace = terraformLiteral(m.namespace ?? pipeline);
    const dimensions = Object.fromEntries(
      Object.entries(m.dimensions).map(([k, v]) => [
        terraformLiteral(k),
        terraformLiteral(v),
      ]),
    );
    const metric = (
      qid: string,
      metricName: string,
      stat: string,
      extraDimensions: Record<string, string> = {},
    ): CloudwatchMetricAlarmMetricQuery => ({
      id: qid,
      accountId: props.metricAccount,
      returnData: false,
      metric: {
        namespace,
        metricName: terraformLiteral(metricName),
        stat,
        period: m.periodSeconds,
        dimensions: { ...dimensions, ...extraDimensions },
      },
    });
    const common = {
      provider: props.provider,
      comparisonOperator: 'GreaterThanThreshold',
      evaluationPeriods: m.evaluationPeriods,
      datapointsToAlarm: m.evaluationPeriods,
      // No traffic is not an outage signal for the rate: synthetic tests keep traffic flowing.
      treatMissingData: 'notBreaching',
    };
    const faultRate = (name: string, extra: Record<string, string>) =>
      new CloudwatchMetricAlarm(this, name, {
        ...common,
        alarmName: name,
        alarmDescription: `Fault rate above ${m.faultRatePercent}% (${env}, ${region})`,
        threshold: m.faultRatePercent,
        metricQuery: [
          metric('requests', m.requestMetric, 'Sum', extra),
          metric('faults', m.faultMetric, 'Sum', extra),
          {
            id: 'fault_rate',
            expression: '100 * FILL(faults, 0) / requests',
            label: 'Fault rate (%)',
            returnData: true,
          },
        ],
      });

    const faultRateName = ALARM.faultRate(pipeline, env, region);
    faultRate(faultRateName, {});
    this.metricAlarmNames.push(faultRateName);
    const latencies: Array<['p50' | 'p90' | 'p99', number]> = [
      ['p50', m.latencyP50Ms],
      ['p90', m.latencyP90Ms],
      ['p99', m.latencyP99Ms],
    ];
    for (const [percentile, threshold] of latencies) {
      const name = ALARM.latency(pipeline, env, region, percentile);
      new CloudwatchMetricAlarm(this, name, {
        ...common,
        alarmName: name,
        alarmDescription: `Latency ${percentile} above ${threshold} ms (${env}, ${region})`,
        threshold,
        metricQuery: [
          {
            ...metric('latency', m.latencyMetric, percentile),
            returnData: true,
          },
        ],
      });
      this.metricAlarmNames.push(name);
    }
    this.highSeverityAlarmName = ALARM.highSeverity(pipeline, env, region);
    const highSeverity = (this.highSeverityAlarm = new CloudwatchCompositeAlarm(
      this,
      'high-severity',
      {
        provider: props.provider,
        alarmName: this.highSeverityAlarmName,
        alarmDescription: `Any high-severity alarm of ${pipeline} (${env}, ${region}): blocks and rolls back deployments`,
        alarmRule: this.metricAlarmNames
          .map(n => `ALARM("${n}")`)
          .join(JOIN_OR),
        dependsOn: this.node.children.filter(
          c => c instanceof CloudwatchMetricAlarm,
        ) as CloudwatchMetricAlarm[],
      },
    ));
    this.entryAlarmName = this.highSeverityAlarmName;
    if (props.blockerAlarms?.length) {
      this.entryAlarmName = ALARM.entryBlockers(pipeline, env, region);
      new CloudwatchCompositeAlarm(this, 'entry-blockers', {
        provider: props.provider,
        alarmName: this.entryAlarmName,
        alarmDescription: `Blocks ${pipeline} deployments (${env}, ${region}): its high-severity alarm or an organisation blocker`,
        alarmRule: [this.highSeverityAlarmName, ...props.blockerAlarms]
          .map(n => `ALARM("${n}")`)
          .join(JOIN_OR),
        dependsOn: [highSeverity],
      });
    }
    if (props.oneBox) {
      const oneBoxFault = ALARM.oneBoxFaultRate(pipeline, env, region);
      const oneBoxAlarm = faultRate(oneBoxFault, { DeploymentUnit: 'onebox' });
      this.oneBoxHighSeverityAlarmName = ALARM.oneBoxHighSeverity(
        pipeline,
        env,
        region,
      );
      new CloudwatchCompositeAlarm(this, 'onebox-high-severity', {
        provider: props.provider,
        alarmName: this.oneBoxHighSeverityAlarmName,
        alarmDescription: `High severity of ${pipeline} or of its one box (${env}, ${region})`,
        alarmRule: [this.highSeverityAlarmName, oneBoxFault]
          .map(n => `ALARM("${n}")`)
          .join(JOIN_OR),
        dependsOn: [highSeverity, oneBoxAlarm],
      });
    }
  }

  /** The alarms a stage's entry and bake conditions watch in this region. */
  get watched(): RegionAlarms {
    return {
      region: this.region,
      highSeverity: this.highSeverityAlarmName,
      oneBoxHighSeverity: this.oneBoxHighSeverityAlarmName,
      entry: this.entryAlarmName,
    };
  }
}
