export { EntityPipelinesCard } from './EntityPipelinesCard';
