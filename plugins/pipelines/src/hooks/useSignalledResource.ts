import { useSignal } from '@backstage/plugin-signals-react';
import type { PipelinesSignal } from '@dpra/plugin-pipelines-common';
import { useEffect } from 'react';
import {
  usePolledResource,
  type PolledResource,
  type PollInterval,
  type RememberedAt,
} from './usePolledResource';

/**
 * {@link usePolledResource} that also re-fetches at once when the backend signals a change on
 * `channel` (Backstage signals), so an open page follows a decision, a control or a refresh
 * without waiting for its next poll. Without the signals plugin, polling alone keeps it current;
 * with it, polling stays the safety net for a signal lost on a broken connection.
 */
export function useSignalledResource<T>(
  channel: string,
  load: () => Promise<T>,
  intervalMs: PollInterval<T>,
  deps: unknown[],
  rememberAt?: RememberedAt,
): PolledResource<T> {
  const { lastSignal } = useSignal<PipelinesSignal>(channel);
  const resource = usePolledResource(
    load,
    intervalMs,
    [channel, ...deps],
    rememberAt,
  );
  const { refetch } = resource;
  useEffect(() => {
    if (lastSignal) {
      refetch();
    }
  }, [lastSignal, refetch]);
  return resource;
}
