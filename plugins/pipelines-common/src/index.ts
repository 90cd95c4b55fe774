/**
 * Common types, annotations and permissions of the DPRA pipelines plugins.
 *
 * @packageDocumentation
 */
export * from './annotations';
export * from './permissions';
export * from './layout';
export * from './api';
export * from './entity';
