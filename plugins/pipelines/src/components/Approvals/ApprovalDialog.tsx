import { useApi } from '@backstage/core-plugin-api';
import { Link } from '@backstage/core-components';
import type { CompoundEntityRef } from '@backstage/catalog-model';
import type {
  ApprovalDecisionResponse,
  ExecutionView,
  PendingApproval,
} from '@dpra/plugin-pipelines-common';
import Button from '@material-ui/core/Button';
import CircularProgress from '@material-ui/core/CircularProgress';
import Dialog from '@material-ui/core/Dialog';
import DialogActions from '@material-ui/core/DialogActions';
import DialogContent from '@material-ui/core/DialogContent';
import DialogTitle from '@material-ui/core/DialogTitle';
import TextField from '@material-ui/core/TextField';
import Typography from '@material-ui/core/Typography';
import Alert from '@material-ui/lab/Alert';
import { useState } from 'react';
import { pipelinesApiRef } from '../../api';
import { formatDateTime } from '../../time/timeRules';
import { ApprovalRevision } from './ApprovalRevision';
import { approvalErrorMessage } from './approvalErrorMessage';
import { ResponseError } from '@backstage/errors';

/** Props of {@link ApprovalDialog}. */
export interface ApprovalDialogProps {
  open: boolean;
  entityRef: CompoundEntityRef;
  pipelineName: string;
  approval: PendingApproval;
  /** The execution that waits, when loaded: its revision, commit message and trigger are shown. */
  execution?: ExecutionView;
  /**
   * True when the approval is no longer pending although this dialog did not decide it: the
   * dialog says so, keeps the typed comment, and offers no decision.
   */
  decidedElsewhere?: boolean;
  onClose: () => void;
  /** Called after a decision was recorded (or found stale), so the view re-fetches at once. */
  onDecided: (result?: ApprovalDecisionResponse) => void;
}

/**
 * Approve or reject a pending manual approval with a comment. A refused decision keeps the dialog
 * open with the server's reason (a 409 names who decided first, a 403 the missing permission); so
 * does a decision whose outcome AWS did not confirm (202), with the comment kept.
 */
export function ApprovalDialog(props: ApprovalDialogProps) {
  const api = useApi(pipelinesApiRef);
  const { approval } = props;
  const [comment, setComment] = useState('');
  const [sending, setSending] = useState<'Approved' | 'Rejected'>();
  const [error, setError] = useState<string>();
  const [unknownOutcome, setUnknownOutcome] = useState<string>();
  const [conflict, setConflict] = useState(false);

  const decide = async (decision: 'Approved' | 'Rejected') => {
    setSending(decision);
    setError(undefined);
    setUnknownOutcome(undefined);
    try {
      const result = await api.decideApproval(props.entityRef, {
        pipelineArn: approval.pipelineArn,
        stageName: approval.stageName,
        actionName: approval.actionName,
        token: approval.token,
        decision,
        comment: comment.trim() || undefined,
      });
      props.onDecided(result);
      if (result.outcome === 'unknown') {
        // 202: AWS did not confirm in time. The dialog stays open to say so, with the comment,
        // which is needed again if reconciliation finds the decision was not sent.
        setUnknownOutcome(
          result.message ??
            'AWS did not confirm your decision in time; its outcome will be reconciled shortly',
        );
        return;
      }
      setComment('');
      props.onClose();
    } catch (e) {
      setError(approvalErrorMessage(e));
      // The approval moved on without us: refresh the view behind the dialog, which stays open.
      if (ResponseError.is(e) && e.statusCode === 409) {
        setConflict(true);
        props.onDecided();
      }
    } finally {
      setSending(undefined);
    }
  };

  const titleId = `approval-dialog-title-${approval.token}`;
  return (
    <Dialog
      open={props.open}
      onClose={sending ? undefined : props.onClose}
      aria-labelledby={titleId}
      fullWidth
      maxWidth="sm"
      data-testid="approval-dialog"
    >
      <DialogTitle id={titleId}>
        Review {approval.stageName} / {approval.actionName}
      </DialogTitle>
      <DialogContent>
        <Typography variant="body2" gutterBottom>
          Pipeline <strong>{props.pipelineName}</strong>
          {approval.pipelineExecutionId
            ? ` · execution ${approval.pipelineExecutionId}`
            : ''}
        </Typography>
        {props.execution && (
          <ApprovalRevision
            execution={props.execution}
            testId="approval-dialog-revision"
          />
        )}
        <Typography variant="body2" gutterBottom>
          Requested {formatDateTime(approval.requestedAt)} · expires{' '}
          {formatDateTime(approval.expiresAt)}
        </Typography>
        {approval.customData && (
          <Typography variant="body2" gutterBottom>
            {approval.customData}
          </Typography>
        )}
        {approval.externalEntityLink && (
          <Typography variant="body2" gutterBottom>
            <Link to={approval.externalEntityLink}>
              Open the change to review
            </Link>
          </Typography>
        )}
        <TextField
          label="Comment"
          helperText="Sent to AWS with your name"
          value={comment}
          onChange={e => setComment(e.target.value)}
          multiline
          minRows={2}
          fullWidth
          margin="normal"
          variant="outlined"
          inputProps={{ 'aria-label': 'Approval comment', maxLength: 1000 }}
        />
        {props.decidedElsewhere && !conflict && (
          <Alert
            severity="warning"
            role="alert"
            data-testid="approval-decided-elsewhere"
          >
            This approval was decided elsewhere (another tab, another user or
            the AWS console) and is no longer pending. Your comment is kept
            below; refresh to see the new state.
          </Alert>
        )}
        {unknownOutcome && (
          <Alert
            severity="info"
            role="status"
            data-testid="approval-unknown-outcome"
          >
            {unknownOutcome}
          </Alert>
        )}
        {error && (
          <Alert severity="error" role="alert" data-testid="approval-error">
            {error}
          </Alert>
        )}
      </DialogContent>
      <DialogActions>
        <Button onClick={props.onClose} disabled={Boolean(sending)}>
          {props.decidedElsewhere || conflict ? 'Close' : 'Cancel'}
        </Button>
        <Button
          onClick={() => decide('Rejected')}
          disabled={Boolean(sending) || props.decidedElsewhere || conflict}
          color="secondary"
          variant="outlined"
          aria-label="Reject"
          data-testid="approval-reject"
        >
          {sending === 'Rejected' ? <CircularProgress size={18} /> : 'Reject'}
        </Button>
        <Button
          onClick={() => decide('Approved')}
          disabled={Boolean(sending) || props.decidedElsewhere || conflict}
          color="primary"
          variant="contained"
          aria-label="Approve"
          data-testid="approval-approve"
        >
          {sending === 'Approved' ? <CircularProgress size={18} /> : 'Approve'}
        </Button>
      </DialogActions>
    </Dialog>
  );
}
