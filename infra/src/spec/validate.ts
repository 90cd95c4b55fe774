import { parseDocument } from 'yaml';
import type { z } from 'zod/v4';
import {
  PIPELINE_KINDS,
  SPEC_API_VERSION,
  accountFleetPipelineSchema,
  appPipelineSchema,
  configPipelineSchema,
  imagePipelineSchema,
  type AccountFleetPipelineSpec,
  type AppPipelineSpec,
  type ImagePipelineSpec,
  type PipelineSpec,
} from './schema';
import { checkConfig } from './configPipelineChecks';
import {
  checkDistinctRegions,
  checkSource,
  checkStagedEnvironments,
  formatPath,
  type IssueSink,
} from './specRules';
import { checkWaivers } from './waivers';

/**
 * One problem in a spec: where (`spec.production.waves[1].regions[0]`) and why.
 *
 * @public
 */
export interface SpecIssue {
  /** Dotted path with array indexes; empty string for the document itself. */
  path: string;
  /** Human-readable reason. */
  message: string;
}

/**
 * Result of {@link validateSpec}: the spec with defaults applied, or every issue found.
 *
 * @public
 */
export type SpecValidationResult =
  | { ok: true; spec: PipelineSpec }
  | { ok: false; issues: SpecIssue[] };

/**
 * Thrown by APIs that need a valid spec. Its message lists one `path: reason` per line. The `name`
 * is `InputError`, so that Backstage's error handling (which keys on the name) maps it to a 400
 * without `infra/` depending on Backstage.
 *
 * @public
 */
export class SpecValidationError extends Error {
  readonly issues: SpecIssue[];

  constructor(issues: SpecIssue[]) {
    super(`Invalid pipeline spec:\n${formatIssues(issues)}`);
    this.name = 'InputError';
    this.issues = issues;
  }
}

/** `path: reason` lines. @public */
export { formatPath, type IssueSink };

export function formatIssues(issues: SpecIssue[]): string {
  return issues
    .map(i => (i.path ? `${i.path}: ${i.message}` : i.message))
    .join('\n');
}

function describeType(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  return `${typeof value} ${JSON.stringify(value)}`;
}

function typeName(expected: string): string {
  if (expected === 'object') return 'a mapping';
  if (expected === 'array') return 'a list';
  return `a ${expected}`;
}

function sizeMessage(
  origin: string,
  bound: number | bigint,
  atLeast: boolean,
  inclusive: boolean | undefined,
): string {
  if (origin === 'array')
    return `must have ${atLeast ? 'at least' : 'at most'} ${bound} item(s)`;
  if (origin === 'string')
    return `must be ${atLeast ? 'at least' : 'at most'} ${bound} character(s)`;
  if (atLeast)
    return `must be ${inclusive ? 'at least' : 'greater than'} ${bound}`;
  return `must be ${inclusive ? 'at most' : 'less than'} ${bound}`;
}

/** Our own validators carry their messages; zod's generic ones are reworded here. */
function plainMessage(issue: z.core.$ZodIssue): string {
  const generic = /^(Invalid|Too small|Too big)/.test(issue.message);
  switch (issue.code) {
    case 'invalid_type':
      if (issue.input === undefined) return 'is required';
      return generic
        ? `must be ${typeName(issue.expected)}, got ${describeType(
            issue.input,
          )}`
        : issue.message;
    case 'invalid_value':
      if (!generic) return issue.message;
      if (issue.input === undefined) return 'is required';
      return `${JSON.stringify(issue.input)} is not one of: ${issue.values
        .map(v => String(v))
        .join(', ')}`;
    case 'too_small':
      return generic
        ? sizeMessage(issue.origin, issue.minimum, true, issue.inclusive)
        : issue.message;
    case 'too_big':
      return generic
        ? sizeMessage(issue.origin, issue.maximum, false, issue.inclusive)
        : issue.message;
    case 'invalid_format':
      return generic
        ? `${JSON.stringify(issue.input)} has an invalid format`
        : issue.message;
    default:
      return issue.message;
  }
}

function toIssues(error: z.core.$ZodError): SpecIssue[] {
  const issues: SpecIssue[] = [];
  for (const issue of error.issues) {
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) {
        issues.push({
          path: formatPath([...issue.path, key]),
          message: `unknown key "${key}"`,
        });
      }
      continue;
    }
    issues.push({ path: formatPath(issue.path), message: plainMessage(issue) });
    continue;
  }
  return issues;
}

