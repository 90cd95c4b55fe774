/** Refreshes pipelines from AWS into the store. */
export interface PipelineRefresher {
  /** Refreshes every due pipeline this instance can lease; returns how many were refreshed. */
  refreshDue(): Promise<{ refreshed: number; failed: number }>;
  /**
   * Refreshes one pipeline now if no other replica is refreshing it (after an approval or an
   * event), and otherwise makes it due at once.
   */
  refreshNow(arn: string): Promise<void>;
  /** Schedules {@link PipelineRefresher.refreshDue} on the scheduler (once across replicas). */
  start(): Promise<void>;
}

/**
 * Refreshes pipelines right away without making the caller wait (the approval is already
 * answered, the event already handled); shutdown waits for the refreshes it started.
 */
export interface BackgroundRefreshService {
  refreshInBackground(pipelineArns: string[], reason: string): void;
}
