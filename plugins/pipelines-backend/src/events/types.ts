/**
 * Subscribes to the Backstage events topic that carries EventBridge state changes of CodePipeline
 * and CloudWatch (e.g. published by `@backstage/plugin-events-backend-module-aws-sqs`): each event
 * makes the pipelines it concerns due and refreshes them at once.
 */
export interface StateChangeSubscriber {
  /** Subscribes, when a topic is configured. */
  start(): Promise<void>;
}
