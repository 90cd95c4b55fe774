import type { CompoundEntityRef } from '@backstage/catalog-model';
import { approvalDecidePermission } from '@dpra/plugin-pipelines-common';
import type {
  ApprovalDecisionResponse,
  ExecutionView,
  PendingApproval,
  PipelineView,
} from '@dpra/plugin-pipelines-common';
import Button from '@material-ui/core/Button';
import Tooltip from '@material-ui/core/Tooltip';
import Typography from '@material-ui/core/Typography';
import Alert from '@material-ui/lab/Alert';
import AlertTitle from '@material-ui/lab/AlertTitle';
import { useState } from 'react';
import { useNow } from '../../time/useNow';
import { formatTimeAgo } from '../../time/timeRules';
import { ApprovalDialog } from './ApprovalDialog';
import { ApprovalRevision } from './ApprovalRevision';
import { DecisionConfirmation } from './DecisionConfirmation';

/** Why the approve button is disabled for a user without `dpra.approval.decide`. */
export const NOT_ALLOWED_TO_DECIDE = `You are not allowed to approve or reject for this entity (permission ${approvalDecidePermission.name}).`;

function PendingApprovalAlert(props: {
  entityRef: CompoundEntityRef;
  pipeline: PipelineView;
  approval: PendingApproval;
  execution?: ExecutionView;
  canDecide: boolean;
  onReview: () => void;
}) {
  const now = useNow(30_000);
  const { approval, pipeline } = props;
  const reviewButton = (
    <Button
      color="inherit"
      variant="outlined"
      size="small"
      disabled={!props.canDecide}
      onClick={props.onReview}
      aria-label={`Review approval ${approval.stageName} of ${pipeline.name}`}
      data-testid="approval-review"
    >
      Review
    </Button>
  );
  return (
    <Alert
      severity="info"
      data-testid="approval-banner"
      aria-label={`Approval pending for ${pipeline.name}`}
      action={
        props.canDecide ? (
          reviewButton
        ) : (
          // A disabled button fires no events: the span carries the tooltip.
          <Tooltip title={NOT_ALLOWED_TO_DECIDE}>
            <span>{reviewButton}</span>
          </Tooltip>
        )
      }
    >
      <AlertTitle>
        Approval pending: {pipeline.name} / {approval.stageName} /{' '}
        {approval.actionName}
      </AlertTitle>
      <ApprovalRevision
        execution={props.execution}
        executionId={approval.pipelineExecutionId}
        testId="approval-revision"
      />
      <Typography variant="body2">
        Requested {formatTimeAgo(approval.requestedAt, now)}
        {approval.expiresAt
          ? ` · expires ${new Date(approval.expiresAt).toLocaleString()}`
          : ''}
      </Typography>
      {!props.canDecide && (
        <Typography variant="body2" data-testid="approval-not-allowed">
          {NOT_ALLOWED_TO_DECIDE}
        </Typography>
      )}
    </Alert>
  );
}

/**
 * One banner per pending approval across the entity's pipelines, each opening the
 * {@link ApprovalDialog}; after a decision a confirmation stays until the next one.
 *
 * The open dialog belongs to this component, not to the approval's banner: when the approval is
 * decided elsewhere (another tab, another user, the AWS console) its banner goes away on the next
 * refresh, but the dialog stays, says so, and keeps what the user typed.
 */
export function ApprovalBanner(props: {
  entityRef: CompoundEntityRef;
  pipelines: PipelineView[];
  /** The entity's recent executions: which revision, message and trigger each approval is for. */
  executions?: ExecutionView[];
  canDecide: boolean;
  onDecided: () => void;
}) {
  const executionOf = (approval: PendingApproval) =>
    props.executions?.find(
      e =>
        e.pipelineArn === approval.pipelineArn &&
        e.id === approval.pipelineExecutionId,
    );
  const [lastDecision, setLastDecision] = useState<ApprovalDecisionResponse>();
  // Tokens decided here: the store may still list them until the backend's next refresh, and
  // offering them again would only earn a 409.
  const [decidedTokens, setDecidedTokens] = useState<ReadonlySet<string>>(
    new Set(),
  );
  const [reviewing, setReviewing] = useState<{
    pipeline: PipelineView;
    approval: PendingApproval;
  }>();
  const pending = props.pipelines.flatMap(pipeline =>
    pipeline.pendingApprovals
      .filter(approval => !decidedTokens.has(approval.token))
      .map(approval => ({ pipeline, approval })),
  );
  return (
    <>
      <DecisionConfirmation
        decision={lastDecision}
        onClose={() => setLastDecision(undefined)}
      />
      {pending.map(({ pipeline, approval }) => (
        <PendingApprovalAlert
          key={`${approval.pipelineArn}/${approval.stageName}/${approval.actionName}/${approval.token}`}
          entityRef={props.entityRef}
          pipeline={pipeline}
          approval={approval}
          execution={executionOf(approval)}
          canDecide={props.canDecide}
          onReview={() => setReviewing({ pipeline, approval })}
        />
      ))}
      {reviewing && props.canDecide && (
        <ApprovalDialog
          open
          entityRef={props.entityRef}
          pipelineName={reviewing.pipeline.name}
          approval={reviewing.approval}
          execution={executionOf(reviewing.approval)}
          decidedElsewhere={
            !pending.some(p => p.approval.token === reviewing.approval.token)
          }
          onClose={() => setReviewing(undefined)}
          onDecided={result => {
            // An unknown outcome (202) is not a decision yet: the approval stays listed until
            // a refresh shows what AWS made of it.
            if (result && result.outcome !== 'unknown') {
              setLastDecision(result);
              setDecidedTokens(prev =>
                new Set(prev).add(reviewing.approval.token),
              );
            }
            props.onDecided();
          }}
        />
      )}
    </>
  );
}
