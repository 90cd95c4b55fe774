import type { BackgroundRefreshService } from '../refresh/types';
import type { AlarmStore, RefreshQueue } from '../store';
import type { StateChangeEvent } from './parseStateChangeEvent';

/**
 * Makes the pipelines that state-change events concern due now, and asks for their refresh: a
 * pipeline event names its pipeline, an alarm event every stored pipeline whose conditions watch
 * the alarm. Pipelines the store does not track are left alone, so an event can never make the
 * backend read something the entities' annotations and the config do not allow.
 *
 * @returns the ARNs of the pipelines made due
 */
export async function refreshForStateChanges(
  events: Array<StateChangeEvent | undefined>,
  options: {
    refreshQueue: Pick<RefreshQueue, 'requestRefresh'>;
    alarms: Pick<AlarmStore, 'listPipelineArnsWatchingAlarm'>;
    background: Pick<BackgroundRefreshService, 'refreshInBackground'>;
    now: () => Date;
  },
): Promise<string[]> {
  const { refreshQueue, alarms } = options;
  const arns = new Set<string>();
  for (const event of events) {
    if (event?.kind === 'pipeline') {
      arns.add(event.pipelineArn);
    } else if (event?.kind === 'alarm') {
      for (const arn of await alarms.listPipelineArnsWatchingAlarm(
        event.region,
        event.alarmName,
      )) {
        arns.add(arn);
      }
    }
  }
  for (const arn of arns) {
    await refreshQueue.requestRefresh(arn, options.now());
  }
  if (arns.size > 0) {
    options.background.refreshInBackground([...arns], 'an event');
  }
  return [...arns];
}
