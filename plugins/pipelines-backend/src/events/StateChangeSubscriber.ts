import type { EventsService } from '@backstage/plugin-events-node';
import type { BackgroundRefreshService } from '../refresh/types';
import type { AlarmStore, RefreshQueue } from '../store';
import { parseStateChangeEvent } from './parseStateChangeEvent';
import { refreshForStateChanges } from './refreshForStateChanges';
import type { StateChangeSubscriber } from './types';

/** Options of {@link createStateChangeSubscriber}. */
export interface StateChangeSubscriberOptions {
  events: EventsService;
  /** The events topic carrying EventBridge state changes; none: no subscription. */
  topic?: string;
  refreshQueue: Pick<RefreshQueue, 'requestRefresh'>;
  alarms: Pick<AlarmStore, 'listPipelineArnsWatchingAlarm'>;
  background: Pick<BackgroundRefreshService, 'refreshInBackground'>;
  now?: () => Date;
}

/** Creates the subscriber of the state-change topic. */
export function createStateChangeSubscriber(
  options: StateChangeSubscriberOptions,
): StateChangeSubscriber {
  const now = options.now ?? (() => new Date());
  return {
    async start() {
      if (!options.topic) {
        return;
      }
      await options.events.subscribe({
        id: 'dpra-pipelines',
        topics: [options.topic],
        onEvent: async ({ eventPayload }) => {
          await refreshForStateChanges([parseStateChangeEvent(eventPayload)], {
            ...options,
            now,
          });
        },
      });
    },
  };
}
