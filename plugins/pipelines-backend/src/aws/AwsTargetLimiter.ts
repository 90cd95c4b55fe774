import pLimit from 'p-limit';
import { targetKey } from './AwsTarget';

/**
 * Bounds concurrent AWS calls per account/region: AWS throttles per account and region, so a
 * refresh of many pipelines must not burst past the API's rate there, whatever else runs.
 */
export class AwsTargetLimiter {
  private readonly limits = new Map<string, pLimit.Limit>();

  constructor(private readonly concurrencyPerTarget: number) {}

  run<T>(
    target: { accountId: string; region: string },
    fn: () => Promise<T>,
  ): Promise<T> {
    const key = targetKey(target);
    let limit = this.limits.get(key);
    if (!limit) {
      limit = pLimit(this.concurrencyPerTarget);
      this.limits.set(key, limit);
    }
    return limit(fn);
  }
}
