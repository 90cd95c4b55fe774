import { useApi } from '@backstage/core-plugin-api';
import type { PendingApprovalsResponse } from '@dpra/plugin-pipelines-common';
import { pipelinesApiRef } from '../api';
import { usePolledResource, type PolledResource } from './usePolledResource';

/** How often the inbox is re-fetched: often while something waits, rarely when it is empty. */
export function inboxPollInterval(
  value: PendingApprovalsResponse | undefined,
): number {
  return value && value.items.length > 0 ? 10_000 : 30_000;
}

/** The approvals waiting for the signed-in user, across all entities, re-fetched on an interval. */
export function usePendingApprovals(): PolledResource<PendingApprovalsResponse> {
  const api = useApi(pipelinesApiRef);
  return usePolledResource(
    () => api.getPendingApprovals(),
    value => inboxPollInterval(value),
    [api],
  );
}
