import { useApi } from '@backstage/core-plugin-api';
import useAsync from 'react-use/esm/useAsync';
import { pipelinesApiRef } from '../api';

/** What the backend is configured to reach; only asked for when there is nothing to show. */
export function useBackendStatus(enabled: boolean) {
  const api = useApi(pipelinesApiRef);
  return useAsync(
    async () => (enabled ? api.getStatus() : undefined),
    [api, enabled],
  );
}
