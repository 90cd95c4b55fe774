/*
 * CodePipeline's DeploymentWindow rule: a stage may be entered when the rule's `Cron` (Quartz
 * style, seconds first: seconds minutes hours day-of-month month day-of-week year) matches the
 * current time in the rule's `TimeZone` (a Region/City zone, UTC or UTC±hh:mm, or a common
 * abbreviation such as PST).
 */

const MONTHS = 'JAN FEB MAR APR MAY JUN JUL AUG SEP OCT NOV DEC'.split(' ');
/** EventBridge numbers days of the week 1-7 from Sunday. */
const DAYS = 'SUN MON TUE WED THU FRI SAT'.split(' ');

/** Standard-time offsets (minutes east of UTC) of the abbreviations AWS's examples use. */
const ABBREVIATION_OFFSETS: Record<string, number> = {
  UTC: 0,
  GMT: 0,
  PST: -480,
  PDT: -420,
  MST: -420,
  MDT: -360,
  CST: -360,
  CDT: -300,
  EST: -300,
  EDT: -240,
  CET: 60,
  CEST: 120,
  EET: 120,
  IST: 330,
  JST: 540,
  AEST: 600,
};

interface LocalTime {
  second: number;
  minute: number;
  hour: number;
  day: number;
  month: number;
  /** 1 = Sunday … 7 = Saturday. */
  weekday: number;
  year: number;
}

function shifted(at: Date, offsetMinutes: number): LocalTime {
  const d = new Date(at.getTime() + offsetMinutes * 60_000);
  return {
    second: d.getUTCSeconds(),
    minute: d.getUTCMinutes(),
    hour: d.getUTCHours(),
    day: d.getUTCDate(),
    month: d.getUTCMonth() + 1,
    weekday: d.getUTCDay() + 1,
    year: d.getUTCFullYear(),
  };
}

function localTime(at: Date, timeZone: string): LocalTime {
  const utc = /^UTC([+-])(\d{2}):(\d{2})$/.exec(timeZone);
  if (utc) {
    const sign = utc[1] === '-' ? -1 : 1;
    return shifted(at, sign * (Number(utc[2]) * 60 + Number(utc[3])));
  }
  if (timeZone in ABBREVIATION_OFFSETS) {
    return shifted(at, ABBREVIATION_OFFSETS[timeZone]);
  }
  let parts: Intl.DateTimeFormatPart[];
  try {
    parts = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
      weekday: 'short',
    }).formatToParts(at);
  } catch {
    throw new RangeError(
      `DeploymentWindow TimeZone ${JSON.stringify(
        timeZone,
      )} is not a zone the local world knows`,
    );
  }
  const part = (type: string) => parts.find(p => p.type === type)!.value;
  return {
    second: Number(part('second')),
    minute: Number(part('minute')),
    hour: Number(part('hour')),
    day: Number(part('day')),
    month: Number(part('month')),
    weekday: DAYS.indexOf(part('weekday').toUpperCase()) + 1,
    year: Number(part('year')),
  };
}

function valueOf(token: string, names?: string[]): number {
  const named = names?.indexOf(token.toUpperCase()) ?? -1;
  if (named >= 0) return named + 1;
  if (!/^\d+$/.test(token)) {
    throw new RangeError(
      `cron value ${JSON.stringify(token)} is not supported`,
    );
  }
  return Number(token);
}

/** Whether one cron field matches a value (`*`, `?`, lists, ranges, steps and names). */
function fieldMatches(
  field: string,
  value: number,
  range: [number, number],
  names?: string[],
): boolean {
  return field.split(',').some(item => {
    const [base, stepText] = item.split('/');
    const step = stepText === undefined ? 1 : valueOf(stepText);
    let low: number;
    let high: number;
    if (base === '*' || base === '?') {
      [low, high] = range;
    } else if (base.includes('-')) {
      const [a, b] = base.split('-');
      low = valueOf(a, names);
      high = valueOf(b, names);
    } else {
      low = valueOf(base, names);
      high = stepText === undefined ? low : range[1];
    }
    return value >= low && value <= high && (value - low) % step === 0;
  });
}

/**
 * Whether a DeploymentWindow rule (`Cron`, `TimeZone`; UTC when absent) lets a stage in at `at`.
 * Throws a RangeError naming what it does not support (`L`, `W`, `#`).
 *
 * @public
 */
export function isInsideDeploymentWindow(
  cron: string,
  timeZone: string | undefined,
  at: Date,
): boolean {
  const fields = cron.trim().split(/\s+/);
  if (fields.length !== 7) {
    throw new RangeError(
      `DeploymentWindow Cron ${JSON.stringify(
        cron,
      )} does not have 7 fields (seconds first)`,
    );
  }
  const [seconds, minutes, hours, dayOfMonth, month, dayOfWeek, year] = fields;
  const t = localTime(at, timeZone ?? 'UTC');
  return (
    fieldMatches(seconds, t.second, [0, 59]) &&
    fieldMatches(minutes, t.minute, [0, 59]) &&
    fieldMatches(hours, t.hour, [0, 23]) &&
    fieldMatches(dayOfMonth, t.day, [1, 31]) &&
    fieldMatches(month, t.month, [1, 12], MONTHS) &&
    fieldMatches(dayOfWeek, t.weekday, [1, 7], DAYS) &&
    fieldMatches(year, t.year, [1970, 2199])
  );
}
