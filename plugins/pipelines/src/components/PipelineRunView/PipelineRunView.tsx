import type { CompoundEntityRef } from '@backstage/catalog-model';
import { Link, StatusWarning } from '@backstage/core-components';
import {
  ApprovalDecisionView,
  LayoutStage,
  PHASE_ORDER,
  PhaseKind,
  PipelineView,
  StageStateView,
} from '@dpra/plugin-pipelines-common';
import Paper from '@material-ui/core/Paper';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import { useMemo } from 'react';
import { AlarmHistoryProvider, AlarmLinkedText } from '../AlarmHistory';
import { DecisionNote } from '../Approvals/DecisionNote';
import { RevisionLabel, RevisionPlaceMarker, StageRevision } from '../Revision';
import { StepStatusIndicator } from '../StepStatus/StepStatusIndicator';
import { BakeCountdown } from '../WaveBoard/BakeCountdown';
import {
  aggregateStatus,
  isBaking,
  stageBlockers,
  waveTargetsSummary,
} from '../WaveBoard/waveBoardModel';

/** Column titles of the DPRA phases. */
export const PHASE_TITLES: Record<PhaseKind, string> = {
  source: 'Source',
  build: 'Build',
  test: 'Test',
  beta: 'Beta',
  gamma: 'Gamma',
  approval: 'Approval',
  prod: 'Prod',
  other: 'Other',
};

const useStyles = makeStyles(theme => ({
  phases: {
    display: 'flex',
    // Phases wrap onto the next line on narrow screens rather than scroll sideways out of sight
    // (nothing hinted at the cut-off Approval and Prod phases at 1024 px); they still read in order.
    flexWrap: 'wrap',
    gap: theme.spacing(1.5),
    paddingBottom: theme.spacing(1),
  },
  phase: {
    flex: '1 0 180px',
    minWidth: 0,
    overflowWrap: 'break-word',
    padding: theme.spacing(1.5),
    backgroundColor: theme.palette.background.default,
  },
  stage: {
    marginTop: theme.spacing(1),
    paddingTop: theme.spacing(1),
    borderTop: `1px solid ${theme.palette.divider}`,
  },
  action: {
    display: 'flex',
    alignItems: 'baseline',
    gap: theme.spacing(0.5),
    flexWrap: 'wrap',
    paddingLeft: theme.spacing(1),
    fontSize: theme.typography.caption.fontSize,
  },
}));

const NOT_STARTED: StageStateView = {
  name: '',
  status: 'NotStarted',
  actions: [],
  inboundTransitionEnabled: true,
};

function StageBlock(props: {
  stage: LayoutStage;
  state?: StageStateView;
  pipeline: PipelineView;
  revision?: StageRevision;
  /** Decisions taken in Backstage on the execution the stage holds. */
  decisions?: ApprovalDecisionView[];
}) {
  const classes = useStyles();
  const { stage, pipeline } = props;
  const state = props.state ?? { ...NOT_STARTED, name: stage.name };
  const actionStates = new Map(state.actions.map(a => [a.name, a]));
  const alarms = pipeline.alarms.filter(a =>
    stage.safety.alarmNames.includes(a.name),
  );
  const blockers = stageBlockers(stage, props.state, alarms);
  const baking = isBaking(props.state, Date.now());
  return (
    <div
      className={classes.stage}
      data-testid={`stage-${stage.name}`}
      aria-label={`Stage ${stage.name}: ${state.status}`}
    >
      <Typography variant="subtitle2">{stage.name}</Typography>
      <StepStatusIndicator status={state.status} />
      {props.revision && (
        <RevisionLabel
          revision={props.revision}
          testId={`stage-${stage.name}-revision`}
        />
      )}
      <RevisionPlaceMarker
        stageName={stage.name}
        testId={`stage-${stage.name}-picked`}
      />
      {stage.actions.map(action => {
        const actionState = actionStates.get(action.name);
        const status = actionState?.status ?? 'NotStarted';
        const decisions = (props.decisions ?? []).filter(
          d => d.actionName === action.name,
        );
        return (
          <div
            key={action.name}
            className={classes.action}
            aria-label={`Action ${action.name}: ${status}`}
          >
            <StepStatusIndicator
              status={status}
              label={
                action.region !== pipeline.region
                  ? `${action.name} (${action.region})`
                  : action.name
              }
            />
            {actionState?.externalUrl && (
              <Link
                to={actionState.externalUrl}
                aria-label={`Details of ${action.name}`}
              >
                <Typography variant="caption">details</Typography>
              </Link>
            )}
            {decisions.map(d => (
              <DecisionNote
                key={d.decidedAt}
                decision={d}
                testId={`stage-${stage.name}-decision`}
              />
            ))}
            {/* Backstage's own record of a decision says it better than AWS's summary of it. */}
            {actionState?.summary &&
              status === 'Failed' &&
              decisions.length === 0 && (
                <Typography variant="caption" color="error" display="block">
                  {actionState.summary}
                </Typography>
              )}
          </div>
        );
      })}
      {baking && props.state?.bakeEndsAt && (
        <BakeCountdown
          endsAt={props.state.bakeEndsAt}
          bakeMinutes={stage.safety.bakeMinutes}
          testId={`stage-${stage.name}-bake`}
        />
      )}
      {blockers.map(b => (
        // Visible to assistive technology: it may hold alarm history buttons.
        <StatusWarning key={b} aria-hidden={false} aria-label={undefined}>
          <span>
            Blocked: <AlarmLinkedText text={b} alarms={alarms} />
          </span>
        </StatusWarning>
      ))}
    </div>
  );
}

