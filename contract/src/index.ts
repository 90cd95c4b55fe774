/**
 * The generator↔portal contract of DPRA pipelines, defined once: what `@dpra/stacks` writes into
 * a pipeline (stage, action, rule, alarm and role names, tags, action variables, the
 * `ProductFields` of imported findings) and how the portal reads it back (the parsers, and the
 * phase/wave mapping of each pipeline kind). No dependencies, no Node.js or browser APIs.
 *
 * @packageDocumentation
 */

export * from './kinds';
export * from './stages';
export * from './actions';
export * from './actionEnvironment';
export * from './conditions';
export * from './alarms';
export * from './roles';
export * from './tags';
export * from './findings';
export * from './waivers';
