/**
 * Findings readers: Security Hub (ASFF), CodeBuild reports and Amazon Inspector, normalised to the
 * portal's one severity scale. Pure TypeScript over AWS SDK v3 clients from a client factory.
 *
 * @packageDocumentation
 */
export * from './types';
export * from './severity';
export * from './pipelineScope';
export * from './SecurityHubFindingsReader';
export * from './CodeBuildReportsReader';
export * from './InspectorFindingsReader';
export * from './createFindingsReader';
