import {
  elapsedMs,
  formatDuration,
  formatTimeAgo,
  remainingMs,
} from './timeRules';

describe('formatDuration', () => {
  it('formats hours, minutes and seconds compactly', () => {
    expect(formatDuration(((2 * 60 + 5) * 60 + 9) * 1000)).toBe('2h 05m 09s');
    expect(formatDuration((4 * 60 + 3) * 1000)).toBe('4m 03s');
    expect(formatDuration(12_400)).toBe('12s');
    expect(formatDuration((3 * 24 + 4) * 3600 * 1000)).toBe('3d 4h');
    expect(formatDuration(-5000)).toBe('0s');
  });
});

describe('formatTimeAgo', () => {
  const now = Date.parse('2026-01-15T12:00:00Z');
  it('says how long ago', () => {
    expect(formatTimeAgo('2026-01-15T11:57:00Z', now)).toBe('3 min ago');
    expect(formatTimeAgo('2026-01-15T11:59:50Z', now)).toBe('just now');
    expect(formatTimeAgo('2026-01-15T09:00:00Z', now)).toBe('3 h ago');
    expect(formatTimeAgo('2026-01-10T12:00:00Z', now)).toBe('5 days ago');
    expect(formatTimeAgo(undefined, now)).toBe('never');
  });
});

describe('elapsedMs', () => {
  const now = Date.parse('2026-01-15T12:00:00Z');
  it('is end − start when ended, now − start while running, never negative', () => {
    expect(elapsedMs('2026-01-15T11:00:00Z', '2026-01-15T11:30:00Z', now)).toBe(
      30 * 60_000,
    );
    expect(elapsedMs('2026-01-15T11:50:00Z', undefined, now)).toBe(10 * 60_000);
    expect(elapsedMs('2026-01-15T12:05:00Z', undefined, now)).toBe(0);
    expect(elapsedMs(undefined, undefined, now)).toBeUndefined();
  });
});

describe('remainingMs', () => {
  const now = Date.parse('2026-01-15T12:00:00Z');
  it('never exceeds the configured length, never goes below zero', () => {
    // A 12 h bake whose end AWS reports 20 h away (clock skew) shows at most 12 h.
    expect(remainingMs('2026-01-16T08:00:00Z', now, 12 * 3_600_000)).toBe(
      12 * 3_600_000,
    );
    expect(remainingMs('2026-01-15T13:00:00Z', now, 12 * 3_600_000)).toBe(
      3_600_000,
    );
    expect(remainingMs('2026-01-15T11:00:00Z', now)).toBe(0);
  });
});
