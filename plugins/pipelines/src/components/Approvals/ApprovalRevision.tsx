import { Link } from '@backstage/core-components';
import type { ExecutionView } from '@dpra/plugin-pipelines-common';
import Typography from '@material-ui/core/Typography';
import { mainRevision, shortRevision } from '../Revision/stageRevisions';
import { readableRevisionSummary } from '../SourceRevision/revisionSummary';

/**
 * What started an execution, for a line of text: the trigger type ("Webhook"), with its detail (a
 * connection or role ARN, long and unbreakable on a phone) on hover.
 */
export function TriggerText(props: {
  execution: Pick<ExecutionView, 'trigger' | 'triggerDetail'>;
  prefix?: string;
}) {
  const { trigger, triggerDetail } = props.execution;
  if (!trigger) return null;
  return (
    <span title={triggerDetail}>
      {props.prefix ?? ''}
      {trigger}
    </span>
  );
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
      <TriggerText execution={execution} prefix=" · triggered by " />
    </Typography>
  );
}
