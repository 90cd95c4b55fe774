import {
  stringifyEntityRef,
  type CompoundEntityRef,
} from '@backstage/catalog-model';
import { useApiHolder } from '@backstage/core-plugin-api';
import {
  permissionApiRef,
  usePermission,
} from '@backstage/plugin-permission-react';
import {
  pipelineOperatePermission,
  type ExecutionView,
  type PipelineView,
} from '@dpra/plugin-pipelines-common';
import Button from '@material-ui/core/Button';
import Tooltip from '@material-ui/core/Tooltip';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import Alert from '@material-ui/lab/Alert';
import { useState } from 'react';
import { StepStatusIndicator } from '../StepStatus/StepStatusIndicator';
import { ControlDialog } from './ControlDialog';
import {
  ControlPlan,
  NOT_ALLOWED_TO_OPERATE,
  pipelinePlans,
  stagePlans,
} from './controlPlans';
import { useLayout } from '../layout';

const useStyles = makeStyles(theme => ({
  row: {
    display: 'flex',
    flexWrap: 'wrap',
    alignItems: 'center',
    gap: theme.spacing(1),
    padding: theme.spacing(0.75, 0),
    borderTop: `1px solid ${theme.palette.divider}`,
  },
  name: { flex: '0 0 9rem', minWidth: 0, overflowWrap: 'anywhere' },
  state: { flex: '1 1 10rem', minWidth: 0 },
  buttons: { display: 'flex', flexWrap: 'wrap', gap: theme.spacing(1) },
}));

function ControlButton(props: {
  plan: ControlPlan;
  allowed: boolean;
  testId: string;
  onClick: () => void;
}) {
  const button = (
    <Button
      size="small"
      variant="outlined"
      color={props.plan.destructive ? 'secondary' : 'default'}
      disabled={!props.allowed}
      onClick={props.onClick}
      data-testid={props.testId}
    >
      {props.plan.label}
    </Button>
  );
  // A disabled button gets no hover events: the tooltip sits on a wrapper.
  return props.allowed ? (
    button
  ) : (
    <Tooltip title={NOT_ALLOWED_TO_OPERATE}>
      <span>{button}</span>
    </Tooltip>
  );
}

/** Props of {@link StageControls}. */
export interface StageControlsProps {
  pipeline: PipelineView;
  entityRef: CompoundEntityRef;
  /** The entity's recent executions, newest first (revisions, rollback targets). */
  executions?: ExecutionView[];
}

/**
 * The stage controls of one pipeline: start or stop an execution, and per stage retry, roll back,
 * override a condition, disable or enable the transition into it. Each asks for confirmation in a
 * dialog saying exactly what will happen. Without `dpra.pipeline.operate` on the entity every
 * control is disabled, and the reason is shown; so they are in an app without a permission API
 * (nothing could authorize them there).
 */
export function StageControls(props: StageControlsProps) {
  const hasPermissionApi = Boolean(useApiHolder().get(permissionApiRef));
  return hasPermissionApi ? (
    <PermittedStageControls {...props} />
  ) : (
    <StageControlsView {...props} allowed={false} loading={false} />
  );
}

function PermittedStageControls(props: StageControlsProps) {
  const { allowed, loading } = usePermission({
    permission: pipelineOperatePermission,
    resourceRef: stringifyEntityRef(props.entityRef),
  });
  return <StageControlsView {...props} allowed={allowed} loading={loading} />;
}

function StageControlsView(
  props: StageControlsProps & { allowed: boolean; loading: boolean },
) {
  const classes = useStyles();
  const layout = useLayout();
  const { pipeline, allowed, loading } = props;
  const executions = props.executions ?? [];
  const [open, setOpen] = useState<ControlPlan>();
  const [done, setDone] = useState<string>();
  const states = new Map(pipeline.stages.map(s => [s.name, s]));
  const testId = (plan: ControlPlan, stage?: string) =>
    `control-${plan.control}${stage ? `-${stage}` : ''}`;

  return (
    <div className={layout.mt2} data-testid={`stage-controls-${pipeline.name}`}>
      <Typography variant="h6" component="h3" gutterBottom>
        Stage controls
      </Typography>
      {!loading && !allowed && (
        <Alert severity="info" data-testid="controls-not-allowed">
          {NOT_ALLOWED_TO_OPERATE}
        </Alert>
      )}
      {done && (
        <Alert
          severity="success"
          role="status"
          onClose={() => setDone(undefined)}
          data-testid="control-done"
        >
          {done}. The page catches up with AWS within a few seconds.
        </Alert>
      )}
      <div className={`${layout.row} ${layout.my1}`}>
        {pipelinePlans(pipeline, executions).map(plan => (
          <ControlButton
            key={plan.control}
            plan={plan}
            allowed={allowed}
            testId={testId(plan)}
            onClick={() => setOpen(plan)}
          />
        ))}
      </div>
      {pipeline.layout.stages.map(stage => {
        const state = states.get(stage.name);
        const plans = stagePlans(pipeline, stage, state, executions);
        return (
          <div
            key={stage.name}
            className={classes.row}
            data-testid={`controls-${stage.name}`}
          >
            <Typography variant="body2" className={classes.name}>
              {stage.name}
            </Typography>
            <div className={classes.state}>
              <StepStatusIndicator status={state?.status ?? 'NotStarted'} />
              {state?.inboundTransitionEnabled === false && (
                <Typography
                  variant="caption"
                  display="block"
                  data-testid={`transition-disabled-${stage.name}`}
                >
                  Transition disabled
                  {state.disabledReason ? `: ${state.disabledReason}` : ''}
                </Typography>
              )}
            </div>
            <div className={classes.buttons}>
              {plans.map(plan => (
                <ControlButton
                  key={`${plan.control}-${plan.label}`}
                  plan={plan}
                  allowed={allowed}
                  testId={testId(plan, stage.name)}
                  onClick={() => setOpen(plan)}
                />
              ))}
            </div>
          </div>
        );
      })}
      {open && (
        <ControlDialog
          plan={open}
          entityRef={props.entityRef}
          onClose={() => setOpen(undefined)}
          onDone={result => setDone(result.message)}
        />
      )}
    </div>
  );
}
