import { AsyncLocalStorage } from 'node:async_hooks';

/**
 * The deadline of a piece of work that calls AWS (the refresh of one pipeline, one approval, one
 * tag lookup): every AWS call made inside it through the plugin's clients is aborted when it
 * passes, retries and their back-off delays included.
 */
export interface AwsDeadline {
  /** Aborted (with an {@link AwsDeadlineExceededError}) when the deadline passes. */
  signal: AbortSignal;
  /** The deadline's length, for messages. */
  ms: number;
  /**
   * The last failed attempt of a call made under the deadline (set as it fails, before the SDK
   * retries): when the deadline cuts the retries, it is what actually went wrong.
   */
  lastFailure?: unknown;
}

/**
 * The deadline passed before AWS answered. Named `TimeoutError` as the SDK names its own timeouts,
 * so that whatever classifies errors treats both alike; the SDK does not retry it (it is thrown
 * around the SDK's retry loop, never inside it).
 */
export class AwsDeadlineExceededError extends Error {
  readonly name = 'TimeoutError';
  readonly code = 'ETIMEDOUT';

  constructor(
    readonly ms: number,
    what: string,
    /** The last failed attempt before the deadline passed, if any. */
    readonly lastFailure?: unknown,
  ) {
    super(`${what} did not finish within ${formatSeconds(ms)}`);
  }
}

/** `2 s`, `0.5 s`: how long a deadline or timeout was, for people. */
export function formatSeconds(ms: number): string {
  return `${Number((ms / 1000).toFixed(1))} s`;
}

const storage = new AsyncLocalStorage<AwsDeadline>();

/** The deadline of the work this call belongs to, if it runs inside {@link withAwsDeadline}. */
export function currentAwsDeadline(): AwsDeadline | undefined {
  return storage.getStore();
}

/**
 * Runs `fn` under a deadline of `ms`: the AWS calls it makes are aborted when the deadline passes,
 * and its promise is settled then at the latest (with an {@link AwsDeadlineExceededError}), even if
 * `fn` is still awaiting something that does not watch the signal (a credential provider, a queue
 * slot). `fn` must not write anything after its signal was aborted.
 */
export async function withAwsDeadline<T>(
  ms: number,
  what: string,
  fn: (signal: AbortSignal) => Promise<T>,
): Promise<T> {
  const controller = new AbortController();
  const deadline: AwsDeadline = { signal: controller.signal, ms };
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      const error = new AwsDeadlineExceededError(
        ms,
        what,
        deadline.lastFailure,
      );
      controller.abort(error);
      reject(error);
    }, ms);
  });
  const work = storage.run(deadline, () => fn(controller.signal));
  // Whichever loses the race is settled later; nobody waits for it any more.
  work.catch(() => {});
  expired.catch(() => {});
  try {
    return await Promise.race([work, expired]);
  } finally {
    clearTimeout(timer);
  }
}
