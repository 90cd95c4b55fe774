/**
 * Entity Pipelines tab for Backstage: DPRA phases, production wave board, bake timers, alarms,
 * approvals, findings and delivery metrics.
 *
 * @packageDocumentation
 */
export {
  pipelinesPlugin,
  EntityPipelinesContent,
  EntityPipelinesCard,
  PipelinesInboxPage,
  PipelinesInboxCard,
  isPipelinesAvailable,
} from './plugin';
export { inboxRouteRef } from './routes';
export * from './api';
export {
  PipelineSpecCheckFieldExtension,
  PublishTargetFieldExtension,
} from './scaffolder/fieldExtension';