/** Where each kind keeps its production safety settings (rollbackOnAlarm among them). */
function safetyOf(spec: PipelineSpec): {
  path: string;
  safety: { rollbackOnAlarm: boolean };
} {
  if (spec.kind === 'AppPipeline' || spec.kind === 'ConfigPipeline')
    return { path: 'spec.production', safety: spec.spec.production };
  if (spec.kind === 'ImagePipeline')
    return { path: 'spec.distribution', safety: spec.spec.distribution };
  return { path: 'spec', safety: spec.spec };
}

function checkExecutionMode(spec: PipelineSpec, add: IssueSink) {
  const { path, safety } = safetyOf(spec);
  // CodePipeline refuses failure conditions with result ROLLBACK in PARALLEL mode.
  if (
    spec.spec.toolchain.executionMode === 'PARALLEL' &&
    safety.rollbackOnAlarm
  ) {
    add(
      `${path}.rollbackOnAlarm`,
      'must be false when spec.toolchain.executionMode is PARALLEL: CodePipeline has no stage rollback for PARALLEL pipelines',
    );
  }
}

function checkApp(spec: AppPipelineSpec, add: IssueSink) {
  checkSource(spec.spec, add);
  checkStagedEnvironments(spec.spec, add);
}

function checkImage(spec: ImagePipelineSpec, add: IssueSink) {
  const s = spec.spec;
  checkSource(s, add);
  const names = new Set<string>();
  s.image.components.forEach((c, i) => {
    if (names.has(c.name))
      add(`spec.image.components[${i}].name`, `"${c.name}" is used twice`);
    names.add(c.name);
  });
  checkDistinctRegions(
    s.distribution.waves,
    g => `spec.distribution.waves[${g}]`,
    add,
    false,
  );
}

function checkFleet(spec: AccountFleetPipelineSpec, add: IssueSink) {
  const s = spec.spec;
  checkSource(s, add);
  const org = s.organization;
  const ous = new Map<string, string | undefined>();
  org.organizationalUnits.forEach((ou, i) => {
    if (ous.has(ou.name))
      add(
        `spec.organization.organizationalUnits[${i}].name`,
        `"${ou.name}" is defined twice`,
      );
    ous.set(ou.name, ou.parent);
  });
  org.organizationalUnits.forEach((ou, i) => {
    if (ou.parent !== undefined && !ous.has(ou.parent)) {
      add(
        `spec.organization.organizationalUnits[${i}].parent`,
        `"${ou.parent}" is not a defined OU`,
      );
    }
    // Walk up the parents: a cycle would make the OU tree impossible to create.
    const visited = new Set<string>([ou.name]);
    let parent = ou.parent;
    while (parent !== undefined && ous.has(parent)) {
      if (visited.has(parent)) {
        add(
          `spec.organization.organizationalUnits[${i}].parent`,
          `"${ou.name}" is its own ancestor`,
        );
        break;
      }
      visited.add(parent);
      parent = ous.get(parent);
    }
  });
  const knownOu = (name: string, path: string) => {
    if (!ous.has(name))
      add(
        path,
        `"${name}" is not an OU in spec.organization.organizationalUnits`,
      );
  };
  const emails = new Set<string>();
  org.accounts.forEach((a, i) => {
    knownOu(a.ou, `spec.organization.accounts[${i}].ou`);
    if (emails.has(a.email.toLowerCase()))
      add(
        `spec.organization.accounts[${i}].email`,
        `"${a.email}" is used by another account`,
      );
    emails.add(a.email.toLowerCase());
  });
  const policyNames = new Set<string>();
  org.policies.forEach((p, i) => {
    const path = `spec.organization.policies[${i}]`;
    if (policyNames.has(p.name))
      add(`${path}.name`, `"${p.name}" is used twice`);
    policyNames.add(p.name);
    if (!p.preset === !p.document)
      add(path, 'needs exactly one of preset and document');
    if (p.preset === 'region-allowlist' && !p.allowedRegions?.length) {
      add(`${path}.allowedRegions`, 'is required by preset region-allowlist');
    }
    p.targets.forEach((t, j) => knownOu(t, `${path}.targets[${j}]`));
  });
  const rolledOut = new Map<string, string>();
  s.sandbox.ous.forEach((ou, i) => {
    knownOu(ou, `spec.sandbox.ous[${i}]`);
    rolledOut.set(ou, 'the sandbox');
  });
  s.waves.forEach((w, g) =>
    w.ous.forEach((ou, i) => {
      const path = `spec.waves[${g}].ous[${i}]`;
      knownOu(ou, path);
      if (rolledOut.has(ou))
        add(path, `"${ou}" is already rolled out by ${rolledOut.get(ou)}`);
      else rolledOut.set(ou, `wave ${g + 1}`);
    }),
  );
}

