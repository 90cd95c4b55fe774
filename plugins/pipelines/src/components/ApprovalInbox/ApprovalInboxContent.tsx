import {
  InfoCard,
  Link,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import Typography from '@material-ui/core/Typography';
import { usePendingApprovals } from '../../hooks/usePendingApprovals';
import { ApprovalInboxList } from './ApprovalInboxList';

/**
 * The inbox: every manual approval, across all entities, accounts and regions, that the signed-in
 * user may decide. A failed re-fetch keeps the last list, marked as such.
 */
export function ApprovalInboxContent() {
  const { value, error, loading, refetch } = usePendingApprovals();
  if (loading && !value) {
    return <Progress />;
  }
  if (!value) {
    return <ResponseErrorPanel error={error ?? new Error('No answer')} />;
  }
  return (
    <InfoCard
      title="Waiting for my approval"
      subheader={`${value.items.length} pending`}
    >
      {error && (
        <Typography variant="body2" color="error" role="alert">
          Showing the last known list: {error.message}
        </Typography>
      )}
      <ApprovalInboxList items={value.items} onDecided={() => refetch()} />
    </InfoCard>
  );
}

/**
 * The inbox as a homepage or overview card: the five oldest approvals waiting for the user, with a
 * link to the inbox page when given.
 */
export function ApprovalInboxCard(props: { inboxLink?: string }) {
  const { value, error, loading, refetch } = usePendingApprovals();
  const count = value?.items.length ?? 0;
  return (
    <InfoCard
      title="Waiting for my approval"
      subheader={value ? `${count} pending` : undefined}
      deepLink={
        props.inboxLink
          ? { title: 'Open the inbox', link: props.inboxLink }
          : undefined
      }
    >
      {loading && !value && <Progress />}
      {error && (
        <Typography variant="body2" color="error" role="alert">
          {value ? 'Showing the last known list: ' : ''}
          {error.message}
        </Typography>
      )}
      {value && (
        <ApprovalInboxList
          items={value.items}
          limit={5}
          compact
          onDecided={() => refetch()}
        />
      )}
      {value && count > 5 && props.inboxLink && (
        <Typography variant="body2">
          <Link to={props.inboxLink}>{count - 5} more in the inbox</Link>
        </Typography>
      )}
    </InfoCard>
  );
}
