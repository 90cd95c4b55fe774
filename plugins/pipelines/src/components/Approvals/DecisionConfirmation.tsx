import type { ApprovalDecisionResponse } from '@dpra/plugin-pipelines-common';
import Alert from '@material-ui/lab/Alert';

/** "Approved by user:default/jane: …" after a decision, until closed or the next one. */
export function DecisionConfirmation(props: {
  decision: ApprovalDecisionResponse | undefined;
  onClose: () => void;
}) {
  const { decision } = props;
  if (!decision) return null;
  return (
    <Alert
      severity="success"
      onClose={props.onClose}
      data-testid="approval-decided"
    >
      {decision.decision} by {decision.decidedBy}: {decision.summary}
    </Alert>
  );
}
