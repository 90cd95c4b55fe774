/*
 * Writes schema/pipeline-spec.schema.json from the zod schema (the one source of truth).
 * Run: npm run schema:generate -w @dpra/stacks. A test fails when the committed file is stale.
 */
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { pipelineSpecJsonSchema } from '../src/spec/jsonSchema';
import {
  JSON_SCHEMA_FILE,
  renderJsonSchemaFile,
} from '../src/spec/jsonSchemaFile';

const target = resolve(__dirname, '..', JSON_SCHEMA_FILE);
writeFileSync(target, renderJsonSchemaFile(pipelineSpecJsonSchema));
process.stdout.write(`wrote ${target}\n`);
