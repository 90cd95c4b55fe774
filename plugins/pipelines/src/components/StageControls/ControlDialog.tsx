import { useApi } from '@backstage/core-plugin-api';
import type { CompoundEntityRef } from '@backstage/catalog-model';
import { ResponseError } from '@backstage/errors';
import {
  STOP_REASON_MAX_LENGTH,
  TRANSITION_REASON_PATTERN,
  TRANSITION_REASON_RULE,
  type PipelineControlResponse,
} from '@dpra/plugin-pipelines-common';
import Button from '@material-ui/core/Button';
import CircularProgress from '@material-ui/core/CircularProgress';
import Dialog from '@material-ui/core/Dialog';
import DialogActions from '@material-ui/core/DialogActions';
import DialogContent from '@material-ui/core/DialogContent';
import DialogTitle from '@material-ui/core/DialogTitle';
import FormControlLabel from '@material-ui/core/FormControlLabel';
import Radio from '@material-ui/core/Radio';
import RadioGroup from '@material-ui/core/RadioGroup';
import TextField from '@material-ui/core/TextField';
import Typography from '@material-ui/core/Typography';
import Alert from '@material-ui/lab/Alert';
import { useState } from 'react';
import { pipelinesApiRef } from '../../api';
import { ControlPlan, controlErrorMessage } from './controlPlans';

/** Props of {@link ControlDialog}. */
export interface ControlDialogProps {
  plan: ControlPlan;
  entityRef: CompoundEntityRef;
  onClose: () => void;
  /** Called once AWS accepted the control. */
  onDone: (result: PipelineControlResponse) => void;
}

function reasonProblem(plan: ControlPlan, reason: string): string | undefined {
  if (plan.input === 'transition-reason') {
    if (!reason.trim()) return 'A reason is required';
    if (!TRANSITION_REASON_PATTERN.test(reason)) {
      return `AWS accepts ${TRANSITION_REASON_RULE}`;
    }
  }
  if (plan.input === 'stop' && reason.length > STOP_REASON_MAX_LENGTH) {
    return `At most ${STOP_REASON_MAX_LENGTH} characters`;
  }
  return undefined;
}

/**
 * Confirms one stage control, saying exactly what it will do. A refused control keeps the dialog
 * open with what the user typed and the server's reason (a 409 says the pipeline changed since
 * they looked, and offers no second try on the old state; a 403 names the missing permission).
 */
export function ControlDialog(props: ControlDialogProps) {
  const api = useApi(pipelinesApiRef);
  const { plan } = props;
  const [reason, setReason] = useState('');
  const [retryMode, setRetryMode] = useState<'FAILED_ACTIONS' | 'ALL_ACTIONS'>(
    'FAILED_ACTIONS',
  );
  const [sending, setSending] = useState<'stop' | 'abandon' | 'confirm'>();
  const [error, setError] = useState<string>();
  const [conflict, setConflict] = useState(false);
  const problem = reason ? reasonProblem(plan, reason) : undefined;

  const run = async (which: 'stop' | 'abandon' | 'confirm') => {
    const missing = reasonProblem(plan, reason);
    if (missing) {
      setError(missing);
      return;
    }
    setSending(which);
    setError(undefined);
    try {
      const result = await api.operatePipeline(props.entityRef, plan.control, {
        ...plan.request,
        ...(plan.input === 'retry-mode' ? { retryMode } : {}),
        ...(plan.input === 'stop' ? { abandon: which === 'abandon' } : {}),
        ...(plan.input && plan.input !== 'retry-mode' && reason.trim()
          ? { reason: reason.trim() }
          : {}),
      });
      props.onDone(result);
      props.onClose();
    } catch (e) {
      setError(controlErrorMessage(e));
      if (ResponseError.is(e) && e.statusCode === 409) setConflict(true);
    } finally {
      setSending(undefined);
    }
  };

  const titleId = `control-dialog-title-${plan.control}`;
  const blocked = Boolean(sending) || conflict;
  return (
    <Dialog
      open
      onClose={sending ? undefined : props.onClose}
      aria-labelledby={titleId}
      fullWidth
      maxWidth="sm"
      data-testid="control-dialog"
    >
      <DialogTitle id={titleId}>{plan.title}</DialogTitle>
      <DialogContent>
        {plan.effect.map(sentence => (
          <Typography
            key={sentence}
            variant="body2"
            gutterBottom
            data-testid="control-effect"
          >
            {sentence}
          </Typography>
        ))}
        {plan.input === 'retry-mode' && (
          <RadioGroup
            aria-label="Which actions to retry"
            value={retryMode}
            onChange={e =>
              setRetryMode(e.target.value as 'FAILED_ACTIONS' | 'ALL_ACTIONS')
            }
          >
            <FormControlLabel
              value="FAILED_ACTIONS"
              control={<Radio color="primary" />}
              label="Only the failed actions"
            />
            <FormControlLabel
              value="ALL_ACTIONS"
              control={<Radio color="primary" />}
              label="All actions of the stage"
            />
          </RadioGroup>
        )}
        {(plan.input === 'stop' || plan.input === 'transition-reason') && (
          <TextField
            label="Reason"
            required={plan.input === 'transition-reason'}
            helperText={
              problem ??
              (plan.input === 'stop'
                ? 'Recorded by AWS with your name'
                : `Shown in the AWS console (${TRANSITION_REASON_RULE})`)
            }
            error={Boolean(problem)}
            value={reason}
            onChange={e => setReason(e.target.value)}
            fullWidth
            margin="normal"
            variant="outlined"
            inputProps={{ 'aria-label': 'Reason' }}
          />
        )}
        {error && (
          <Alert severity="error" role="alert" data-testid="control-error">
            {error}
          </Alert>
        )}
      </DialogContent>
      <DialogActions>
        <Button onClick={props.onClose} disabled={Boolean(sending)}>
          {conflict ? 'Close' : 'Cancel'}
        </Button>
        {plan.input === 'stop' ? (
          <>
            <Button
              onClick={() => run('abandon')}
              disabled={blocked}
              color="secondary"
              variant="outlined"
              data-testid="control-abandon"
            >
              {sending === 'abandon' ? (
                <CircularProgress size={18} />
              ) : (
                'Abandon'
              )}
            </Button>
            <Button
              onClick={() => run('stop')}
              disabled={blocked}
              color="secondary"
              variant="contained"
              data-testid="control-confirm"
            >
              {sending === 'stop' ? (
                <CircularProgress size={18} />
              ) : (
                'Stop and wait'
              )}
            </Button>
          </>
        ) : (
          <Button
            onClick={() => run('confirm')}
            disabled={blocked}
            color={plan.destructive ? 'secondary' : 'primary'}
            variant="contained"
            data-testid="control-confirm"
          >
            {sending ? <CircularProgress size={18} /> : plan.label}
          </Button>
        )}
      </DialogActions>
    </Dialog>
  );
}
