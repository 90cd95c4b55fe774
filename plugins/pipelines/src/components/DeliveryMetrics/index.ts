export {
  DeliveryMetricsCard,
  DeliveryMetricsResourceCard,
  DeliveryMetricsView,
  METRICS_WINDOW_DAYS,
} from './DeliveryMetrics';
export { Sparkline } from './Sparkline';
