import { Link } from '@backstage/core-components';
import Typography from '@material-ui/core/Typography';
import { formatSpan } from '../../time/timeRules';
import { StageRevision, shortRevision } from './stageRevisions';

/** "3 runs, 2 h behind" — how far a stage's revision trails the newest execution. */
export function behindText(r: StageRevision): string {
  const parts: string[] = [];
  if (r.runsBehind !== undefined && r.runsBehind > 0) {
    parts.push(`${r.runsBehind} run${r.runsBehind === 1 ? '' : 's'}`);
  }
  if (r.behindMs !== undefined && r.behindMs >= 60_000) {
    parts.push(formatSpan(r.behindMs));
  }
  return parts.length ? `previous, ${parts.join(', ')} behind` : 'previous';
}

/**
 * The revision a stage, wave or cell holds: the short commit linked to the change, the commit
 * message on hover, and "previous, 2 runs, 3 h behind" where the newest execution has not
 * reached it.
 */
export function RevisionLabel(props: {
  revision: StageRevision;
  testId?: string;
}) {
  const r = props.revision;
  const short =
    shortRevision(r.revision?.revisionId) ??
    `execution ${r.executionId.slice(0, 8)}`;
  const label = `Revision ${short}${r.message ? `: ${r.message}` : ''}${
    r.previous ? ` (${behindText(r)})` : ''
  }`;
  return (
    <Typography
      variant="caption"
      display="block"
      data-testid={props.testId}
      aria-label={label}
      title={r.message}
    >
      {r.revision?.revisionUrl ? (
        <Link to={r.revision.revisionUrl}>
          <code>{short}</code>
        </Link>
      ) : (
        <code>{short}</code>
      )}
      {r.previous && <> · {behindText(r)}</>}
    </Typography>
  );
}
