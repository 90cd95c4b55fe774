export { FreshnessNote, DataSourceLabel } from './FreshnessNote';
