const MINUTE = 60_000;

/**
 * How long the things the simulation runs take. The scenario's clock is always the wall clock (a
 * viewer compares every timestamp with its own "now"); a demo that wants bakes and deployments
 * to finish while someone watches compresses their durations instead, never the clock.
 */
export interface DurationScale {
  /** When something that takes `minutes` (nominally) and starts at `start` ends. */
  endOf(start: Date, minutes: number): Date;
}

/** Every duration as declared. */
export const NOMINAL_DURATIONS: DurationScale = {
  endOf: (start, minutes) => new Date(start.getTime() + minutes * MINUTE),
};

/**
 * Durations as declared up to `from` (the world's history), and `speed` times shorter after it:
 * a 12 h bake that starts live ends after 12 min at speed 60; one that started before `from`
 * runs its past part at full length and the rest compressed.
 */
export function compressedAfter(from: Date, speed: number): DurationScale {
  if (!Number.isFinite(speed) || speed <= 0) {
    throw new RangeError(`speed must be a positive number, got ${speed}`);
  }
  return {
    endOf(start, minutes) {
      const nominal = start.getTime() + minutes * MINUTE;
      if (nominal <= from.getTime() || speed === 1) return new Date(nominal);
      const live = Math.max(start.getTime(), from.getTime());
      return new Date(live + (nominal - live) / speed);
    },
  };
}
