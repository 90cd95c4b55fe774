import {
  InfoCard,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import type { CompoundEntityRef } from '@backstage/catalog-model';
import type {
  DeliveryMetricsResponse,
  MetricPoint,
} from '@dpra/plugin-pipelines-common';
import Grid from '@material-ui/core/Grid';
import Paper from '@material-ui/core/Paper';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import { ReactNode } from 'react';
import { useDeliveryMetrics } from '../../hooks/useEntityData';
import type { PolledResource } from '../../hooks/usePolledResource';
import { Sparkline } from './Sparkline';

const useStyles = makeStyles(theme => ({
  tile: {
    padding: theme.spacing(1.5),
    height: '100%',
  },
}));

function formatHours(hours: number | undefined): string {
  if (hours === undefined) return 'n/a';
  if (hours < 1) return `${Math.round(hours * 60)} min`;
  if (hours < 48) return `${hours.toFixed(1)} h`;
  return `${(hours / 24).toFixed(1)} days`;
}

function MetricTile(props: {
  title: string;
  value: string;
  caption: string;
  chart?: ReactNode;
  testId: string;
}) {
  const classes = useStyles();
  return (
    <Paper
      variant="outlined"
      className={classes.tile}
      data-testid={props.testId}
    >
      <Typography variant="overline" component="h3">
        {props.title}
      </Typography>
      <Typography
        variant="h5"
        component="p"
        aria-label={`${props.title}: ${props.value}`}
      >
        {props.value}
      </Typography>
      <Typography variant="caption" display="block" color="textSecondary">
        {props.caption}
      </Typography>
      {props.chart}
    </Paper>
  );
}

/** Failures ÷ (deployments + failures) per day, as a series for the change-failure chart. */
function dailyFailureRate(
  deployments: MetricPoint[],
  failures: MetricPoint[],
): MetricPoint[] {
  const failuresByDate = new Map(failures.map(p => [p.date, p.value]));
  return deployments.map(p => {
    const failed = failuresByDate.get(p.date) ?? 0;
    const total = p.value + failed;
    return { date: p.date, value: total === 0 ? 0 : failed / total };
  });
}

/** The four delivery metrics (frequency, lead time, change failure rate, time to restore). */
export function DeliveryMetricsView(props: {
  metrics: DeliveryMetricsResponse;
}) {
  const { metrics } = props;
  const windowText = `last ${metrics.windowDays} days, ${metrics.sampleSize} executions`;
  if (metrics.sampleSize === 0) {
    return (
      <Typography variant="body2" data-testid="delivery-metrics">
        No finished executions in the last {metrics.windowDays} days: nothing to
        measure yet.
      </Typography>
    );
  }
  return (
    <Grid container spacing={2} data-testid="delivery-metrics">
      <Grid item xs={12} sm={6} md={3}>
        <MetricTile
          testId="metric-deployment-frequency"
          title="Deployment frequency"
          value={`${metrics.deploymentFrequencyPerDay.toFixed(2)} / day`}
          caption={windowText}
          chart={
            <Sparkline
              kind="bars"
              label="Production deployments per day"
              points={metrics.series.deployments}
            />
          }
        />
      </Grid>
      <Grid item xs={12} sm={6} md={3}>
        <MetricTile
          testId="metric-lead-time"
          title="Lead time for changes"
          value={formatHours(metrics.leadTimeHours)}
          caption="median, commit to last production wave"
          chart={
            <Sparkline
              label="Lead time in hours per day"
              points={metrics.series.leadTimeHours}
            />
          }
        />
      </Grid>
      <Grid item xs={12} sm={6} md={3}>
        <MetricTile
          testId="metric-change-failure-rate"
          title="Change failure rate"
          value={
            metrics.changeFailureRate === undefined
              ? 'n/a'
              : `${(metrics.changeFailureRate * 100).toFixed(1)}%`
          }
          caption="failed ÷ finished executions"
          chart={
            <Sparkline
              kind="bars"
              label="Share of failed executions per day"
              points={dailyFailureRate(
                metrics.series.deployments,
                metrics.series.failures,
              )}
            />
          }
        />
      </Grid>
      <Grid item xs={12} sm={6} md={3}>
        <MetricTile
          testId="metric-time-to-restore"
          title="Time to restore"
          value={formatHours(metrics.mttrHours)}
          caption={`mean; time between failures ${formatHours(
            metrics.mtbfHours,
          )}`}
          chart={
            <Sparkline
              kind="bars"
              label="Failed executions per day"
              points={metrics.series.failures}
            />
          }
        />
      </Grid>
    </Grid>
  );
}

/** The days the delivery metrics card looks back over. */
export const METRICS_WINDOW_DAYS = 30;

/** Card that loads and shows the entity's delivery metrics over the last 30 days. */
export function DeliveryMetricsCard(props: { entityRef: CompoundEntityRef }) {
  return (
    <DeliveryMetricsResourceCard
      metrics={useDeliveryMetrics(props.entityRef, {
        windowDays: METRICS_WINDOW_DAYS,
      })}
    />
  );
}

/**
 * The delivery metrics card over a resource loaded by its caller: the Pipelines tab starts the
 * metrics' request with the pipelines', not after them.
 */
export function DeliveryMetricsResourceCard(props: {
  metrics: PolledResource<DeliveryMetricsResponse>;
}) {
  const { value, error, loading } = props.metrics;
  return (
    <InfoCard title="Delivery metrics">
      {loading && !value && <Progress />}
      {error && !value && <ResponseErrorPanel error={error} />}
      {value && <DeliveryMetricsView metrics={value} />}
    </InfoCard>
  );
}
