/** Path of the committed JSON Schema, relative to the package root. @public */
export const JSON_SCHEMA_FILE = 'schema/pipeline-spec.schema.json';

/** The exact text written to {@link JSON_SCHEMA_FILE} (stable formatting, trailing newline). @public */
export function renderJsonSchemaFile(schema: object): string {
  return `${JSON.stringify(schema, null, 2)}\n`;
}
