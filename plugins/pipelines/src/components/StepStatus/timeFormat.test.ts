import { formatDuration, formatTimeAgo } from './timeFormat';

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
