/**
 * DPRA delivery metrics computed from stored execution history (pure, no AWS or Backstage services).
 *
 * @packageDocumentation
 */
export { computeDeliveryMetrics } from './computeDeliveryMetrics';
export type {
  StoredExecutionForMetrics,
  DeliveryMetricsOptions,
} from './types';
