import type { CompoundEntityRef } from '@backstage/catalog-model';
import { InfoCard, Link } from '@backstage/core-components';
import type {
  ExecutionView,
  PipelineView,
} from '@dpra/plugin-pipelines-common';
import { memo, useMemo, useState } from 'react';
import Typography from '@material-ui/core/Typography';
import { stageDecisions } from '../Approvals/stageDecisions';
import { FreshnessNote } from '../Freshness';
import { DrawnNearView } from './DrawnNearView';
import { InFlightExecutions } from './InFlightExecutions';
import { PipelineRunView } from '../PipelineRunView';
import { StageControls } from '../StageControls';
import { WaivedChecks } from '../WaivedChecks';
import { StepStatusIndicator } from '../StepStatus/StepStatusIndicator';
import { formatDateTime } from '../../time/timeRules';
import { WaveBoard } from '../WaveBoard';
import { ConfigDeploymentBoard } from '../ConfigDeployments';
import {
  RevisionHighlightProvider,
  RevisionPicker,
  pipelineWhereabouts,
  recentRevisions,
  revisionPlaces,
  shortRevision,
  stageRevisions,
} from '../Revision';
import { readableRevisionSummary } from '../SourceRevision/revisionSummary';
import { useLayout } from '../layout';

/** About how tall a pipeline's phases, wave board and controls are, in pixels. */
function boardHeight(pipeline: PipelineView): number {
  return 400 + 48 * pipeline.layout.waves.length;
}

/** One pipeline: latest run, phases left to right and the production wave board. */
export const PipelineCard = memo(function PipelineCardView(props: {
  pipeline: PipelineView;
  /** The entity whose pipeline this is. */
  entityRef: CompoundEntityRef;
  /** The entity's recent executions, newest first: which stage holds which revision. */
  executions?: ExecutionView[];
  /**
   * Draw the stages, waves and controls at once (default); false draws them when the card is
   * scrolled near (the tab's later pipelines).
   */
  drawAtOnce?: boolean;
}) {
  const { pipeline, executions } = props;
  const layout = useLayout();
  const revisions = useMemo(
    () => stageRevisions(pipeline, executions ?? []),
    [pipeline, executions],
  );
  const decisions = useMemo(
    () => stageDecisions(pipeline, executions ?? []),
    [pipeline, executions],
  );
  const picks = useMemo(
    () => recentRevisions(pipeline.arn, executions ?? []),
    [pipeline.arn, executions],
  );
  const [picked, setPicked] = useState<string>();
  const highlight = useMemo(() => {
    const pick = picks.find(p => p.key === picked);
    return pick
      ? {
          label: pick.label,
          places: revisionPlaces(
            pipeline,
            new Set(pick.executionIds),
            Date.now(),
          ),
        }
      : undefined;
  }, [picks, picked, pipeline]);
  const whereabouts = useMemo(
    () => pipelineWhereabouts(pipeline, executions ?? [], Date.now()),
    [pipeline, executions],
  );
  const latest = pipeline.latestExecution;
  const revision = latest?.sourceRevisions[0];
  return (
    <InfoCard
      title={pipeline.name}
      subheader={`Account ${pipeline.accountId} · ${pipeline.region}${
        pipeline.executionMode ? ` · ${pipeline.executionMode}` : ''
      }`}
      deepLink={{ title: 'Open in the AWS console', link: pipeline.consoleUrl }}
    >
      <div data-testid={`pipeline-${pipeline.name}`}>
        <FreshnessNote freshness={pipeline.freshness} />
        <WaivedChecks pipeline={pipeline} />
        {latest ? (
          <div className={`${layout.row} ${layout.mb1}`}>
            <Typography variant="body2">Latest execution</Typography>
            <StepStatusIndicator status={latest.status} />
            <Typography variant="body2">
              started {formatDateTime(latest.startedAt)}
              {latest.trigger ? ` by ${latest.trigger}` : ''}
            </Typography>
            {revision && (
              <Typography variant="body2">
                ·{' '}
                {revision.revisionUrl ? (
                  <Link to={revision.revisionUrl}>
                    {shortRevision(revision.revisionId) ?? revision.actionName}
                  </Link>
                ) : (
                  shortRevision(revision.revisionId)
                )}{' '}
                {readableRevisionSummary(revision.revisionSummary)}
              </Typography>
            )}
          </div>
        ) : (
          <Typography variant="body2">
            This pipeline has not run yet.
          </Typography>
        )}
        {whereabouts && (
          <Typography
            variant="body2"
            gutterBottom
            data-testid={`whereabouts-${pipeline.name}`}
          >
            {whereabouts}
          </Typography>
        )}
        <InFlightExecutions pipeline={pipeline} executions={executions ?? []} />
        <div className={layout.mb1}>
          <RevisionPicker
            pipelineName={pipeline.name}
            revisions={picks}
            value={picked}
            onChange={setPicked}
          />
        </div>
        <DrawnNearView
          eager={props.drawAtOnce ?? true}
          estimatedHeight={boardHeight(pipeline)}
          what={`The stages, production waves and controls of ${pipeline.name}`}
        >
          <RevisionHighlightProvider value={highlight}>
            <PipelineRunView
              pipeline={pipeline}
              entityRef={props.entityRef}
              revisions={revisions}
              decisions={decisions}
            />
            {pipeline.layout.waves.length > 0 && (
              <div className={layout.mt2}>
                <Typography variant="h6" component="h3" gutterBottom>
                  Production waves
                </Typography>
                <WaveBoard
                  pipeline={pipeline}
                  entityRef={props.entityRef}
                  revisions={revisions}
                />
              </div>
            )}
            {pipeline.configDeployments && (
              <div className={layout.mt2}>
                <Typography variant="h6" component="h3" gutterBottom>
                  Configuration deployments (AWS AppConfig)
                </Typography>
                <ConfigDeploymentBoard pipeline={pipeline} />
              </div>
            )}
          </RevisionHighlightProvider>
          <StageControls
            pipeline={pipeline}
            entityRef={props.entityRef}
            executions={executions}
          />
        </DrawnNearView>
      </div>
    </InfoCard>
  );
});
