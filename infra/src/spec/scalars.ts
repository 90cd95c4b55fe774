import { z } from 'zod/v4';
import { AWS_REGIONS } from './awsRegions';

/*
 * Scalar validators shared by every pipeline kind. Each one carries its own message so that an
 * error reads `<path>: "<value>" is not …` instead of zod's generic wording, and each one is
 * expressed as a regex/enum (not a refinement) so the exported JSON Schema carries it as well.
 */

type IssueLike = { input?: unknown; code?: string };

/** Message factory: a missing value always reads "is required"; otherwise quote the value. */
function describe(reason: (quoted: string) => string) {
  return (issue: IssueLike) =>
    issue.input === undefined
      ? 'is required'
      : reason(JSON.stringify(issue.input));
}

/** A 12-digit AWS account id, as a string (YAML would drop leading zeros of a number). */
export const accountId = z
  .string({
    error: describe(
      v =>
        `${v} is not an AWS account id: write the 12 digits as a quoted string`,
    ),
  })
  .regex(/^\d{12}$/, {
    error: describe(v => `${v} is not an AWS account id (12 digits)`),
  })
  .describe('AWS account id, 12 digits, quoted');

/** An AWS Region code from the static list. */
export const region = z
  .enum(AWS_REGIONS, { error: describe(v => `${v} is not an AWS region`) })
  .describe('AWS Region code, e.g. us-east-1');

/** Duration such as `90m`, `12h`, `2d`; converted to minutes with {@link durationMinutes}. */
export const duration = z
  .string({
    error: describe(v => `${v} is not a duration (use e.g. 90m, 12h, 2d)`),
  })
  .regex(/^[1-9]\d{0,4}[mhd]$/, {
    error: describe(v => `${v} is not a duration (use e.g. 90m, 12h, 2d)`),
  })
  .describe(
    'Duration: a positive whole number followed by m (minutes), h (hours) or d (days)',
  );

/** Minutes in a duration accepted by {@link duration}. @public */
export function durationMinutes(value: string): number {
  const amount = Number(value.slice(0, -1));
  const unit = value.slice(-1);
  if (unit === 'd') return amount * 24 * 60;
  if (unit === 'h') return amount * 60;
  return amount;
}

/**
 * Resource-name stem: the pipeline name and the name of every alarm, role and bucket derive from
 * it, so it is kept to characters that are legal in all of them (S3 buckets are the strictest) and
 * short enough that `<name>-<kind>-<account>-<region>` still fits S3's 63-character limit.
 */
export const resourceName = z
  .string({ error: describe(v => `${v} is not a valid name`) })
  .regex(/^[a-z][a-z0-9-]{1,26}[a-z0-9]$/, {
    error: describe(
      v =>
        `${v} is not a valid name (3-28 characters: lowercase letters, digits and hyphens, starting with a letter, not ending with a hyphen)`,
    ),
  })
  .refine(v => !v.includes('--'), {
    error: describe(v => `${v} must not contain "--"`),
  })
  .describe(
    'Lowercase letters, digits and hyphens; 3-28 characters; starts with a letter',
  );

/** Name of a thing inside a pipeline (component, OU, check): letters, digits, `-` and `_`. */
export const shortName = z
  .string({ error: describe(v => `${v} is not a valid name`) })
  .regex(/^[A-Za-z][A-Za-z0-9_-]{0,62}$/, {
    error: describe(
      v =>
        `${v} is not a valid name (1-63 characters: letters, digits, "-" and "_", starting with a letter)`,
    ),
  });

/** CloudWatch alarm name referenced by name (org-wide blocker alarms). */
export const alarmName = z
  .string({ error: describe(v => `${v} is not a CloudWatch alarm name`) })
  .regex(/^[A-Za-z0-9][A-Za-z0-9._/#:+=@-]{0,254}$/, {
    error: describe(
      v =>
        `${v} is not a usable CloudWatch alarm name (letters, digits and . _ / # : + = @ -, no commas or spaces, at most 255 characters)`,
    ),
  });

/** E-mail address for SNS notifications. */
export const email = z
  .string({ error: describe(v => `${v} is not an e-mail address`) })
  .regex(/^[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}$/, {
    error: describe(v => `${v} is not an e-mail address`),
  });

