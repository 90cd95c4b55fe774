import { useCallback, useEffect, useRef, useState } from 'react';

/** State of a resource that is fetched, then re-fetched on an interval. */
export interface PolledResource<T> {
  /** The latest value; kept while a re-fetch runs so the view does not flicker. */
  value?: T;
  /** The error of the latest fetch, cleared by the next successful one. */
  error?: Error;
  /** True until the first fetch settles. */
  loading: boolean;
  /** Fetch now (e.g. after a decision), then resume the interval. */
  refetch: () => Promise<void>;
}

/** How soon to fetch again after a fetch settled (undefined: stop polling). */
export type PollInterval<T> = (
  value: T | undefined,
  error: Error | undefined,
) => number | undefined;

/**
 * Fetch `load()` and keep re-fetching it; `intervalMs(value)` decides how soon the next fetch runs
 * after each one, so busy resources are polled often and idle ones rarely. Returning `undefined`
 * stops polling.
 */
export function usePolledResource<T>(
  load: () => Promise<T>,
  intervalMs: PollInterval<T>,
  deps: unknown[],
): PolledResource<T> {
  const [state, setState] = useState<{
    value?: T;
    error?: Error;
    loading: boolean;
  }>({ loading: true });
  const timer = useRef<ReturnType<typeof setTimeout>>();
  const generation = useRef(0);
  // Keep the latest callbacks without re-subscribing on every render.
  const loadRef = useRef(load);
  loadRef.current = load;
  const intervalRef = useRef(intervalMs);
  intervalRef.current = intervalMs;

  const run = useCallback(async (gen: number) => {
    if (timer.current) clearTimeout(timer.current);
    let value: T | undefined;
    let error: Error | undefined;
    try {
      value = await loadRef.current();
    } catch (e) {
      error = e instanceof Error ? e : new Error(String(e));
    }
    // A newer run (refetch or changed deps) owns the state now.
    if (gen !== generation.current) return;
    setState(prev => {
      // An unchanged answer keeps the previous object, so memoised views skip re-rendering on
      // every poll.
      const unchanged =
        !error &&
        prev.value !== undefined &&
        JSON.stringify(prev.value) === JSON.stringify(value);
      if (unchanged && !prev.error && !prev.loading) return prev;
      return {
        value: error || unchanged ? prev.value : value,
        error,
        loading: false,
      };
    });
    const next = intervalRef.current(error ? undefined : value, error);
    if (next !== undefined) {
      timer.current = setTimeout(() => {
        run(gen);
      }, next);
    }
  }, []);

  useEffect(() => {
    generation.current += 1;
    setState({ loading: true });
    run(generation.current);
    return () => {
      generation.current += 1;
      if (timer.current) clearTimeout(timer.current);
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, deps);

  const refetch = useCallback(async () => {
    generation.current += 1;
    await run(generation.current);
  }, [run]);

  return { ...state, refetch };
}
