import type { DataSource, Freshness } from '@dpra/plugin-pipelines-common';
import Chip from '@material-ui/core/Chip';
import Typography from '@material-ui/core/Typography';
import Alert from '@material-ui/lab/Alert';
import { useNow } from '../../time/useNow';
import { formatTimeAgo } from '../../time/timeRules';

/**
 * "Last updated 3 min ago — AWS throttled the request" as a warning when the data is stale; a quiet
 * caption otherwise.
 */
export function FreshnessNote(props: { freshness: Freshness; what?: string }) {
  const now = useNow(30_000);
  const { freshness } = props;
  const ago = formatTimeAgo(freshness.lastRefreshedAt, now);
  const updated = freshness.lastRefreshedAt
    ? `Last updated ${ago}`
    : 'Never updated from AWS yet';
  if (freshness.stale) {
    const text = `${updated}${
      freshness.staleReason ? ` — ${freshness.staleReason}` : ''
    }`;
    return (
      <Alert
        severity="warning"
        data-testid="stale-note"
        aria-label={`Stale data: ${text}`}
      >
        {props.what ? `${props.what}: ` : ''}
        {text}
      </Alert>
    );
  }
  return (
    <Typography
      variant="caption"
      color="textSecondary"
      data-testid="freshness-note"
    >
      {updated}
    </Typography>
  );
}

/** A visible label when the data comes from the local AWS scenario endpoint, not real accounts. */
export function DataSourceLabel(props: { source: DataSource }) {
  if (props.source.kind !== 'local') return null;
  return (
    <Chip
      color="secondary"
      size="small"
      label="Local AWS scenario (demo data)"
      title={props.source.label}
      aria-label={props.source.label}
      data-testid="local-source-label"
    />
  );
}
