import { z } from 'zod/v4';
import { accountFleetPipelineSchema } from './accountFleetPipelineSchema';
import { appPipelineSchema } from './appPipelineSchema';
import { configPipelineSchema } from './configPipelineSchema';
import { imagePipelineSchema } from './imagePipelineSchema';

/*
 * The pipeline spec, `apiVersion: dpra/v1`. Every object is strict (unknown keys are errors) and
 * every optional field carries its default in the schema, so the parsed spec is complete and the
 * constructs never invent a value of their own. Defaults follow the DPRA (required actions on)
 * and the Builders' Library article "Automating safe, hands-off deployments" (bake times, time
 * windows, rollback on alarm).
 *
 * The blocks every kind shares are in sharedSchema.ts, each kind in its own file; this file joins
 * them into one spec.
 */

export { SPEC_API_VERSION } from './sharedSchema';
export {
  appPipelineSchema,
  imagePipelineSchema,
  accountFleetPipelineSchema,
  configPipelineSchema,
};

/** The pipeline kinds (defined by the generator↔portal contract). @public */
export { PIPELINE_KINDS } from '@dpra/pipeline-contract';

/** Any pipeline spec (input form, before defaults). @public */
export const pipelineSpecSchema = z.discriminatedUnion('kind', [
  appPipelineSchema,
  imagePipelineSchema,
  accountFleetPipelineSchema,
  configPipelineSchema,
]);

/** A validated AppPipeline spec with defaults applied. @public */
export type AppPipelineSpec = z.output<typeof appPipelineSchema>;
/** A validated ImagePipeline spec with defaults applied. @public */
export type ImagePipelineSpec = z.output<typeof imagePipelineSchema>;
/** A validated AccountFleetPipeline spec with defaults applied. @public */
export type AccountFleetPipelineSpec = z.output<
  typeof accountFleetPipelineSchema
>;
/** A validated ConfigPipeline spec with defaults applied. @public */
export type ConfigPipelineSpec = z.output<typeof configPipelineSchema>;
/** A validated pipeline spec of any kind, defaults applied. @public */
export type PipelineSpec =
  | AppPipelineSpec
  | ImagePipelineSpec
  | AccountFleetPipelineSpec
  | ConfigPipelineSpec;
/** The spec as a user writes it (defaults optional). @public */
export type PipelineSpecInput = z.input<typeof pipelineSpecSchema>;
