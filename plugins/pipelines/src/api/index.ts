export { pipelinesApiRef } from './PipelinesApi';
export type {
  PipelinesApi,
  GetExecutionsOptions,
  GetMetricsOptions,
} from './PipelinesApi';
export { PipelinesClient } from './PipelinesClient';
