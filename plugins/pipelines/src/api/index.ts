export { pipelinesApiRef } from './PipelinesApi';
export type {
  PipelinesApi,
  GetAlarmHistoryOptions,
  GetExecutionsOptions,
  GetMetricsOptions,
} from './PipelinesApi';
export { PipelinesClient } from './PipelinesClient';
