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

/**
 * Where a resource's last answer is remembered between mounts: `store` is the object that owns
 * the memory (the API client: one per app, a new one per test), `key` names the resource and its
 * parameters.
 */
export interface RememberedAt {
  store: object;
  key: string;
}

/** Answers remembered per store, the most recently used last. */
const rememberedAnswers = new WeakMap<object, Map<string, unknown>>();
/** Resources remembered per store: a few entities' tabs (about 80 KB each for 8 stages × 100 runs). */
const REMEMBERED_PER_STORE = 24;

function recall(at: RememberedAt | undefined): unknown {
  return at ? rememberedAnswers.get(at.store)?.get(at.key) : undefined;
}

function remember(at: RememberedAt | undefined, value: unknown) {
  if (!at || value === undefined) return;
  let answers = rememberedAnswers.get(at.store);
  if (!answers) {
    answers = new Map();
    rememberedAnswers.set(at.store, answers);
  }
  answers.delete(at.key);
  answers.set(at.key, value);
  if (answers.size > REMEMBERED_PER_STORE) {
    answers.delete(answers.keys().next().value!);
  }
}

/** The state a fetch starts from: the remembered answer, if any, shown while it runs. */
function startingState<T>(at: RememberedAt | undefined) {
  const value = recall(at) as T | undefined;
  return value === undefined ? { loading: true } : { value, loading: true };
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
 *
 * With `rememberAt`, the last answer outlives the component: mounted again (back to the tab), it
 * shows that answer at once, with `loading` true, while the first fetch brings the current one,
 * instead of a spinner for a round trip. The answer carries its own freshness (when the backend
 * read AWS), so what is shown says how old it is.
 */
export function usePolledResource<T>(
  load: () => Promise<T>,
  intervalMs: PollInterval<T>,
  deps: unknown[],
  rememberAt?: RememberedAt,
): PolledResource<T> {
  const [state, setState] = useState<{
    value?: T;
    error?: Error;
    loading: boolean;
  }>(() => startingState<T>(rememberAt));
  const rememberAtRef = useRef(rememberAt);
  rememberAtRef.current = rememberAt;
  // The first run starts from the state the component was created with.
  const started = useRef(false);
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
    if (!error) remember(rememberAtRef.current, value);
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
    if (started.current) {
      setState(startingState<T>(rememberAtRef.current));
    }
    started.current = true;
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