const CRON_FIELD = [
  { name: 'seconds', re: /^\*$/ },
  { name: 'minutes', re: /^[0-9,*/-]+$/, max: 59 },
  { name: 'hours', re: /^[0-9,*/-]+$/, max: 23 },
  { name: 'day-of-month', re: /^[0-9,*?/LW-]+$/, max: 31 },
  {
    name: 'month',
    re: /^([0-9,*/-]|JAN|FEB|MAR|APR|MAY|JUN|JUL|AUG|SEP|OCT|NOV|DEC)+$/,
    max: 12,
  },
  {
    name: 'day-of-week',
    re: /^([0-9,*?/L#-]|SUN|MON|TUE|WED|THU|FRI|SAT)+$/,
    max: 7,
  },
  { name: 'year', re: /^[0-9,*/-]+$/ },
] as const;

/**
 * Why a CodePipeline `DeploymentWindow` cron is invalid, or undefined when it is valid. Follows
 * AWS's rule reference: 6 fields plus an optional year, seconds first and always `*`, one of
 * day-of-month / day-of-week must be `?`.
 *
 * @public
 */
export function deploymentWindowCronProblem(cron: string): string | undefined {
  const fields = cron.trim().split(/\s+/);
  if (fields.length < 6 || fields.length > 7) {
    return `has ${fields.length} fields; a DeploymentWindow cron has 6 (seconds minutes hours day-of-month month day-of-week) plus an optional year`;
  }
  for (let i = 0; i < fields.length; i++) {
    const spec = CRON_FIELD[i];
    if (!spec.re.test(fields[i])) {
      return i === 0
        ? `seconds field must be "*" (CodePipeline windows have minute granularity)`
        : `${spec.name} field "${fields[i]}" is not valid`;
    }
    if ('max' in spec) {
      for (const n of fields[i].match(/\d+/g) ?? []) {
        if (Number(n) > spec.max && !fields[i].includes('#')) {
          return `${spec.name} field value ${n} is out of range (max ${spec.max})`;
        }
      }
    }
  }
  if (fields[3] !== '?' && fields[5] !== '?') {
    return 'one of day-of-month and day-of-week must be "?"';
  }
  return undefined;
}

/** CodePipeline `DeploymentWindow` cron expression. */
export const deploymentWindowCron = z
  .string({ error: describe(v => `${v} is not a cron expression`) })
  .max(200)
  .check(ctx => {
    const problem = deploymentWindowCronProblem(ctx.value);
    if (problem) {
      ctx.issues.push({
        code: 'custom',
        input: ctx.value,
        message: `${JSON.stringify(
          ctx.value,
        )} is not a deployment-window cron: ${problem}`,
      });
    }
  })
  .describe('Quartz-style cron, seconds first: "* * 9-16 ? * MON-THU *"');

/**
 * The `TimeZone` formats CodePipeline's `DeploymentWindow` rule accepts (rule reference,
 * "TimeZone"): a Region/City name (`America/New_York`), `UTC` with an optional offset
 * (`UTC+05:30`), or a time zone abbreviation of 3 to 5 letters (`PST`, as in AWS's own example).
 * The one list of these formats for the generator and everything that reads a window back.
 */
export const DEPLOYMENT_WINDOW_TIME_ZONE_FORMATS = {
  regionCity: '[A-Za-z_]+(/[A-Za-z0-9_+-]+)+',
  utc: 'UTC([+-](0[0-9]|1[0-4]):[0-5][0-9])?',
  abbreviation: '[A-Z]{3,5}',
} as const;

/** {@link DEPLOYMENT_WINDOW_TIME_ZONE_FORMATS} as one JSON-schema `pattern` (forms, editors). */
export const DEPLOYMENT_WINDOW_TIME_ZONE_PATTERN = `^(${Object.values(
  DEPLOYMENT_WINDOW_TIME_ZONE_FORMATS,
).join('|')})$`;

const whole = (source: string) => new RegExp(`^(${source})$`);

/** Whether CodePipeline's `DeploymentWindow` rule accepts `value` as its `TimeZone`. */
export function isDeploymentWindowTimeZone(value: string): boolean {
  const formats = DEPLOYMENT_WINDOW_TIME_ZONE_FORMATS;
  if (
    whole(formats.utc).test(value) ||
    whole(formats.abbreviation).test(value)
  ) {
    return true;
  }
  if (!whole(formats.regionCity).test(value)) {
    return false;
  }
  try {
    // A Region/City name must be a zone the IANA database knows.
    new Intl.DateTimeFormat('en-US', { timeZone: value });
    return true;
  } catch {
    return false;
  }
}

const timeZoneProblem = describe(
  v =>
    `${v} is not a time zone the DeploymentWindow rule accepts (Region/City such as Europe/Paris, UTC or UTC+05:30, or an abbreviation such as PST)`,
);

/** A `DeploymentWindow` time zone: Region/City, `UTC[±hh:mm]`, or an abbreviation. */
export const timeZone = z
  .string({ error: timeZoneProblem })
  .regex(new RegExp(DEPLOYMENT_WINDOW_TIME_ZONE_PATTERN), {
    error: timeZoneProblem,
  })
  .refine(isDeploymentWindowTimeZone, { error: timeZoneProblem })
  .describe(
    'Time zone of the DeploymentWindow rule: Region/City (Europe/Paris), UTC or UTC+05:30, or an abbreviation (PST)',
  );

/** A shell command line of a build step (any text; it is serialised as YAML data, never templated). */
export const command = z
  .string({ error: describe(v => `${v} is not a command (expected a string)`) })
  .min(1, { error: 'must not be empty' })
  .max(4000, { error: 'is longer than 4000 characters' });

/**
 * Text of at most `max` characters, counted as people count them (Unicode code points: an emoji is
 * one character, not two UTF-16 units), as the message says.
 */
export function textOfAtMost(max: number) {
  return z.string().refine(value => [...value].length <= max, {
    error: issue =>
      `is ${[...String(issue.input)].length} characters long; at most ${max}`,
  });
}

/** Backstage entity name rules (catalog-model): letters and digits, separated by - _ or . */
const ENTITY_NAME = '[A-Za-z0-9]+([-_.][A-Za-z0-9]+)*';

/**
 * A catalog entity reference as Backstage writes it, `[kind:][namespace/]name` (for example
 * `group:default/team-orders` or `team-orders`).
 */
export const entityRef = z
  .string()
  .max(200)
  .regex(
    new RegExp(
      `^([A-Za-z][A-Za-z0-9]*:)?([a-z0-9]+(-[a-z0-9]+)*/)?${ENTITY_NAME}$`,
    ),
    {
      error: describe(
        v =>
          `${v} is not a catalog entity reference ([kind:][namespace/]name, e.g. group:default/team-orders)`,
      ),
    },
  )
  .refine(value => (value.split(/[:/]/).pop() ?? '').length <= 63, {
    error: describe(v => `${v}: an entity name has at most 63 characters`),
  });
