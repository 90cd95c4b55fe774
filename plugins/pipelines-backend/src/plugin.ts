import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { actionsRegistryServiceRef } from '@backstage/backend-plugin-api/alpha';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { eventsServiceRef } from '@backstage/plugin-events-node';
import { notificationService } from '@backstage/plugin-notifications-node';
import { signalsServiceRef } from '@backstage/plugin-signals-node';
import { pipelinesPermissions } from '@dpra/plugin-pipelines-common';
import { randomUUID } from 'node:crypto';
import { registerPipelinesActions } from './actions';
import { createAwsClientFactory } from './aws/AwsClientFactory';
import { AwsTargetPolicy } from './aws/AwsTarget';
import { AwsTargetLimiter } from './aws/AwsTargetLimiter';
import { SdkAppConfigDeploymentReader } from './aws/AppConfigDeploymentReader';
import { SdkCloudWatchAlarmReader } from './aws/CloudWatchAlarmReader';
import { SdkCodePipelineReader } from './aws/CodePipelineReader';
import { readPipelinesConfig } from './config';
import { createStateChangeSubscriber } from './events/StateChangeSubscriber';
import { createFindingsReader } from './findings';
import { createOwnerNotifier } from './notifications';
import { createPipelineSignals } from './signals';
import { createBackgroundRefreshService } from './refresh/BackgroundRefreshService';
import { createPipelineRefresher } from './refresh/PipelineRefresher';
import { createApprovalInboxService } from './service/ApprovalInboxService';
import { createApprovalService } from './service/ApprovalService';
import { SdkCodePipelineOperator } from './aws/CodePipelineOperator';
import { createPipelineControlService } from './service/PipelineControlService';
import { createEntityAccess } from './service/EntityAccess';
import { createEntityPipelineResolver } from './service/EntityPipelineResolver';
import { createEntityPipelinesResponseCache } from './service/EntityPipelinesResponseCache';
import { createEntityPipelinesService } from './service/EntityPipelinesService';
import { createRouter } from './service/router';
import { createPipelineStores } from './store';

