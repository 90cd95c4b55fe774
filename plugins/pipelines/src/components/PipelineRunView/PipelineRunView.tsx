import type { CompoundEntityRef } from '@backstage/catalog-model';
import { Link, StatusWarning } from '@backstage/core-components';
import {
  LayoutStage,
  PHASE_ORDER,
  PhaseKind,
  PipelineView,
  StageStateView,
} from '@dpra/plugin-pipelines-common';
import Box from '@material-ui/core/Box';
import Paper from '@material-ui/core/Paper';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import { useMemo } from 'react';
import { AlarmHistoryProvider, AlarmLinkedText } from '../AlarmHistory';
import { RevisionLabel, StageRevision } from '../Revision';
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
      {stage.actions.map(action => {
        const actionState = actionStates.get(action.name);
        const status = actionState?.status ?? 'NotStarted';
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
            {actionState?.summary && status === 'Failed' && (
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

function ProdSummary(props: { stages: LayoutStage[]; pipeline: PipelineView }) {
  const classes = useStyles();
  const states = new Map(props.pipeline.stages.map(s => [s.name, s]));
  const statuses = props.stages.map(
    s => states.get(s.name)?.status ?? 'NotStarted',
  );
  const done = statuses.filter(s => s === 'Succeeded').length;
  return (
    <div className={classes.stage}>
      <Typography variant="body2">
        {props.stages.length} waves,{' '}
        {waveTargetsSummary(props.pipeline.layout)} · {done}/
        {props.stages.length} done
      </Typography>
      <StepStatusIndicator status={aggregateStatus(statuses) ?? 'NotStarted'} />
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
      <Box
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
              <ProdSummary stages={stages} pipeline={pipeline} />
            ) : (
              stages.map(stage => (
                <StageBlock
                  key={stage.name}
                  stage={stage}
                  state={states.get(stage.name)}
                  pipeline={pipeline}
                  revision={props.revisions?.get(stage.name)}
                />
              ))
            )}
          </Paper>
        ))}
      </Box>
    </AlarmHistoryProvider>
  );
}
