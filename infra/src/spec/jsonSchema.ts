import { z } from 'zod/v4';
import { pipelineSpecSchema } from './schema';

/**
 * JSON Schema (draft 2020-12) of the pipeline spec as a user writes it (defaults optional), for
 * editor completion (`# yaml-language-server: $schema=…`). Cross-field rules (distinct regions,
 * known OU names…) are only checked by {@link validateSpec}.
 *
 * @public
 */
export const pipelineSpecJsonSchema: object = {
  $id: 'https://dpra.io/schemas/pipeline-spec.schema.json',
  title: 'DPRA pipeline spec (dpra/v1)',
  ...z.toJSONSchema(pipelineSpecSchema, {
    io: 'input',
    unrepresentable: 'any',
  }),
};
