import {
  InfoCard,
  Link,
  Progress,
  ResponseErrorPanel,
  StatusWarning,
} from '@backstage/core-components';
import { getCompoundEntityRef } from '@backstage/catalog-model';
import {
  MissingAnnotationEmptyState,
  useEntity,
} from '@backstage/plugin-catalog-react';
import {
  ExecutionView,
  PIPELINES_ANNOTATION,
  PipelineView,
  SEVERITY_ORDER,
  hasPipelineAnnotations,
} from '@dpra/plugin-pipelines-common';
import List from '@material-ui/core/List';
import ListItem from '@material-ui/core/ListItem';
import Typography from '@material-ui/core/Typography';
import { useMemo } from 'react';
import { useExecutions, useFindings } from '../../hooks/useEntityData';
import { useEntityPipelines } from '../../hooks/useEntityPipelines';
import { useOnChange } from '../../hooks/useOnChange';
import { SeverityChip } from '../Findings/SeverityChip';
import { DataSourceLabel } from '../Freshness';
import { pipelineWhereabouts } from '../Revision';
import { StepStatusIndicator } from '../StepStatus/StepStatusIndicator';
import { BakeCountdown } from '../WaveBoard/BakeCountdown';
import { ConfigLiveVersions } from '../ConfigDeployments';
import { deriveWaveBoard } from '../WaveBoard/waveBoardModel';
import { KeptStyles } from '../KeptStyles';
import { useLayout } from '../layout';

function PipelineSummary(props: {
  pipeline: PipelineView;
  executions?: ExecutionView[];
}) {
  const { pipeline } = props;
  const layout = useLayout();
  const whereabouts = useMemo(
    () => pipelineWhereabouts(pipeline, props.executions ?? [], Date.now()),
    [pipeline, props.executions],
  );
  const board = useMemo(
    () => deriveWaveBoard(pipeline, Date.now()),
    [pipeline],
  );
  const baking = board.waves.find(w => w.bakeEndsAt);
  const blocked = board.waves.filter(w => w.blockers.length > 0);
  const wavesDone = board.waves.filter(w => w.status === 'Succeeded').length;
  return (
    <ListItem
      divider
      disableGutters
      data-testid={`pipeline-summary-${pipeline.name}`}
      style={{ display: 'block' }}
    >
      <div className={layout.row}>
        <Typography variant="subtitle2">{pipeline.name}</Typography>
        <StepStatusIndicator
          status={pipeline.latestExecution?.status ?? 'NotStarted'}
        />
        {board.waves.length > 0 && (
          <Typography variant="caption">
            prod waves {wavesDone}/{board.waves.length}
          </Typography>
        )}
      </div>
      {whereabouts && (
        <Typography
          variant="body2"
          data-testid={`pipeline-whereabouts-${pipeline.name}`}
        >
          {whereabouts}
        </Typography>
      )}
      <ConfigLiveVersions pipeline={pipeline} />
      {pipeline.pendingApprovals.length > 0 && (
        <Typography variant="body2" color="primary">
          {pipeline.pendingApprovals.length === 1
            ? 'An approval is waiting for a decision'
            : `${pipeline.pendingApprovals.length} approvals are waiting for a decision`}
        </Typography>
      )}
      {baking?.bakeEndsAt && (
        <BakeCountdown
          endsAt={baking.bakeEndsAt}
          bakeMinutes={baking.bakeMinutes}
        />
      )}
      {blocked.map(w => (
        <StatusWarning key={w.index}>
          Wave {w.index} blocked: {w.blockers.join('; ')}
        </StatusWarning>
      ))}
      {pipeline.freshness.stale && (
        <Typography variant="caption" color="textSecondary" display="block">
          Stale: {pipeline.freshness.staleReason ?? 'the last refresh failed'}
        </Typography>
      )}
    </ListItem>
  );
}

function FindingsSummary(props: {
  entityRef: ReturnType<typeof getCompoundEntityRef>;
  /** The entity's pipelines: a changed set brings the counts again (see the tab). */
  pipelinesKey: string;
}) {
  const { value, refetch } = useFindings(props.entityRef);
  useOnChange(props.pipelinesKey, refetch);
  const layout = useLayout();
  if (!value) return null;
  return (
    <div
      className={`${layout.chips} ${layout.mt1}`}
      aria-label="Findings by severity"
      role="group"
    >
      {SEVERITY_ORDER.filter(s => s !== 'INFORMATIONAL').map(s => (
        <SeverityChip key={s} severity={s} count={value.counts[s] ?? 0} />
      ))}
    </div>
  );
}

function CardBody() {
  const { entity } = useEntity();
  const { kind, namespace, name } = getCompoundEntityRef(entity);
  const entityRef = useMemo(
    () => ({ kind, namespace, name }),
    [kind, namespace, name],
  );
  const { value, error, loading } = useEntityPipelines(entityRef);
  const layout = useLayout();
  // Which revision production runs is the revision of an execution: read the recent ones.
  const executions = useExecutions(entityRef, { limit: 25 });
  // The executions follow the pipelines' answers, as on the tab.
  useOnChange(value, executions.refetch);
  if (loading && !value) return <Progress />;
  if (error && !value) return <ResponseErrorPanel error={error} />;
  if (!value) return null;
  if (value.pipelines.length === 0) {
    return (
      <Typography variant="body2">
        No pipelines to show yet
        {value.problems.length
          ? `: ${value.problems.map(p => p.message).join('; ')}`
          : '.'}
      </Typography>
    );
  }
  return (
    <>
      <DataSourceLabel source={value.source} />
      <List dense disablePadding aria-label="Pipelines">
        {value.pipelines.map(p => (
          <PipelineSummary
            key={p.arn}
            pipeline={p}
            executions={executions.value?.executions}
          />
        ))}
      </List>
      <FindingsSummary
        entityRef={entityRef}
        pipelinesKey={value.pipelines.map(p => p.arn).join(' ')}
      />
      <div className={layout.mt1}>
        <Link to="pipelines">Open the Pipelines tab</Link>
      </div>
    </>
  );
}

/**
 * Overview card of the entity's pipelines: where the newest revision is and which one production
 * runs, latest run, approvals waiting, bakes, blockers and
 * findings counts.
 *
 * @public
 */
export function EntityPipelinesCard() {
  const { entity } = useEntity();
  return (
    <KeptStyles>
      <InfoCard title="Pipelines" variant="gridItem">
        <div data-testid="pipelines-card">
          {hasPipelineAnnotations(entity) ? (
            <CardBody />
          ) : (
            <MissingAnnotationEmptyState annotation={PIPELINES_ANNOTATION} />
          )}
        </div>
      </InfoCard>
    </KeptStyles>
  );
}
