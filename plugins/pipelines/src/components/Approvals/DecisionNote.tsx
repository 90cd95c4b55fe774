import { parseEntityRef } from '@backstage/catalog-model';
import type { ApprovalDecisionView } from '@dpra/plugin-pipelines-common';
import Typography from '@material-ui/core/Typography';
import { formatDateTime, formatTimeAgo } from '../../time/timeRules';
import { useNow } from '../../time/useNow';

/** What a note needs of a decision: the stored record, or the answer to the decision itself. */
export type DecisionFacts = Pick<
  ApprovalDecisionView,
  'decision' | 'decidedBy' | 'decidedByName' | 'decidedAt' | 'comment'
> & { outcome?: ApprovalDecisionView['outcome'] | 'sent' };

/** Who decided, as people know them: the catalog's display name, else the user's name. */
export function deciderName(
  d: Pick<DecisionFacts, 'decidedBy' | 'decidedByName'>,
) {
  if (d.decidedByName) return d.decidedByName;
  try {
    return parseEntityRef(d.decidedBy).name;
  } catch {
    return d.decidedBy;
  }
}

/** "Approved by Jane Doe · 5 min ago · “dashboards are green”", from the recorded facts. */
export function decisionText(d: DecisionFacts, now: number): string {
  const unconfirmed =
    d.outcome === 'unknown' ? ' (not confirmed by AWS yet)' : '';
  return `${d.decision} by ${deciderName(d)} · ${formatTimeAgo(
    d.decidedAt,
    now,
  )}${unconfirmed}${d.comment ? ` · “${d.comment}”` : ''}`;
}

/**
 * One decision on a manual approval, built from what Backstage recorded when it was taken (never
 * from the summary sent to AWS, which repeats it): who by display name, when, and the comment.
 * The user's entity ref and the exact time are on hover.
 */
export function DecisionNote(props: {
  decision: DecisionFacts;
  testId?: string;
  variant?: 'caption' | 'body2';
}) {
  const now = useNow(30_000);
  const d = props.decision;
  return (
    <Typography
      variant={props.variant ?? 'caption'}
      display="block"
      color={d.decision === 'Rejected' ? 'error' : 'textPrimary'}
      data-testid={props.testId}
      title={`${d.decidedBy} at ${formatDateTime(d.decidedAt)}`}
    >
      {decisionText(d, now)}
    </Typography>
  );
}
