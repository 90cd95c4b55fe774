import {
  CronSyntaxError,
  QuartzCron,
  ZonedTime,
  matchesDay,
  matchesMinute,
  parseQuartzCron,
} from './quartzCron';

const MINUTE = 60_000;
/** How far ahead the next opening or closing is looked for (a yearly window still fits). */
const HORIZON_MINUTES = 400 * 24 * 60;

const formatters = new Map<string, Intl.DateTimeFormat>();

/** True when the runtime knows the IANA time zone (AWS also accepts some it may not). */
export function isKnownTimeZone(timeZone: string): boolean {
  try {
    zonedFormatter(timeZone);
    return true;
  } catch {
    return false;
  }
}

function zonedFormatter(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      weekday: 'short',
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

const WEEKDAY_INDEX: Record<string, number> = {
  Sun: 1,
  Mon: 2,
  Tue: 3,
  Wed: 4,
  Thu: 5,
  Fri: 6,
  Sat: 7,
};

/** The wall-clock fields of an instant in a time zone. */
export function zonedTime(instant: number, timeZone: string): ZonedTime {
  const parts: Record<string, string> = {};
  for (const part of zonedFormatter(timeZone).formatToParts(instant)) {
    parts[part.type] = part.value;
  }
  return {
    year: Number(parts.year),
    month: Number(parts.month),
    day: Number(parts.day),
    hour: Number(parts.hour) % 24,
    minute: Number(parts.minute),
    dayOfWeek: WEEKDAY_INDEX[parts.weekday] ?? 1,
  };
}

/** Where a deployment window stands at an instant. */
export interface WindowStatus {
  open: boolean;
  /** When it next changes (closes if open, opens if closed), if within the look-ahead. */
  changesAt?: number;
}

/**
 * Whether the window is open at `now`, and when that next changes. Steps a minute at a time, but
 * skips whole days and hours that cannot match, so a weekday window costs a few hundred steps.
 */
export function windowStatus(
  cron: QuartzCron,
  timeZone: string,
  now: number,
): WindowStatus {
  const start = Math.floor(now / MINUTE) * MINUTE;
  const open = matchesMinute(cron, zonedTime(start, timeZone));
  let t = start + MINUTE;
  const end = start + HORIZON_MINUTES * MINUTE;
  while (t < end) {
    const z = zonedTime(t, timeZone);
    if (!open) {
      // Looking for the opening: skip what cannot match.
      if (!matchesDay(cron, z)) {
        t += ((23 - z.hour) * 60 + (60 - z.minute)) * MINUTE;
        continue;
      }
      if (!cron.hours.has(z.hour)) {
        t += (60 - z.minute) * MINUTE;
        continue;
      }
    }
    if (matchesMinute(cron, z) !== open) return { open, changesAt: t };
    t += MINUTE;
  }
  return { open };
}

const WEEKDAY_NAMES = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTH_NAMES = [
  'Jan',
  'Feb',
  'Mar',
  'Apr',
  'May',
  'Jun',
  'Jul',
  'Aug',
  'Sep',
  'Oct',
  'Nov',
  'Dec',
];

/** Consecutive runs of a sorted set, e.g. {1,2,3,5} → [[1,3],[5,5]]. */
function runs(values: ReadonlySet<number>): Array<[number, number]> {
  const sorted = [...values].sort((a, b) => a - b);
  const out: Array<[number, number]> = [];
  for (const v of sorted) {
    const last = out[out.length - 1];
    if (last && last[1] === v - 1) last[1] = v;
    else out.push([v, v]);
  }
  return out;
}

const pad = (n: number) => String(n).padStart(2, '0');

function listRuns(
  values: ReadonlySet<number>,
  name: (v: number) => string,
): string {
  return runs(values)
    .map(([a, b]) => (a === b ? name(a) : `${name(a)}–${name(b)}`))
    .join(', ');
}

/** The times of day the window is open, e.g. `09:00–16:59`, or undefined for "all day". */
function timesOfDay(cron: QuartzCron): string | undefined {
  if (cron.hours.size === 24 && cron.minutes.size === 60) return undefined;
  if (cron.minutes.size === 60) {
    return runs(cron.hours)
      .map(([a, b]) => `${pad(a)}:00–${pad(b)}:59`)
      .join(', ');
  }
  const minuteRuns = runs(cron.minutes);
  if (minuteRuns.length === 1 && cron.hours.size === 1) {
    const [h] = [...cron.hours];
    const [[a, b]] = minuteRuns;
    return `${pad(h)}:${pad(a)}–${pad(h)}:${pad(b)}`;
  }
  return `minutes ${listRuns(cron.minutes, String)} of hours ${listRuns(
    cron.hours,
    pad,
  )}`;
}

/**
 * The window in words, in the rule's own terms: `Mon–Thu 09:00–16:59`, `every day`,
 * `Mon–Fri 22:00–23:59 in Jan–Mar`. Special days (`L`, `W`, `#`) are named as Quartz defines them.
 */
export function describeWindow(cron: QuartzCron): string {
  const parts: string[] = [];
  const [, , , dom, , dow] = cron.fields;
  if (dow !== '?' && dow !== '*') {
    const terms = dow.split(',').map(term => {
      const upper = term.toUpperCase();
      const nth = /^(\w+)#(\d)$/.exec(upper);
      if (nth) {
        return `the ${ordinal(Number(nth[2]))} ${weekdayName(
          nth[1],
        )} of the month`;
      }
      const last = /^(\w+)L$/.exec(upper);
      if (last) return `the last ${weekdayName(last[1])} of the month`;
      return '';
    });
    const plain = cron.daysOfWeek?.filter(t => t.kind === 'set') ?? [];
    const days = new Set<number>();
    plain.forEach(t => t.kind === 'set' && t.days.forEach(d => days.add(d)));
    const named = [
      days.size ? listRuns(days, d => WEEKDAY_NAMES[d - 1]) : '',
      ...terms,
    ].filter(Boolean);
    parts.push(named.join(', '));
  } else if (dom !== '?' && dom !== '*') {
    const words = dom.split(',').map(term => {
      const upper = term.toUpperCase();
      if (upper === 'L') return 'the last day of the month';
      if (upper === 'LW') return 'the last weekday of the month';
      const offset = /^L-(\d+)$/.exec(upper);
      if (offset) return `${offset[1]} days before the end of the month`;
      const w = /^(\d+)W$/.exec(upper);
      if (w) return `the weekday nearest day ${w[1]}`;
      return `day ${term}`;
    });
    parts.push(`on ${words.join(', ')}`);
  } else {
    parts.push('every day');
  }
  const times = timesOfDay(cron);
  if (times) parts.push(times);
  if (cron.months.size < 12) {
    parts.push(`in ${listRuns(cron.months, m => MONTH_NAMES[m - 1])}`);
  }
  if (cron.years) parts.push(`in ${listRuns(cron.years, String)}`);
  return parts.join(' ');
}

const WEEKDAYS = ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'];

/** `6` or `FRI` → `Fri`. */
function weekdayName(token: string): string {
  const index = /^\d+$/.test(token)
    ? Number(token) - 1
    : WEEKDAYS.indexOf(token.toUpperCase());
  return WEEKDAY_NAMES[index] ?? token;
}

function ordinal(n: number): string {
  return ['first', 'second', 'third', 'fourth', 'fifth'][n - 1] ?? `${n}th`;
}

/** A parsed window with its time zone, or why it cannot be read. */
export type ParsedWindow =
  | { ok: true; cron: QuartzCron; timeZone: string; text: string }
  | { ok: false; reason: string };

const parsed = new Map<string, ParsedWindow>();

/** Parses (once per expression and zone) a DeploymentWindow rule's `Cron` and `TimeZone`. */
export function parseWindow(cron: string, timeZone = 'UTC'): ParsedWindow {
  const key = `${cron}\u0000${timeZone}`;
  let result = parsed.get(key);
  if (!result) {
    try {
      const expression = parseQuartzCron(cron);
      result = isKnownTimeZone(timeZone)
        ? {
            ok: true,
            cron: expression,
            timeZone,
            text: describeWindow(expression),
          }
        : {
            ok: false,
            reason: `${describeWindow(
              expression,
            )} (${timeZone}: a time zone this browser does not know, so whether it is open now cannot be told)`,
          };
    } catch (e) {
      result = {
        ok: false,
        reason: e instanceof CronSyntaxError ? e.message : String(e),
      };
    }
    parsed.set(key, result);
  }
  return result;
}
