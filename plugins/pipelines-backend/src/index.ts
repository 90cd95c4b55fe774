/**
 * Backend for the DPRA pipelines plugin.
 *
 * @packageDocumentation
 */
export { pipelinesPlugin as default } from './plugin';