/**
 * The DPRA pipelines backend plugin: refreshes the CodePipeline pipelines, alarms and findings
 * of catalog entities into its store, serves them, decides approvals and computes delivery
 * metrics. This file only wires the services together; each service schedules its own work.
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
        cache: coreServices.cache,
        lifecycle: coreServices.lifecycle,
        catalog: catalogServiceRef,
        events: eventsServiceRef,
        actionsRegistry: actionsRegistryServiceRef,
        notifications: notificationService,
        signals: signalsServiceRef,
      },
      async init(deps) {
        const { rootConfig, logger, scheduler } = deps;
        const config = readPipelinesConfig(rootConfig);
        const policy = new AwsTargetPolicy(config.aws);
        const clients = createAwsClientFactory({
          config: rootConfig,
          policy,
          limiter: new AwsTargetLimiter(config.refresh.concurrencyPerTarget),
          endpoint: config.aws.endpoint,
          maxAttempts: config.aws.maxAttempts,
          requestTimeoutMs: config.aws.requestTimeoutMs,
          connectionTimeoutMs: config.aws.connectionTimeoutMs,
        });
        const codePipeline = new SdkCodePipelineReader(clients);
        const stores = await createPipelineStores({ database: deps.database });

        const entities = createEntityPipelinesService({
          entities: stores.entities,
          snapshots: stores.snapshotReader,
          alarms: stores.alarms,
          decisions: stores.approvalDecisions,
          config,
        });
        const responses = createEntityPipelinesResponseCache({
          entities: stores.entities,
          responses: entities,
          staleAfterSeconds: config.refresh.staleAfterSeconds,
        });
        // Owners hear of approvals, failed production stages and alarm rollbacks from the
        // refresh that first sees them (once across replicas: the store's claim decides who sends).
        const notifier = createOwnerNotifier({
          store: stores.ownerNotifications,
          snapshots: stores.snapshotWriter,
          decisions: stores.approvalDecisions,
          notifications: deps.notifications,
          logger,
        });
        // Open tabs and inboxes re-fetch when told (polling stays their fallback).
        const signals = createPipelineSignals({
          signals: deps.signals,
          store: stores.ownerNotifications,
          logger,
        });
        const refresher = createPipelineRefresher({
          refreshQueue: stores.refreshQueue,
          snapshots: stores.snapshotWriter,
          alarmStore: stores.alarms,
          responses,
          codePipeline,
          cloudWatch: new SdkCloudWatchAlarmReader(clients),
          findings: createFindingsReader({ clientFactory: clients }),
          appConfig: new SdkAppConfigDeploymentReader(clients, {
            cache: deps.cache,
          }),
          policy,
          config,
          logger,
          scheduler,
          instanceId: randomUUID(),
          onSaved: async snapshot => {
            await notifier.afterSnapshot(snapshot);
            await signals.afterSnapshot(snapshot);
          },
        });
        const background = createBackgroundRefreshService({
          refresher,
          logger,
          lifecycle: deps.lifecycle,
        });
        const resolver = createEntityPipelineResolver({
          catalog: deps.catalog,
          auth: deps.auth,
          entities: stores.entities,
          policy,
          codePipeline,
          logger,
          scheduler,
          config,
        });
        const approvals = createApprovalService({
          entities: stores.entities,
          snapshots: stores.snapshotReader,
          decisions: stores.approvalDecisions,
          codePipeline,
          background,
          deadlineMs: config.approvals.deadlineSeconds * 1000,
        });
        // The controls are writes to AWS like a decision, under the same deadline.
        const controls = createPipelineControlService({
          entities: stores.entities,
          codePipeline,
          operator: new SdkCodePipelineOperator(clients),
          background,
          deadlineMs: config.approvals.deadlineSeconds * 1000,
        });
        const stateChanges = createStateChangeSubscriber({
          events: deps.events,
          topic: config.events.topic,
          refreshQueue: stores.refreshQueue,
          alarms: stores.alarms,
          background,
        });

        const inbox = createApprovalInboxService({
          inbox: stores.inbox,
          permissions: deps.permissions,
        });
        // Actions for AI tools: the REST routes' services, permission checks and audit.
        registerPipelinesActions({
          actionsRegistry: deps.actionsRegistry,
          access: createEntityAccess({
            catalog: deps.catalog,
            permissions: deps.permissions,
            cacheMs: 5000,
          }),
          resolver,
          entities,
          inbox,
          approvals,
          controls,
          auditor: deps.auditor,
          signals,
        });

        deps.permissionsRegistry.addPermissions([...pipelinesPermissions]);
        await resolver.start();
        await refresher.start();
        // Decisions whose sending got no answer are settled against AWS once their deadline is
        // long past (once across replicas; running twice would be harmless).
        await scheduler.scheduleTask({
          id: 'dpra-pipelines-approval-reconcile',
          frequency: { seconds: config.approvals.deadlineSeconds },
          timeout: { seconds: config.approvals.deadlineSeconds * 10 },
          initialDelay: { seconds: config.approvals.deadlineSeconds },
          scope: 'global',
          fn: async () => {
            const { reconciled, pruned } = await approvals.reconcile();
            if (reconciled || pruned) {
              logger.info(
                `Reconciled ${reconciled} approval decisions with AWS, pruned ${pruned}`,
              );
            }
          },
        });
        await stateChanges.start();
        deps.httpRouter.use(
          await createRouter({
            httpAuth: deps.httpAuth,
            permissions: deps.permissions,
            catalog: deps.catalog,
            auditor: deps.auditor,
            logger,
            entities,
            responses,
            resolver,
            approvals,
            controls,
            inbox,
            signals,
            targets: policy.listTargets().length,
          }),
        );
      },
    });
  },
});
