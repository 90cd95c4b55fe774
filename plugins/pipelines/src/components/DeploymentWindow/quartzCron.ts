/**
 * The Quartz-style cron of CodePipeline's `DeploymentWindow` rule: six fields and an optional year
 * (`seconds minutes hours day-of-month month day-of-week [year]`), seconds always `*`. A window is
 * open in every minute the expression matches, in the rule's time zone (UTC when absent).
 *
 * Supported as AWS's rule reference lists them: `*`, `?`, lists, ranges, steps (`a/b`, `*\/b`,
 * `a-b/c`), month and day names (`JAN`, `MON`), day-of-week 1–7 = SUN–SAT, `L`, `L-n`, `nW`, `LW`
 * in day-of-month, and `L`, `nL`, `n#k` in day-of-week.
 */

/** One parsed day-of-month term. */
type DayOfMonthTerm =
  | { kind: 'set'; days: ReadonlySet<number> }
  | { kind: 'last'; offset: number }
  | { kind: 'nearestWeekday'; day: number | 'last' };

/** One parsed day-of-week term (days 1–7, Sunday first, as Quartz counts them). */
type DayOfWeekTerm =
  | { kind: 'set'; days: ReadonlySet<number> }
  | { kind: 'lastOfMonth'; day: number }
  | { kind: 'nth'; day: number; nth: number };

/** A parsed cron expression. */
export interface QuartzCron {
  readonly expression: string;
  readonly minutes: ReadonlySet<number>;
  readonly hours: ReadonlySet<number>;
  /** Undefined when `?` (no specific value). */
  readonly daysOfMonth?: readonly DayOfMonthTerm[];
  readonly months: ReadonlySet<number>;
  /** Undefined when `?`. */
  readonly daysOfWeek?: readonly DayOfWeekTerm[];
  /** Undefined when absent or `*`. */
  readonly years?: ReadonlySet<number>;
  /** The raw fields, for describing the expression in words. */
  readonly fields: readonly string[];
}

/** Wall-clock fields of an instant in a time zone. */
export interface ZonedTime {
  year: number;
  /** 1–12. */
  month: number;
  day: number;
  hour: number;
  minute: number;
  /** 1–7, Sunday = 1 (Quartz's numbering). */
  dayOfWeek: number;
}

const MONTHS = [
  'JAN',
  'FEB',
  'MAR',
  'APR',
  'MAY',
  'JUN',
  'JUL',
  'AUG',
  'SEP',
  'OCT',
  'NOV',
  'DEC',
];
const WEEKDAYS = ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'];

/** A cron expression that cannot be read, with the reason. */
export class CronSyntaxError extends Error {
  constructor(expression: string, reason: string) {
    super(`"${expression}" is not a deployment-window cron: ${reason}`);
    this.name = 'CronSyntaxError';
  }
}

function parseValue(
  text: string,
  names: readonly string[] | undefined,
  nameBase: number,
): number {
  const upper = text.toUpperCase();
  const named = names?.indexOf(upper) ?? -1;
  if (named >= 0) return named + nameBase;
  if (!/^\d+$/.test(text)) return Number.NaN;
  return Number(text);
}

/** `*`, `a`, `a-b`, with an optional `/step`, comma separated, as a set of values. */
function parseSet(
  expression: string,
  field: string,
  label: string,
  min: number,
  max: number,
  names?: readonly string[],
  nameBase = 1,
): Set<number> {
  const values = new Set<number>();
  for (const part of field.split(',')) {
    const [range, stepText] = part.split('/');
    const step = stepText === undefined ? 1 : Number(stepText);
    if (!Number.isInteger(step) || step < 1) {
      throw new CronSyntaxError(expression, `${label}: bad step in "${part}"`);
    }
    let from: number;
    let to: number;
    if (range === '*') {
      from = min;
      to = max;
    } else if (range.includes('-')) {
      const [a, b] = range.split('-');
      from = parseValue(a, names, nameBase);
      to = parseValue(b, names, nameBase);
    } else {
      from = parseValue(range, names, nameBase);
      // `a/b` runs from a to the end of the range.
      to = stepText === undefined ? from : max;
    }
    if (
      !Number.isInteger(from) ||
      !Number.isInteger(to) ||
      from < min ||
      to > max ||
      from > to
    ) {
      throw new CronSyntaxError(
        expression,
        `${label}: "${part}" is outside ${min}–${max}`,
      );
    }
    for (let v = from; v <= to; v += step) values.add(v);
  }
  return values;
}

function parseDaysOfMonth(expression: string, field: string): DayOfMonthTerm[] {
  return field.split(',').map(part => {
    const upper = part.toUpperCase();
    if (upper === 'L') return { kind: 'last', offset: 0 };
    if (upper === 'LW') return { kind: 'nearestWeekday', day: 'last' };
    const lastOffset = /^L-(\d+)$/.exec(upper);
    if (lastOffset) return { kind: 'last', offset: Number(lastOffset[1]) };
    const weekday = /^(\d+)W$/.exec(upper);
    if (weekday) {
      const day = Number(weekday[1]);
      if (day < 1 || day > 31) {
        throw new CronSyntaxError(
          expression,
          `day-of-month: "${part}" is outside 1–31`,
        );
      }
      return { kind: 'nearestWeekday', day };
    }
    return {
      kind: 'set',
      days: parseSet(expression, part, 'day-of-month', 1, 31),
    };
  });
}

