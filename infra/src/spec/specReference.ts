import { pipelineSpecJsonSchema } from './jsonSchema';

/*
 * Renders the field reference of the spec (docs/spec.md and the README section) from the JSON
 * Schema, itself generated from the zod schema: field docs cannot drift from validation.
 */

type Schema = Record<string, any>;

function typeOf(s: Schema): string {
  if (s.const !== undefined) return `\`${JSON.stringify(s.const)}\``;
  if (s.enum)
    return s.enum.length > 8 && s.enum.includes('us-east-1')
      ? `AWS region (${s.enum.length} values)`
      : s.enum.map((v: unknown) => `\`${v}\``).join(' \\| ');
  if (s.anyOf) return s.anyOf.map(typeOf).join(' \\| ');
  if (s.type === 'array') return `list of ${typeOf(s.items ?? {})}`;
  if (s.type === 'object')
    return s.properties
      ? 'mapping'
      : `map of ${typeOf(s.additionalProperties ?? {})}`;
  if (s.type === 'string' && s.pattern)
    return `string \`${s.pattern.replace(/\|/g, '\\|')}\``;
  return s.type ?? 'any';
}

function rows(
  schema: Schema,
  path: string,
  required: boolean,
  out: string[],
): void {
  const def =
    schema.default !== undefined && JSON.stringify(schema.default) !== '{}'
      ? `\`${JSON.stringify(schema.default)}\``
      : '';
  if (path) {
    const desc = (schema.description ?? '').replace(/\|/g, '\\|');
    out.push(
      `| \`${path}\` | ${typeOf(schema).replace(/\n/g, ' ')} | ${
        required && schema.default === undefined ? 'yes' : ''
      } | ${def} | ${desc} |`,
    );
  }
  if (schema.type === 'object' && schema.properties) {
    const req = new Set<string>(schema.required ?? []);
    for (const [key, child] of Object.entries<Schema>(schema.properties)) {
      rows(child, path ? `${path}.${key}` : key, req.has(key), out);
    }
  } else if (schema.type === 'array' && schema.items?.type === 'object') {
    // The item's own row adds nothing over the list row: only its fields get rows.
    const req = new Set<string>(schema.items.required ?? []);
    for (const [key, child] of Object.entries<Schema>(
      schema.items.properties ?? {},
    )) {
      rows(child, `${path}[].${key}`, req.has(key), out);
    }
  }
}

/** Markdown field reference of every kind. @public */
export function renderSpecReference(): string {
  const out: string[] = [];
  for (const kind of (pipelineSpecJsonSchema as Schema).anyOf as Schema[]) {
    out.push(
      `### \`kind: ${kind.properties.kind.const}\``,
      '',
      kind.description ?? '',
      '',
    );
    out.push(
      '| field | type | required | default | meaning |',
      '|---|---|---|---|---|',
    );
    rows(kind, '', true, out);
    out.push('');
  }
  return out.join('\n');
}
