import type { JsonObject, JsonValue } from '@backstage/types';

/** A whole-value reference to a form value, the only templating the check resolves. */
const PARAMETER_REFERENCE = /^\$\{\{\s*parameters\.([A-Za-z0-9_$.]+)\s*\}\}$/;

/** Result of {@link resolveSpecTemplate}: the spec as the task would build it, and what could not be resolved. */
export interface ResolvedSpec {
  spec: JsonValue | undefined;
  /** Template strings that are more than a `${{ parameters.x }}` reference (not checked here). */
  unresolved: string[];
}

function lookup(values: JsonObject, dottedPath: string): JsonValue | undefined {
  let current: JsonValue | undefined = values;
  for (const key of dottedPath.split('.')) {
    if (
      current === null ||
      typeof current !== 'object' ||
      Array.isArray(current)
    ) {
      return undefined;
    }
    current = (current as JsonObject)[key];
  }
  return current;
}

/**
 * Builds the pipeline spec from the template's own spec mapping (the YAML the template's
 * dpra:pipeline:validate step receives, handed to the field through `ui:options.spec`) and the form
 * values, so the form checks exactly the document the task will check. A value that is a single
 * `${{ parameters.a.b }}` takes the form value as is, like the scaffolder does; a missing value is
 * left out, as it is from the task's JSON input.
 */
export function resolveSpecTemplate(
  template: JsonValue | undefined,
  values: JsonObject,
): ResolvedSpec {
  const unresolved: string[] = [];
  const resolve = (node: JsonValue | undefined): JsonValue | undefined => {
    if (typeof node === 'string') {
      const reference = PARAMETER_REFERENCE.exec(node);
      if (reference) return lookup(values, reference[1]);
      if (node.includes('${{')) {
        unresolved.push(node);
        return undefined;
      }
      return node;
    }
    if (Array.isArray(node)) {
      return node.map(item => resolve(item) ?? null);
    }
    if (node !== null && typeof node === 'object') {
      const out: JsonObject = {};
      for (const [key, value] of Object.entries(node)) {
        const resolved = resolve(value);
        if (resolved !== undefined) out[key] = resolved;
      }
      return out;
    }
    return node;
  };
  return { spec: resolve(template), unresolved };
}
