import type {
  CompositeAlarm,
  MetricAlarm,
  MetricDataQuery,
} from '@aws-sdk/client-cloudwatch';
import type { ReportGroup } from '@aws-sdk/client-codebuild';
import { TerraformStack, arnOf, blocks } from './terraformJson';

/*
 * `aws_cloudwatch_metric_alarm`, `aws_cloudwatch_composite_alarm` and `aws_codebuild_report_group`
 * -> the configuration part of DescribeAlarms' MetricAlarm/CompositeAlarm and
 * BatchGetReportGroups' ReportGroup. State and timestamps are the simulation's, not the
 * declaration's, so they are left out here.
 */

type Tf = Record<string, any>;

/** The alarm configuration DescribeAlarms reports (no state, no timestamps). @public */
export type SynthesizedAlarm =
  | {
      kind: 'MetricAlarm';
      accountId: string;
      region: string;
      alarm: MetricAlarm & { AlarmName: string; AlarmArn: string };
      tags: Array<{ key: string; value: string }>;
    }
  | {
      kind: 'CompositeAlarm';
      accountId: string;
      region: string;
      alarm: CompositeAlarm & {
        AlarmName: string;
        AlarmArn: string;
        AlarmRule: string;
      };
      tags: Array<{ key: string; value: string }>;
    };

/** A CodeBuild report group as BatchGetReportGroups reports it (no timestamps). @public */
export interface SynthesizedReportGroup {
  accountId: string;
  region: string;
  reportGroup: ReportGroup & {
    arn: string;
    name: string;
    type: 'TEST' | 'CODE_COVERAGE';
  };
  /** The CodeBuild projects whose builds report into the group (their buildspec names it). */
  projectNames: string[];
}

const defined = <T extends object>(value: T): T =>
  Object.fromEntries(
    Object.entries(value).filter(([, v]) => v !== undefined),
  ) as T;

const dimensionsOf = (dimensions: Record<string, string> | undefined) =>
  dimensions &&
  Object.entries(dimensions).map(([Name, Value]) => ({ Name, Value }));

function toMetricQuery(query: Tf): MetricDataQuery {
  const metric = blocks<Tf>(query.metric)[0];
  return defined({
    Id: query.id,
    MetricStat: metric && {
      Metric: defined({
        Namespace: metric.namespace,
        MetricName: metric.metric_name,
        Dimensions: dimensionsOf(metric.dimensions),
      }),
      Period: metric.period,
      Stat: metric.stat,
      Unit: metric.unit,
    },
    Expression: query.expression,
    Label: query.label,
    ReturnData: query.return_data ?? true,
    Period: query.period,
    AccountId: query.account_id,
  });
}

const actionsOf = (stack: TerraformStack, body: Tf) => ({
  ActionsEnabled: body.actions_enabled ?? true,
  OKActions: (body.ok_actions ?? []).map((a: string) => stack.resolve(a, body)),
  AlarmActions: (body.alarm_actions ?? []).map((a: string) =>
    stack.resolve(a, body),
  ),
  InsufficientDataActions: (body.insufficient_data_actions ?? []).map(
    (a: string) => stack.resolve(a, body),
  ),
});

/** The metric and composite alarms of a stack. */
export function alarmsFromStack(stack: TerraformStack): SynthesizedAlarm[] {
  const metric = stack
    .resources('aws_cloudwatch_metric_alarm')
    .map(({ body }): SynthesizedAlarm => {
      const { accountId, region } = stack.placement(body);
      const name = stack.resolve(body.alarm_name, body);
      const queries = blocks<Tf>(body.metric_query);
      return {
        kind: 'MetricAlarm',
        accountId,
        region,
        tags: stack.tagsOf(body),
        alarm: defined({
          AlarmName: name,
          AlarmArn: arnOf('aws_cloudwatch_metric_alarm', {
            accountId,
            region,
            name,
          }),
          AlarmDescription: body.alarm_description,
          ...actionsOf(stack, body),
          MetricName: body.metric_name,
          Namespace: body.namespace,
          Statistic: body.statistic,
          ExtendedStatistic: body.extended_statistic,
          Dimensions: dimensionsOf(body.dimensions),
          Period: body.period,
          Unit: body.unit,
          EvaluationPeriods: body.evaluation_periods,
          DatapointsToAlarm: body.datapoints_to_alarm,
          Threshold: body.threshold,
          ThresholdMetricId: body.threshold_metric_id,
          ComparisonOperator: body.comparison_operator,
          TreatMissingData: body.treat_missing_data ?? 'missing',
          EvaluateLowSampleCountPercentile:
            body.evaluate_low_sample_count_percentiles,
          Metrics: queries.length > 0 ? queries.map(toMetricQuery) : undefined,
        }),
      };
    });
  const composite = stack
    .resources('aws_cloudwatch_composite_alarm')
    .map(({ body }): SynthesizedAlarm => {
      const { accountId, region } = stack.placement(body);
      const name = stack.resolve(body.alarm_name, body);
      return {
        kind: 'CompositeAlarm',
        accountId,
        region,
        tags: stack.tagsOf(body),
        alarm: defined({
          AlarmName: name,
          AlarmArn: arnOf('aws_cloudwatch_composite_alarm', {
            accountId,
            region,
            name,
          }),
          AlarmDescription: body.alarm_description,
          ...actionsOf(stack, body),
          AlarmRule: stack.resolve(body.alarm_rule, body),
        }),
      };
    });
  return [...metric, ...composite];
}

/** The CodeBuild report groups of a stack. */
export function reportGroupsFromStack(
  stack: TerraformStack,
): SynthesizedReportGroup[] {
  const projects = stack.resources('aws_codebuild_project');
  return stack.resources('aws_codebuild_report_group').map(({ id, body }) => {
    const { accountId, region } = stack.placement(body);
    const reference = `\${aws_codebuild_report_group.${id}.`;
    const name = stack.resolve(body.name, body);
    const exportConfig = blocks<Tf>(body.export_config)[0];
    return {
      accountId,
      region,
      reportGroup: {
        arn: arnOf('aws_codebuild_report_group', { accountId, region, name }),
        name,
        type: body.type,
        exportConfig: { exportConfigType: exportConfig?.type ?? 'NO_EXPORT' },
        tags: stack.tagsOf(body),
        status: 'ACTIVE',
      },
      projectNames: projects
        .filter(p => JSON.stringify(p.body).includes(reference))
        .map(p => stack.resolve(p.body.name, p.body))
        .sort(),
    };
  });
}
