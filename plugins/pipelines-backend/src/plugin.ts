import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { eventsServiceRef } from '@backstage/plugin-events-node';
import { pipelinesPermissions } from '@dpra/plugin-pipelines-common';
import { randomUUID } from 'node:crypto';
import { createAwsClientFactory } from './aws/AwsClientFactory';
import { AwsTargetPolicy } from './aws/AwsTarget';
import { AwsTargetLimiter } from './aws/AwsTargetLimiter';
import { SdkCloudWatchAlarmReader } from './aws/CloudWatchAlarmReader';
import { SdkCodePipelineReader } from './aws/CodePipelineReader';
import { readPipelinesConfig } from './config';
import { createFindingsReader } from './findings';
import { createPipelineStores } from './store';
import { createApprovalService } from './service/ApprovalService';
import { createEntityPipelineResolver } from './service/EntityPipelineResolver';
import { createEntityPipelinesService } from './service/EntityPipelinesService';
import { createPipelineRefresher } from './service/PipelineRefresher';
import { createRouter } from './service/router';
import { queueTarget } from './events/queueTarget';
import { SqsStateChangeListener } from './events/SqsStateChangeListener';
import { parseStateChangeEvent } from './events/parseStateChangeEvent';
import { refreshForStateChanges } from './events/refreshForStateChanges';

/**
 * The DPRA pipelines backend plugin: refreshes the CodePipeline pipelines, alarms and findings
 * of catalog entities into its store, serves them, decides approvals and computes delivery
 * metrics.
 *
 * @public
 */
export const pipelinesPlugin = createBackendPlugin({
  pluginId: 'pipelines',
  register(env) {
    env.registerInit({
      deps: {
        rootConfig: coreServices.rootConfig,
        logger: coreServices.logger,
        database: coreServices.database,
        scheduler: coreServices.scheduler,
        httpRouter: coreServices.httpRouter,
        httpAuth: coreServices.httpAuth,
        auth: coreServices.auth,
        permissions: coreServices.permissions,
        permissionsRegistry: coreServices.permissionsRegistry,
        auditor: coreServices.auditor,
        lifecycle: coreServices.lifecycle,
        catalog: catalogServiceRef,
        events: eventsServiceRef,
      },
      async init(deps) {
        const { rootConfig, logger, scheduler } = deps;
        const config = readPipelinesConfig(rootConfig);
        const policy = new AwsTargetPolicy(config.aws);
        const limiter = new AwsTargetLimiter(
          config.refresh.concurrencyPerTarget,
        );
        const clients = createAwsClientFactory({
          config: rootConfig,
          policy,
          limiter,
          endpoint: config.aws.endpoint,
          maxAttempts: config.aws.maxAttempts,
          requestTimeoutMs: config.aws.requestTimeoutMs,
        });
        const codePipeline = new SdkCodePipelineReader(clients);
        const cloudWatch = new SdkCloudWatchAlarmReader(clients);
        const findings = createFindingsReader({ clientFactory: clients });
        const stores = await createPipelineStores({
          database: deps.database,
        });

        const entities = createEntityPipelinesService({
          entities: stores.entities,
          snapshots: stores.snapshotReader,
          alarms: stores.alarms,
          config,
        });
        const refresher = createPipelineRefresher({
          refreshQueue: stores.refreshQueue,
          snapshots: stores.snapshotWriter,
          alarmStore: stores.alarms,
          codePipeline,
          cloudWatch,
          findings,
          policy,
          config,
          logger,
          instanceId: randomUUID(),
          onStoreChanged: () => entities.invalidate(),
        });
        const resolver = createEntityPipelineResolver({
          catalog: deps.catalog,
          auth: deps.auth,
          entities: stores.entities,
          policy,
          codePipeline,
          logger,
        });
        /** Refreshes started outside the scheduler, awaited at shutdown. */
        const background = new Set<Promise<void>>();
        const refreshInBackground = (arn: string, after: string) => {
          const refresh = refresher
            .refreshNow(arn)
            .catch(error =>
              logger.warn(`Refresh of ${arn} after ${after} failed: ${error}`),
            )
            .finally(() => background.delete(refresh));
          background.add(refresh);
        };
        // A refresh cut off by shutdown would leave its lease taken until it expires.
        deps.lifecycle.addShutdownHook(async () => {
          await Promise.allSettled([...background]);
        });
        const approvals = createApprovalService({
          entities: stores.entities,
          snapshots: stores.snapshotReader,
          decisions: stores.approvalDecisions,
          codePipeline,
          onDecided: arn => {
            // Refresh in the background: the decision is already answered.
            refreshInBackground(arn, 'approval');
          },
        });

        deps.permissionsRegistry.addPermissions([...pipelinesPermissions]);

        // Global scope: with several replicas, each run happens on one of them only.
        await scheduler.scheduleTask({
          id: 'dpra-pipelines-entity-sync',
          frequency: { seconds: config.refresh.intervalSeconds },
          timeout: { minutes: 10 },
          initialDelay: { seconds: 5 },
          scope: 'global',
          fn: async () => {
            const { entities: count } = await resolver.syncAll();
            logger.debug(`Synced ${count} entities with pipeline annotations`);
          },
        });
        await scheduler.scheduleTask({
          id: 'dpra-pipelines-refresh',
          frequency: { seconds: config.refresh.tickSeconds },
          timeout: { minutes: 5 },
          scope: 'global',
          fn: async () => {
            const { refreshed, failed } = await refresher.refreshDue();
            if (refreshed + failed > 0) {
              logger.debug(
                `Refreshed ${refreshed} pipelines, ${failed} failed`,
              );
            }
          },
        });

        /** Refreshes pipelines an event named, in the background. */
        const refreshAfterEvent = (arns: string[]) =>
          arns.forEach(arn => refreshInBackground(arn, 'an event'));
        if (config.events.topic) {
          await deps.events.subscribe({
            id: 'dpra-pipelines',
            topics: [config.events.topic],
            onEvent: async ({ eventPayload }) => {
              await refreshForStateChanges(
                [parseStateChangeEvent(eventPayload)],
                {
                  refreshQueue: stores.refreshQueue,
                  alarms: stores.alarms,
                  refresh: refreshAfterEvent,
                  now: () => new Date(),
                },
              );
            },
          });
        }
        if (config.events.sqsQueueUrl) {
          const queueUrl = config.events.sqsQueueUrl;
          const listener = new SqsStateChangeListener({
            client: clients.sqs(
              queueTarget(queueUrl, policy, config.events.region),
            ),
            queueUrl,
            refreshQueue: stores.refreshQueue,
            alarms: stores.alarms,
            logger,
            refresh: refreshAfterEvent,
          });
          deps.lifecycle.addStartupHook(() => listener.start());
          deps.lifecycle.addShutdownHook(() => listener.stop());
        }

        deps.httpRouter.use(
          await createRouter({
            httpAuth: deps.httpAuth,
            permissions: deps.permissions,
            catalog: deps.catalog,
            auditor: deps.auditor,
            logger,
            entities,
            resolver,
            approvals,
            targets: policy.listTargets().length,
          }),
        );
      },
    });
  },
});