function ProdSummary(props: {
  stages: LayoutStage[];
  pipeline: PipelineView;
  revisions?: ReadonlyMap<string, StageRevision>;
}) {
  const classes = useStyles();
  const states = new Map(props.pipeline.stages.map(s => [s.name, s]));
  const statuses = props.stages.map(
    s => states.get(s.name)?.status ?? 'NotStarted',
  );
  const done = statuses.filter(s => s === 'Succeeded').length;
  // Which revision the waves hold: "3/3 done" of an older revision must say so.
  const held = new Map<string, { revision: StageRevision; waves: string[] }>();
  for (const stage of props.stages) {
    const revision = props.revisions?.get(stage.name);
    if (!revision) continue;
    const entry = held.get(revision.executionId) ?? { revision, waves: [] };
    entry.waves.push(stage.name);
    held.set(revision.executionId, entry);
  }
  return (
    <div className={classes.stage} data-testid="prod-summary">
      <Typography variant="body2">
        {props.stages.length} waves, {waveTargetsSummary(props.pipeline.layout)}{' '}
        · {done}/{props.stages.length} done
      </Typography>
      <StepStatusIndicator status={aggregateStatus(statuses) ?? 'NotStarted'} />
      {[...held.values()].map(({ revision, waves }) => (
        <div key={revision.executionId}>
          {held.size > 1 && (
            <Typography variant="caption" display="block">
              {waves.join(', ')}:
            </Typography>
          )}
          <RevisionLabel revision={revision} testId="prod-summary-revision" />
        </div>
      ))}
      <Typography variant="caption" display="block">
        See the wave board below.
      </Typography>
    </div>
  );
}

/**
 * The pipeline's phases left to right (Source, Build, Test/Beta, Gamma, Approval, Prod), each with
 * its stages and actions in the current state. Alarm names in blockers open the alarm's history.
 */
export function PipelineRunView(props: {
  pipeline: PipelineView;
  /** The entity whose pipeline this is (the alarm history is read through it). */
  entityRef: CompoundEntityRef;
  /** Which revision each stage holds, by stage name. */
  revisions?: ReadonlyMap<string, StageRevision>;
  /** Decisions taken in Backstage on the execution each stage holds, by stage name. */
  decisions?: ReadonlyMap<string, ApprovalDecisionView[]>;
}) {
  const classes = useStyles();
  const { pipeline } = props;
  const columns = useMemo(() => {
    const byPhase = new Map<PhaseKind, LayoutStage[]>();
    for (const stage of pipeline.layout.stages) {
      byPhase.set(stage.phase, [...(byPhase.get(stage.phase) ?? []), stage]);
    }
    return PHASE_ORDER.filter(phase => byPhase.has(phase)).map(phase => ({
      phase,
      stages: byPhase.get(phase)!,
    }));
  }, [pipeline.layout.stages]);
  const states = new Map(pipeline.stages.map(s => [s.name, s]));

  return (
    <AlarmHistoryProvider
      entityRef={props.entityRef}
      pipelineArn={pipeline.arn}
    >
      <div
        className={classes.phases}
        role="list"
        aria-label={`Phases of ${pipeline.name}`}
        data-testid="pipeline-phases"
      >
        {columns.map(({ phase, stages }) => (
          <Paper
            key={phase}
            variant="outlined"
            className={classes.phase}
            role="listitem"
            aria-label={`${PHASE_TITLES[phase]} phase`}
            data-testid={`phase-${phase}`}
          >
            <Typography variant="overline">{PHASE_TITLES[phase]}</Typography>
            {phase === 'prod' ? (
              <ProdSummary
                stages={stages}
                pipeline={pipeline}
                revisions={props.revisions}
              />
            ) : (
              stages.map(stage => (
                <StageBlock
                  key={stage.name}
                  stage={stage}
                  state={states.get(stage.name)}
                  pipeline={pipeline}
                  revision={props.revisions?.get(stage.name)}
                  decisions={props.decisions?.get(stage.name)}
                />
              ))
            )}
          </Paper>
        ))}
      </div>
    </AlarmHistoryProvider>
  );
}
