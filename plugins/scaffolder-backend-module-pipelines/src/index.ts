/**
 * Scaffolder actions that turn a DPRA pipeline spec into a cdktf project and Terraform JSON stacks.
 *
 * @packageDocumentation
 */
export { scaffolderModulePipelines as default } from './module';
export { createGeneratePipelineAction } from './actions/generate';
export { createValidatePipelineAction } from './actions/validate';