const schemaByKind = {
  AppPipeline: appPipelineSchema,
  ImagePipeline: imagePipelineSchema,
  AccountFleetPipeline: accountFleetPipelineSchema,
  ConfigPipeline: configPipelineSchema,
} as const;

/**
 * Validates a pipeline spec (already parsed from YAML/JSON) and applies defaults. Never throws
 * for bad input: every problem is returned as a {@link SpecIssue}.
 *
 * @public
 */
export function validateSpec(input: unknown): SpecValidationResult {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    return {
      ok: false,
      issues: [
        {
          path: '',
          message: `a pipeline spec must be a mapping, got ${describeType(
            input,
          )}`,
        },
      ],
    };
  }
  const doc = input as Record<string, unknown>;
  const head: SpecIssue[] = [];
  if (doc.apiVersion !== SPEC_API_VERSION) {
    head.push({
      path: 'apiVersion',
      message:
        doc.apiVersion === undefined
          ? `is required (${SPEC_API_VERSION})`
          : `${JSON.stringify(
              doc.apiVersion,
            )} is not supported; use ${SPEC_API_VERSION}`,
    });
  }
  if (!PIPELINE_KINDS.includes(doc.kind as (typeof PIPELINE_KINDS)[number])) {
    head.push({
      path: 'kind',
      message: `${
        doc.kind === undefined
          ? 'is required'
          : `${JSON.stringify(doc.kind)} is not a pipeline kind`
      }; use one of ${PIPELINE_KINDS.join(', ')}`,
    });
    return { ok: false, issues: head };
  }
  const kind = doc.kind as (typeof PIPELINE_KINDS)[number];
  const parsed = schemaByKind[kind].safeParse(doc, { reportInput: true });
  if (!parsed.success) {
    const issues = toIssues(parsed.error).filter(
      i => !(head.length && i.path === 'apiVersion'),
    );
    return { ok: false, issues: [...head, ...issues] };
  }
  if (head.length) return { ok: false, issues: head };
  const issues: SpecIssue[] = [];
  const add: IssueSink = (path, message) => issues.push({ path, message });
  const spec = parsed.data as PipelineSpec;
  if (spec.kind === 'AppPipeline') checkApp(spec, add);
  else if (spec.kind === 'ImagePipeline') checkImage(spec, add);
  else if (spec.kind === 'ConfigPipeline') checkConfig(spec, add);
  else checkFleet(spec, add);
  checkExecutionMode(spec, add);
  checkWaivers(spec, add);
  return issues.length ? { ok: false, issues } : { ok: true, spec };
}

/**
 * Parses YAML (or JSON) text and validates it. YAML syntax errors become issues with the line
 * and column in the path (`line 3, column 5`).
 *
 * @public
 */
export function parseSpecYaml(text: string): SpecValidationResult {
  // uniqueKeys: a repeated key is an error rather than a silent overwrite.
  const doc = parseDocument(text, { uniqueKeys: true, prettyErrors: true });
  if (doc.errors.length) {
    return {
      ok: false,
      issues: doc.errors.map(e => ({
        path: e.linePos
          ? `line ${e.linePos[0].line}, column ${e.linePos[0].col}`
          : '',
        message: `YAML syntax error: ${e.message
          .split('\n')[0]
          .replace(/ at line \d+, column \d+:?$/, '')}`,
      })),
    };
  }
  return validateSpec(doc.toJS({ maxAliasCount: 100 }));
}

/**
 * Like {@link validateSpec} but returns the spec or throws {@link SpecValidationError}.
 *
 * @public
 */
export function assertValidSpec(input: unknown): PipelineSpec {
  const result = validateSpec(input);
  if (!result.ok) throw new SpecValidationError(result.issues);
  return result.spec;
}
