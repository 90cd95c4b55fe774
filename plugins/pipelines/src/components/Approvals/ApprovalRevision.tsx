import { Link } from '@backstage/core-components';
import type { ExecutionView } from '@dpra/plugin-pipelines-common';
import Typography from '@material-ui/core/Typography';
import { mainRevision, shortRevision } from '../Revision/stageRevisions';
import { readableRevisionSummary } from '../SourceRevision/revisionSummary';

/** How an execution was started, in words: "a webhook (push to main)". */
export function triggerText(
  execution: Pick<ExecutionView, 'trigger' | 'triggerDetail'>,
): string | undefined {
  if (!execution.trigger) return undefined;
  return execution.triggerDetail
    ? `${execution.trigger} (${execution.triggerDetail})`
    : execution.trigger;
}

/**
 * What an approval is for: the revision its execution carries (short commit linked to the change),
 * the commit message and what triggered the run. Several approvals of a PARALLEL pipeline differ
 * by exactly this.
 */
export function ApprovalRevision(props: {
  execution?: ExecutionView;
  executionId?: string;
  testId?: string;
}) {
  const { execution } = props;
  if (!execution) {
    return props.executionId ? (
      <Typography variant="body2" data-testid={props.testId}>
        Execution {props.executionId}
      </Typography>
    ) : null;
  }
  const revision = mainRevision(execution);
  const short =
    shortRevision(revision?.revisionId) ?? `execution ${execution.id}`;
  const message = readableRevisionSummary(revision?.revisionSummary);
  const trigger = triggerText(execution);
  return (
    <Typography variant="body2" data-testid={props.testId}>
      Revision{' '}
      {revision?.revisionUrl ? (
        <Link to={revision.revisionUrl}>
          <code>{short}</code>
        </Link>
      ) : (
        <code>{short}</code>
      )}
      {message ? `: ${message}` : ''}
      {trigger ? ` · triggered by ${trigger}` : ''}
    </Typography>
  );
}
