import { Progress, ResponseErrorPanel } from '@backstage/core-components';
import { getCompoundEntityRef } from '@backstage/catalog-model';
import {
  MissingAnnotationEmptyState,
  useEntity,
} from '@backstage/plugin-catalog-react';
import {
  PIPELINES_ANNOTATION,
  hasPipelineAnnotations,
} from '@dpra/plugin-pipelines-common';
import Grid from '@material-ui/core/Grid';
import Alert from '@material-ui/lab/Alert';
import { useMemo } from 'react';
import {
  useDeliveryMetrics,
  useExecutions,
  useFindings,
} from '../../hooks/useEntityData';
import { useEntityPipelines } from '../../hooks/useEntityPipelines';
import { useMarkEntityViewed } from '../../hooks/useMarkEntityViewed';
import { useOnChange } from '../../hooks/useOnChange';
import { ApprovalBanner } from '../Approvals';
import { serverErrorMessage } from '../Approvals/approvalErrorMessage';
import {
  DeliveryMetricsResourceCard,
  METRICS_WINDOW_DAYS,
} from '../DeliveryMetrics';
import { ExecutionHistoryCard } from '../ExecutionHistory';
import { FindingsResourceCard } from '../Findings';
import { KeptStyles } from '../KeptStyles';
import { useLayout } from '../layout';
import { DataSourceLabel } from '../Freshness';
import { PipelineCard } from '../PipelineCard';
import { NoPipelinesState } from './NoPipelinesState';
import { ProblemsList } from './ProblemsList';

/** Pipelines an entity may have and still get every board drawn at once. */
const DRAW_ALL_UP_TO = 3;

/** The Pipelines tab of an entity known to carry a pipelines annotation. */
/** The executions the tab loads: the history's length, and each stage's revision is among them. */
const EXECUTIONS_SHOWN = 100;

function PipelinesForEntity() {
  const { entity } = useEntity();
  const layout = useLayout();
  const { kind, namespace, name } = getCompoundEntityRef(entity);
  const entityRef = useMemo(
    () => ({ kind, namespace, name }),
    [kind, namespace, name],
  );
  useMarkEntityViewed(entityRef);
  const { value, error, loading, refetch } = useEntityPipelines(entityRef);
  // One list serves the history and each stage's revision (which execution holds which commit).
  const executions = useExecutions(entityRef, { limit: EXECUTIONS_SHOWN });
  // Requested with the pipelines, not once their cards mount after the pipelines arrived: the
  // tab is complete one round trip sooner (bench:tab).
  const findings = useFindings(entityRef);
  const metrics = useDeliveryMetrics(entityRef, {
    windowDays: METRICS_WINDOW_DAYS,
  });
  // They were asked for at mount, with the pipelines; they follow the pipelines' answers after
  // that, or a tab opened before the backend's first read of the entity would keep saying "no
  // pipelines" under the boards, and a wave would name a run the history has not caught up with,
  // until their own polls came round. A changed answer brings the executions (which run holds
  // which stage); a changed set of pipelines brings the findings and metrics too.
  useOnChange(value, executions.refetch);
  useOnChange(value?.pipelines.map(p => p.arn).join(' '), () => {
    findings.refetch();
    metrics.refetch();
  });

  if (loading && !value) return <Progress />;
  if (error && !value) return <ResponseErrorPanel error={error} />;
  if (!value) return null;

  return (
    <Grid container spacing={3} data-testid="entity-pipelines">
      <Grid item xs={12}>
        <div className={layout.column}>
          <div>
            <DataSourceLabel source={value.source} />
          </div>
          {error && (
            // Keep showing the last good data; say plainly that it could not be refreshed.
            <Alert severity="warning" data-testid="refetch-error">
              Could not refresh the pipelines: {serverErrorMessage(error)}
            </Alert>
          )}
          <ApprovalBanner
            entityRef={entityRef}
            pipelines={value.pipelines}
            executions={executions.value?.executions}
            canDecide={value.canDecideApprovals}
            onDecided={() => {
              refetch();
              // The decision shows on its stage and in the history from the executions.
              executions.refetch();
            }}
          />
          {value.pipelines.length > 0 && value.problems.length > 0 && (
            <Alert severity="warning">
              Some pipeline references cannot be shown:
              <ProblemsList problems={value.problems} />
            </Alert>
          )}
        </div>
      </Grid>
      {value.pipelines.length === 0 ? (
        <Grid item xs={12}>
          <NoPipelinesState problems={value.problems} />
        </Grid>
      ) : (
        <>
          {value.pipelines.map((pipeline, index) => (
            <Grid item xs={12} key={pipeline.arn}>
              <PipelineCard
                pipeline={pipeline}
                entityRef={entityRef}
                executions={executions.value?.executions}
                // An entity with a few pipelines draws them all, so that everything it shows
                // is on the page (find in page, links, tests); with more, the first is in view
                // and the others' boards wait for the scroll (bench:tab, 5 x 30 x 100).
                drawAtOnce={
                  value.pipelines.length <= DRAW_ALL_UP_TO || index === 0
                }
              />
            </Grid>
          ))}
          <Grid item xs={12}>
            <DeliveryMetricsResourceCard metrics={metrics} />
          </Grid>
          <Grid item xs={12}>
            <FindingsResourceCard
              findings={findings}
              pipelines={value.pipelines}
            />
          </Grid>
          <Grid item xs={12}>
            <ExecutionHistoryCard
              executions={executions}
              pipelines={value.pipelines}
            />
          </Grid>
        </>
      )}
    </Grid>
  );
}

/**
 * The entity Pipelines tab: phases, production wave board, approvals, findings and delivery metrics.
 *
 * @public
 */
export function EntityPipelinesContent() {
  const { entity } = useEntity();
  if (!hasPipelineAnnotations(entity)) {
    return <MissingAnnotationEmptyState annotation={PIPELINES_ANNOTATION} />;
  }
  return (
    <KeptStyles>
      <PipelinesForEntity />
    </KeptStyles>
  );
}
