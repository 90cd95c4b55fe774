import type {
  LifecycleService,
  LoggerService,
} from '@backstage/backend-plugin-api';
import type { BackgroundRefreshService, PipelineRefresher } from './types';

/** Options of {@link createBackgroundRefreshService}. */
export interface BackgroundRefreshServiceOptions {
  refresher: Pick<PipelineRefresher, 'refreshNow'>;
  logger: LoggerService;
  lifecycle: LifecycleService;
}

/** Creates the background refresh service. */
export function createBackgroundRefreshService(
  options: BackgroundRefreshServiceOptions,
): BackgroundRefreshService {
  const { refresher, logger } = options;
  /** Refreshes started and not yet ended. */
  const running = new Set<Promise<void>>();
  // A refresh cut off by shutdown would leave its lease taken until it expires.
  options.lifecycle.addShutdownHook(async () => {
    await Promise.allSettled([...running]);
  });
  return {
    refreshInBackground(pipelineArns, reason) {
      for (const arn of pipelineArns) {
        const refresh = refresher
          .refreshNow(arn)
          .catch(error =>
            logger.warn(`Refresh of ${arn} after ${reason} failed: ${error}`),
          )
          .finally(() => running.delete(refresh));
        running.add(refresh);
      }
    },
  };
}
