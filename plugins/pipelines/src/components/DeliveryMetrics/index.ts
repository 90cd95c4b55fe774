export { DeliveryMetricsCard, DeliveryMetricsView } from './DeliveryMetrics';
export { Sparkline } from './Sparkline';