function parseDaysOfWeek(expression: string, field: string): DayOfWeekTerm[] {
  return field.split(',').map(part => {
    const upper = part.toUpperCase();
    if (upper === 'L') return { kind: 'set', days: new Set([7]) };
    const last = /^(\w+)L$/.exec(upper);
    if (last) {
      const day = parseValue(last[1], WEEKDAYS, 1);
      if (!(day >= 1 && day <= 7)) {
        throw new CronSyntaxError(expression, `day-of-week: "${part}"`);
      }
      return { kind: 'lastOfMonth', day };
    }
    const nth = /^(\w+)#(\d)$/.exec(upper);
    if (nth) {
      const day = parseValue(nth[1], WEEKDAYS, 1);
      const n = Number(nth[2]);
      if (!(day >= 1 && day <= 7) || n < 1 || n > 5) {
        throw new CronSyntaxError(expression, `day-of-week: "${part}"`);
      }
      return { kind: 'nth', day, nth: n };
    }
    return {
      kind: 'set',
      days: parseSet(expression, part, 'day-of-week', 1, 7, WEEKDAYS),
    };
  });
}

/** Parses a DeploymentWindow cron; throws {@link CronSyntaxError} naming what is wrong. */
export function parseQuartzCron(expression: string): QuartzCron {
  const fields = expression.trim().split(/\s+/);
  if (fields.length < 6 || fields.length > 7) {
    throw new CronSyntaxError(
      expression,
      `it has ${fields.length} fields, not 6 or 7`,
    );
  }
  const [seconds, minutes, hours, dom, month, dow, year] = fields;
  // Windows have minute granularity: the seconds field (`*` per AWS) is read but does not narrow.
  parseSet(expression, seconds, 'seconds', 0, 59);
  if (dom !== '?' && dow !== '?') {
    throw new CronSyntaxError(
      expression,
      'one of day-of-month and day-of-week must be "?"',
    );
  }
  return {
    expression,
    fields,
    minutes: parseSet(expression, minutes, 'minutes', 0, 59),
    hours: parseSet(expression, hours, 'hours', 0, 23),
    daysOfMonth: dom === '?' ? undefined : parseDaysOfMonth(expression, dom),
    months: parseSet(expression, month, 'month', 1, 12, MONTHS),
    daysOfWeek: dow === '?' ? undefined : parseDaysOfWeek(expression, dow),
    years:
      year === undefined || year === '*'
        ? undefined
        : parseSet(expression, year, 'year', 1970, 2199),
  };
}

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** Day of week (1–7, Sunday = 1) of a calendar date. */
function dayOfWeekOf(year: number, month: number, day: number): number {
  return new Date(Date.UTC(year, month - 1, day)).getUTCDay() + 1;
}

/** The weekday nearest to `day` in its month, not crossing into another month (Quartz `W`). */
function nearestWeekday(year: number, month: number, day: number): number {
  const last = daysInMonth(year, month);
  const target = Math.min(day, last);
  const dow = dayOfWeekOf(year, month, target);
  if (dow === 7) return target === 1 ? 3 : target - 1;
  if (dow === 1) return target === last ? target - 2 : target + 1;
  return target;
}

function matchesDayOfMonth(term: DayOfMonthTerm, t: ZonedTime): boolean {
  const last = daysInMonth(t.year, t.month);
  switch (term.kind) {
    case 'set':
      return term.days.has(t.day);
    case 'last':
      return t.day === last - term.offset;
    default:
      return (
        t.day ===
        nearestWeekday(t.year, t.month, term.day === 'last' ? last : term.day)
      );
  }
}

function matchesDayOfWeek(term: DayOfWeekTerm, t: ZonedTime): boolean {
  switch (term.kind) {
    case 'set':
      return term.days.has(t.dayOfWeek);
    case 'lastOfMonth':
      return (
        t.dayOfWeek === term.day && t.day + 7 > daysInMonth(t.year, t.month)
      );
    default:
      return t.dayOfWeek === term.day && Math.ceil(t.day / 7) === term.nth;
  }
}

/** True when the day (ignoring the time of day) can match. */
export function matchesDay(cron: QuartzCron, t: ZonedTime): boolean {
  if (cron.years && !cron.years.has(t.year)) return false;
  if (!cron.months.has(t.month)) return false;
  if (cron.daysOfMonth && !cron.daysOfMonth.some(d => matchesDayOfMonth(d, t)))
    return false;
  if (cron.daysOfWeek && !cron.daysOfWeek.some(d => matchesDayOfWeek(d, t)))
    return false;
  return true;
}

/** True when the cron matches the minute `t` (the window is open during it). */
export function matchesMinute(cron: QuartzCron, t: ZonedTime): boolean {
  return (
    cron.minutes.has(t.minute) && cron.hours.has(t.hour) && matchesDay(cron, t)
  );
}
