import { useSyncExternalStore } from 'react';

/**
 * One ticking clock per interval, shared by every component that asks for it: all countdowns and
 * "ago" texts on the page read the same `now` and re-render on the same tick (one timer, not one
 * per cell).
 */
class Ticker {
  private listeners = new Set<() => void>();
  private timer?: ReturnType<typeof setInterval>;
  now = Date.now();

  constructor(private readonly intervalMs: number) {}

  subscribe = (listener: () => void) => {
    this.listeners.add(listener);
    if (!this.timer) {
      this.now = Date.now();
      this.timer = setInterval(() => {
        this.now = Date.now();
        this.listeners.forEach(l => l());
      }, this.intervalMs);
    }
    return () => {
      this.listeners.delete(listener);
      if (this.listeners.size === 0 && this.timer) {
        clearInterval(this.timer);
        this.timer = undefined;
      }
    };
  };

  getSnapshot = () => {
    // Before the first tick of a fresh subscription, read the clock rather than a stale value.
    if (!this.timer) this.now = Date.now();
    return this.now;
  };
}

const tickers = new Map<number, Ticker>();

/**
 * The current time in ms, updated every `intervalMs` (1 s by default): drives live countdowns such
 * as the bake time remaining without re-fetching anything. Everything that uses the same interval
 * sees the same value.
 */
export function useNow(intervalMs = 1000): number {
  let ticker = tickers.get(intervalMs);
  if (!ticker) {
    ticker = new Ticker(intervalMs);
    tickers.set(intervalMs, ticker);
  }
  return useSyncExternalStore(ticker.subscribe, ticker.getSnapshot);
}
