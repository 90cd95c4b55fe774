import { z } from 'zod/v4';
import { formatPath } from './specRules';
import type { SpecIssue } from './validate';

/*
 * The `AWS.AppConfig.FeatureFlags` document, as AppConfig documents it ("Type reference for
 * AWS.AppConfig.FeatureFlags"): `version: "1"`, the flag definitions and their values. A
 * ConfigPipeline keeps one such document per environment in its repository; the Build stage
 * checks it with this schema so that a malformed flag file fails the build, not the AppConfig
 * deployment in beta. AppConfig checks more at deployment time (e.g. its own size limits); what
 * the documented format says is checked here.
 */

/** Flag and attribute keys: AppConfig allows letters, digits, `_` and `-`, starting lower-case. */
const key = z.string().regex(/^[a-z][a-zA-Z\d_-]{0,63}$/, {
  error: iss =>
    `${JSON.stringify(
      iss.input,
    )} is not a flag key (1-64 letters, digits, "_" or "-", starting with a lower-case letter)`,
});

const constraintTypes = [
  'string',
  'number',
  'boolean',
  'string[]',
  'number[]',
] as const;

/** What constrains a value (or, for a list, each element): pattern, enum and bounds. */
const valueConstraints = {
  pattern: z.string().max(1024).optional(),
  enum: z
    .array(z.union([z.string(), z.number()]))
    .min(1)
    .max(100)
    .optional(),
  minimum: z.number().optional(),
  maximum: z.number().optional(),
};

const attributeDefinition = z.strictObject({
  description: z.string().max(1024).optional(),
  constraints: z
    .strictObject({
      type: z.enum(constraintTypes),
      required: z.boolean().optional(),
      ...valueConstraints,
      elements: z
        .strictObject({
          type: z.enum(['string', 'number']),
          ...valueConstraints,
        })
        .optional(),
    })
    .optional(),
});

const flagDefinition = z.strictObject({
  name: z.string().min(1).max(64),
  description: z.string().max(1024).optional(),
  attributes: z.record(key, attributeDefinition).optional(),
  _deprecation: z
    .strictObject({ status: z.enum(['planned', 'deprecated']) })
    .optional(),
  _createdAt: z.string().optional(),
  _updatedAt: z.string().optional(),
});

const flagValue = z
  .looseObject({
    enabled: z.boolean(),
    _createdAt: z.string().optional(),
    _updatedAt: z.string().optional(),
  })
  .describe('enabled, and one value per attribute');

type AttributeDefinition = z.output<typeof attributeDefinition>;

function valueProblem(
  def: AttributeDefinition,
  value: unknown,
): string | undefined {
  const c = def.constraints;
  if (!c) return undefined;
  const isType = (type: string, v: unknown) =>
    type === 'string' ? typeof v === 'string' : typeof v === type;
  if (c.type.endsWith('[]')) {
    const element = c.type.slice(0, -2);
    if (!Array.isArray(value) || !value.every(v => isType(element, v)))
      return `must be a list of ${element}s (constraints.type ${c.type})`;
    return undefined;
  }
  if (!isType(c.type, value)) return `must be a ${c.type}`;
  if (c.enum && !c.enum.includes(value as string | number))
    return `${JSON.stringify(value)} is not one of: ${c.enum.join(', ')}`;
  if (typeof value === 'number') {
    if (c.minimum !== undefined && value < c.minimum)
      return `must be at least ${c.minimum}`;
    if (c.maximum !== undefined && value > c.maximum)
      return `must be at most ${c.maximum}`;
  }
  if (typeof value === 'string' && c.pattern !== undefined) {
    let pattern: RegExp | undefined;
    try {
      pattern = new RegExp(c.pattern);
    } catch {
      return undefined; // the definition's own pattern is reported below
    }
    if (!pattern.test(value)) return `does not match pattern ${c.pattern}`;
  }
  return undefined;
}

/**
 * Schema of an `AWS.AppConfig.FeatureFlags` configuration document. Besides the shapes it checks
 * what ties values to definitions: every value belongs to a defined flag, every value attribute
 * is defined and satisfies its constraints, and required attributes are present.
 *
 * @public
 */
export const featureFlagsDocumentSchema = z
  .strictObject({
    version: z.literal('1', { error: 'must be "1"' }),
    flags: z.record(key, flagDefinition),
    values: z.record(key, flagValue).prefault({}),
  })
  .superRefine((doc, ctx) => {
    for (const [flagKey, flag] of Object.entries(doc.flags)) {
      for (const [attr, def] of Object.entries(flag.attributes ?? {})) {
        const pattern = def.constraints?.pattern;
        if (pattern !== undefined) {
          try {
            RegExp(pattern);
          } catch {
            ctx.addIssue({
              code: 'custom',
              path: ['flags', flagKey, 'attributes', attr, 'constraints'],
              message: `pattern ${JSON.stringify(
                pattern,
              )} is not a regular expression`,
            });
          }
        }
      }
    }
    for (const [flagKey, value] of Object.entries(doc.values)) {
      const flag = doc.flags[flagKey];
      if (!flag) {
        ctx.addIssue({
          code: 'custom',
          path: ['values', flagKey],
          message: `"${flagKey}" is not a flag defined in flags`,
        });
        continue;
      }
      const attributes = flag.attributes ?? {};
      for (const [attr, v] of Object.entries(value)) {
        if (['enabled', '_createdAt', '_updatedAt', '_variants'].includes(attr))
          continue;
        const def = attributes[attr];
        const problem = def
          ? valueProblem(def, v)
          : `is not an attribute of flag "${flagKey}"`;
        if (problem)
          ctx.addIssue({
            code: 'custom',
            path: ['values', flagKey, attr],
            message: problem,
          });
      }
      for (const [attr, def] of Object.entries(attributes)) {
        if (def.constraints?.required && !(attr in value))
          ctx.addIssue({
            code: 'custom',
            path: ['values', flagKey, attr],
            message: 'is required by its constraints',
          });
      }
    }
  })
  .describe('AWS.AppConfig.FeatureFlags configuration document');

/** A valid feature flags document. @public */
export type FeatureFlagsDocument = z.output<typeof featureFlagsDocumentSchema>;

/**
 * Every problem of a feature flags document as `path: reason` (the path inside the document, e.g.
 * `values.checkoutV2.share`); empty when it is valid. A bad flag key is reported with its own
 * reason rather than zod's generic "Invalid key in record".
 *
 * @public
 */
export function featureFlagsDocumentIssues(input: unknown): SpecIssue[] {
  const parsed = featureFlagsDocumentSchema.safeParse(input);
  if (parsed.success) return [];
  return parsed.error.issues.map(issue => ({
    path: formatPath(issue.path),
    message:
      issue.code === 'invalid_key'
        ? issue.issues.map(i => i.message).join('; ')
        : issue.message,
  }));
}
