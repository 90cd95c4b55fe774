import { useApi } from '@backstage/core-plugin-api';
import {
  INBOX_SIGNAL_CHANNEL,
  type PendingApprovalsResponse,
} from '@dpra/plugin-pipelines-common';
import { pipelinesApiRef } from '../api';
import type { PolledResource } from './usePolledResource';
import { useSignalledResource } from './useSignalledResource';

/** How often the inbox is re-fetched: often while something waits, rarely when it is empty. */
export function inboxPollInterval(
  value: PendingApprovalsResponse | undefined,
): number {
  return value && value.items.length > 0 ? 10_000 : 30_000;
}

/**
 * The approvals waiting for the signed-in user, across all entities: re-fetched when the backend
 * signals that approvals changed, and on an interval.
 */
export function usePendingApprovals(): PolledResource<PendingApprovalsResponse> {
  const api = useApi(pipelinesApiRef);
  return useSignalledResource(
    INBOX_SIGNAL_CHANNEL,
    () => api.getPendingApprovals(),
    value => inboxPollInterval(value),
    [api],
  );
}
