import { EmptyState, Link } from '@backstage/core-components';
import { parseEntityRef } from '@backstage/catalog-model';
import { EntityRefLink } from '@backstage/plugin-catalog-react';
import type {
  ApprovalDecisionResponse,
  InboxApproval,
} from '@dpra/plugin-pipelines-common';
import Button from '@material-ui/core/Button';
import List from '@material-ui/core/List';
import ListItem from '@material-ui/core/ListItem';
import Typography from '@material-ui/core/Typography';
import { useState } from 'react';
import { formatTimeAgo, formatDateTime } from '../../time/timeRules';
import { useNow } from '../../time/useNow';
import { ApprovalDialog } from '../Approvals/ApprovalDialog';
import { DecisionConfirmation } from '../Approvals/DecisionConfirmation';
import { shortRevision } from '../Revision/stageRevisions';
import { readableRevisionSummary } from '../SourceRevision/revisionSummary';
import { useLayout } from '../layout';

/** A stable key of an inbox entry (an approval, as one entity sees it). */
export const inboxKey = (a: InboxApproval) =>
  `${a.entityRef}|${a.pipelineArn}|${a.stageName}|${a.actionName}|${a.token}`;

/** "Prod-Wave1 (wave 1): us-east-1, eu-west-1" — what approving lets through. */
export function promotionText(a: InboxApproval): string | undefined {
  const p = a.promotes;
  if (!p) return undefined;
  const wave = p.waveIndex ? ` (wave ${p.waveIndex})` : '';
  const regions = p.regions.length ? `: ${p.regions.join(', ')}` : '';
  return `${p.stageName}${wave}${regions}`;
}

function InboxEntry(props: {
  approval: InboxApproval;
  now: number;
  compact?: boolean;
  onReview: () => void;
}) {
  const { approval: a, now } = props;
  const layout = useLayout();
  const revision = a.revisions?.find(r => r.revisionId) ?? a.revisions?.[0];
  const message = readableRevisionSummary(revision?.revisionSummary);
  const promotes = promotionText(a);
  return (
    <ListItem
      divider
      disableGutters
      style={{ display: 'block' }}
      data-testid="inbox-approval"
      aria-label={`Approval ${a.stageName} of ${a.pipelineName} for ${a.entityRef}`}
    >
      <div className={layout.entry}>
        <div className={layout.entryText}>
          <Typography variant="subtitle2" component="div">
            <EntityRefLink entityRef={parseEntityRef(a.entityRef)} /> ·{' '}
            {a.pipelineName} · {a.stageName} / {a.actionName}
          </Typography>
          {revision && (
            <Typography
              variant="body2"
              data-testid="inbox-revision"
              style={{ overflowWrap: 'anywhere' }}
            >
              {revision.revisionUrl ? (
                <Link to={revision.revisionUrl}>
                  <code>{shortRevision(revision.revisionId) ?? '—'}</code>
                </Link>
              ) : (
                <code>{shortRevision(revision.revisionId) ?? '—'}</code>
              )}
              {message ? ` ${message}` : ''}
            </Typography>
          )}
          <Typography variant="body2" color="textSecondary">
            Requested {formatTimeAgo(a.requestedAt, now)}
            {a.expiresAt ? ` · expires ${formatDateTime(a.expiresAt)}` : ''}
            {props.compact ? '' : ` · ${a.accountId} / ${a.region}`}
          </Typography>
          {promotes && (
            <Typography variant="body2" data-testid="inbox-promotes">
              Approving promotes to {promotes}
            </Typography>
          )}
          {a.stale && (
            <Typography variant="caption" color="error" display="block">
              Last known state: {a.staleReason ?? 'the last refresh failed'}
            </Typography>
          )}
        </div>
        <Button
          variant="outlined"
          color="primary"
          size="small"
          onClick={props.onReview}
          aria-label={`Review approval ${a.stageName} of ${a.pipelineName} for ${a.entityRef}`}
          data-testid="inbox-review"
        >
          Approve or reject
        </Button>
      </div>
    </ListItem>
  );
}

/**
 * The approvals waiting for the user, each decided inline through the entity tab's
 * {@link ApprovalDialog} (same 409 handling; what the user typed is kept). An entry decided here
 * leaves the list at once; the dialog belongs to the list, so an approval decided elsewhere keeps
 * its dialog open, saying so.
 */
export function ApprovalInboxList(props: {
  items: InboxApproval[];
  /** At most this many entries (the card); all when absent. */
  limit?: number;
  compact?: boolean;
  onDecided: () => void;
}) {
  const now = useNow(30_000);
  const [decided, setDecided] = useState<ReadonlySet<string>>(new Set());
  const [lastDecision, setLastDecision] = useState<ApprovalDecisionResponse>();
  const [reviewing, setReviewing] = useState<InboxApproval>();
  const pending = props.items.filter(a => !decided.has(inboxKey(a)));
  const shown =
    props.limit === undefined ? pending : pending.slice(0, props.limit);
  return (
    <>
      <DecisionConfirmation
        decision={lastDecision}
        onClose={() => setLastDecision(undefined)}
      />
      {pending.length === 0 ? (
        <EmptyState
          missing="data"
          title="Nothing is waiting for your approval"
          description="Manual approvals of the pipelines you may decide show up here as soon as they start."
        />
      ) : (
        <List dense={props.compact} data-testid="inbox-list">
          {shown.map(a => (
            <InboxEntry
              key={inboxKey(a)}
              approval={a}
              now={now}
              compact={props.compact}
              onReview={() => setReviewing(a)}
            />
          ))}
        </List>
      )}
      {reviewing && (
        <ApprovalDialog
          open
          entityRef={parseEntityRef(reviewing.entityRef)}
          pipelineName={reviewing.pipelineName}
          approval={reviewing}
          decidedElsewhere={
            !pending.some(a => inboxKey(a) === inboxKey(reviewing))
          }
          onClose={() => setReviewing(undefined)}
          onDecided={result => {
            if (result) {
              // An approval decided here: every entity's entry for the token goes.
              setDecided(prev => {
                const next = new Set(prev);
                for (const a of props.items) {
                  if (
                    a.pipelineArn === reviewing.pipelineArn &&
                    a.token === reviewing.token
                  ) {
                    next.add(inboxKey(a));
                  }
                }
                return next;
              });
              setLastDecision(result);
            }
            props.onDecided();
          }}
        />
      )}
    </>
  );
}
