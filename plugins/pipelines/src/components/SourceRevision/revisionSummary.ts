// Defined once in pipelines-common: the backend's notifications name revisions the same way.
export { readableRevisionSummary } from '@dpra/plugin-pipelines-common';
