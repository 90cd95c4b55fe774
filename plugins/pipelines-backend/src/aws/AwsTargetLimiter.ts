import pLimit from 'p-limit';
import { targetKey } from './AwsTarget';

/**
 * Bounds concurrent AWS calls per account/region: AWS throttles per account and region, so a
 * refresh of many pipelines must not burst past the API's rate there, whatever else runs.
 */
export class AwsTargetLimiter {
  private readonly limits = new Map<string, pLimit.Limit>();

  constructor(private readonly concurrencyPerTarget: number) {}

  /**
   * Runs `fn` in one of the target's slots. With a `signal`, a call still waiting for a slot when
   * the signal aborts fails at once with the signal's reason (and gives its turn up unused), so
   * that a target whose slots are held by hung calls cannot hold up work past its deadline.
   */
  run<T>(
    target: { accountId: string; region: string },
    fn: () => Promise<T>,
    signal?: AbortSignal,
  ): Promise<T> {
    const key = targetKey(target);
    let limit = this.limits.get(key);
    if (!limit) {
      limit = pLimit(this.concurrencyPerTarget);
      this.limits.set(key, limit);
    }
    if (!signal) {
      return limit(fn);
    }
    if (signal.aborted) {
      return Promise.reject(signal.reason);
    }
    return new Promise<T>((resolve, reject) => {
      const onAbort = () => reject(signal.reason);
      signal.addEventListener('abort', onAbort, { once: true });
      limit(async () => {
        if (signal.aborted) {
          return;
        }
        try {
          resolve(await fn());
        } catch (error) {
          reject(error);
        }
      }).finally(() => signal.removeEventListener('abort', onAbort));
    });
  }
}
