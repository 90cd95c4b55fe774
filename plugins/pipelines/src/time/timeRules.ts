/**
 * The one clock rule of the tab: every duration, countdown and "ago" is computed here, from
 * timestamps AWS reported and one `now` (see `useNow`), so that what the screen says adds up.
 *
 * - A running thing's duration is `now − start`; a finished one's is `end − start`, whatever the
 *   time now.
 * - Nothing is negative: a timestamp ahead of `now` (clock skew between AWS and the browser) counts
 *   as `now`.
 * - A countdown never exceeds the length it counts down (a 12 h bake never shows more than 12 h).
 */

/**
 * Compact duration for countdowns and run times: `2h 05m 09s`, `4m 03s`, `12s`; days when longer
 * than a day (`3d 4h`). Negative values count as zero.
 */
export function formatDuration(ms: number): string {
  const totalSeconds = Math.max(0, Math.floor(ms / 1000));
  const days = Math.floor(totalSeconds / 86400);
  const hours = Math.floor((totalSeconds % 86400) / 3600);
  const minutes = Math.floor((totalSeconds % 3600) / 60);
  const seconds = totalSeconds % 60;
  const pad = (n: number) => String(n).padStart(2, '0');
  if (days > 0) return `${days}d ${hours}h`;
  if (hours > 0) return `${hours}h ${pad(minutes)}m ${pad(seconds)}s`;
  if (minutes > 0) return `${minutes}m ${pad(seconds)}s`;
  return `${seconds}s`;
}

/** A coarse duration for "ago" and "behind" texts: `3 min`, `2 h`, `5 days`. */
export function formatSpan(ms: number): string {
  const minutes = Math.round(Math.max(0, ms) / 60_000);
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.round(minutes / 60);
  if (hours < 48) return `${hours} h`;
  return `${Math.round(hours / 24)} days`;
}

function parse(iso: string | undefined): number | undefined {
  if (!iso) return undefined;
  const t = Date.parse(iso);
  return Number.isNaN(t) ? undefined : t;
}

/**
 * How long something ran or has been running: `end − start` when it ended, else `now − start`;
 * undefined without a start.
 */
export function elapsedMs(
  startIso: string | undefined,
  endIso: string | undefined,
  now: number,
): number | undefined {
  const start = parse(startIso);
  if (start === undefined) return undefined;
  const end = parse(endIso);
  // Both ends from AWS: AWS's own measure. Running: against our clock, never negative.
  return Math.max(0, (end ?? now) - start);
}

/**
 * Time left until `endsAt`, never below zero and never above `maxMs` (the configured length of
 * what is counted down), whatever the clocks say.
 */
export function remainingMs(
  endsAtIso: string,
  now: number,
  maxMs?: number,
): number {
  const end = parse(endsAtIso);
  if (end === undefined) return 0;
  const left = Math.max(0, end - now);
  return maxMs === undefined ? left : Math.min(left, maxMs);
}

/** `just now`, `3 min ago`, `2 h ago`, `5 days ago` — never in the future. */
export function formatTimeAgo(iso: string | undefined, now: number): string {
  if (!iso) return 'never';
  const then = parse(iso);
  if (then === undefined) return 'at an unknown time';
  const ms = Math.max(0, now - then);
  if (ms < 45_000) return 'just now';
  return `${formatSpan(ms)} ago`;
}

/** A date-time in the user's locale and time zone, or an em dash when absent. */
export function formatDateTime(iso: string | undefined): string {
  if (!iso) return '—';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return date.toLocaleString();
}

const shortFormatters = new Map<string, Intl.DateTimeFormat>();

/** A short date-time: `Mon 14:05` within a week of `now`, else `12 Jan 14:05`. */
export function formatShortDateTime(
  ms: number,
  now: number,
  timeZone?: string,
) {
  const withinWeek = Math.abs(ms - now) < 6 * 86_400_000;
  // Building an Intl formatter costs far more than formatting with it: one per zone and form.
  const key = `${timeZone ?? ''}|${withinWeek}`;
  let formatter = shortFormatters.get(key);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat(undefined, {
      timeZone,
      weekday: withinWeek ? 'short' : undefined,
      day: withinWeek ? undefined : 'numeric',
      month: withinWeek ? undefined : 'short',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    });
    shortFormatters.set(key, formatter);
  }
  return formatter.format(ms);
}
