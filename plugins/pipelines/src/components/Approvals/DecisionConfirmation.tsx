import Alert from '@material-ui/lab/Alert';
import { DecisionFacts, DecisionNote } from './DecisionNote';

/**
 * The notice after a decision taken here, until closed or the next one — the tab's banner and the
 * inbox show the same one: who by display name, when and the comment, said once
 * ({@link DecisionNote}; not the summary sent to AWS, which repeats it).
 */
export function DecisionConfirmation(props: {
  decision: DecisionFacts | undefined;
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
      <DecisionNote decision={decision} variant="body2" />
    </Alert>
  );
}
