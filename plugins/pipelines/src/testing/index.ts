export * from './fixtures';
export { MockPipelinesApi } from './MockPipelinesApi';
export { makeResponseError } from './responseError';
export { pipelineWithPreviousProd } from './revisions';
export * from './kindFixtures';
