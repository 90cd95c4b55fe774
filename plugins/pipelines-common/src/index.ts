/**
 * Common types, annotations and permissions of the DPRA pipelines plugins.
 *
 * @packageDocumentation
 */
export * from './annotations';
export * from './permissions';
export * from './controls';
export * from './generated/models';
export * from './layout';
export * from './severity';
export * from './entity';
export * from './specCheck';
export * from './publishTargets';
export * from './signals';
export * from './revisionSummary';
export * from './templateOutputs';
export * from './testReports';
