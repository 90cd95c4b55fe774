/* eslint-disable @backstage/no-undeclared-imports -- a dev-only script; @backstage/backend-app-api and @backstage/backend-defaults come with @backstage/backend-test-utils */
import { createSpecializedBackend } from '@backstage/backend-app-api';
import {
  coreServices,
  createServiceFactory,
} from '@backstage/backend-plugin-api';
import {
  metricsServiceFactory,
  tracingServiceFactory,
} from '@backstage/backend-defaults/alpha';
import { schedulerServiceFactory } from '@backstage/backend-defaults/scheduler';
import { mockServices } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { actionsRegistryServiceMock } from '@backstage/backend-test-utils/alpha';
import express from 'express';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import pipelinesPlugin from '../src';
import { recordingNotificationService } from '../src/testing/notifications';
import {
  INBOX_TIMINGS_PATH,
  inboxTimingsRoute,
  ownerPolicyPermissions,
  recordInboxTimings,
  seededDatabase,
} from './inboxBenchChild';
import {
  CPU_USAGE_PATH,
  MEMORY_USAGE_PATH,
  announceReady,
  cpuUsageRoute,
  memoryUsageRoute,
  requiredEnv,
  runChild,
} from './benchProcess';

/** The catalog entity of the benchmark: one component referencing every pipeline. */
export const BENCH_ENTITY_NAME = 'bench-service';

/**
 * Child process: the real pipelines backend plugin in a backend made of Backstage's test service
 * factories (mock auth, permissions that allow, a catalog holding the benchmark's entity), with
 * SQLite in memory and the real Backstage scheduler driving its refresher. `startTestBackend` is
 * not used because its HTTP server listens on every interface; this one listens on 127.0.0.1 only.
 */
runChild(async () => {
  const awsUrl = requiredEnv('BENCH_AWS_URL');
  const accountId = requiredEnv('BENCH_ACCOUNT_ID');
  const regions = requiredEnv('BENCH_REGIONS').split(',');
  // The soak (bench/soak.ts) names its own entities and refresh settings; the benchmark uses these.
  const entities: Array<{
    name: string;
    annotations: Record<string, string>;
    /** Owner of the entity (the inbox benchmark's permission policy reads it). */
    owner?: string;
  }> = process.env.BENCH_ENTITIES
    ? JSON.parse(process.env.BENCH_ENTITIES)
    : [
        {
          name: BENCH_ENTITY_NAME,
          annotations: {
            'dpra.io/pipelines': requiredEnv('BENCH_PIPELINE_ARNS')
              .split(',')
              .join('\n'),
          },
        },
      ];
  const pipelinesConfig: Record<string, object> = process.env
    .BENCH_PIPELINES_CONFIG
    ? JSON.parse(process.env.BENCH_PIPELINES_CONFIG)
    : { refresh: { intervalSeconds: 60, hotIntervalSeconds: 10 } };

  const app = express();
  app.get(CPU_USAGE_PATH, cpuUsageRoute);
  app.get(MEMORY_USAGE_PATH, memoryUsageRoute);
  app.get(INBOX_TIMINGS_PATH, inboxTimingsRoute);
  app.use(recordInboxTimings);
  let server: Server | undefined;
  const rootHttpRouter = createServiceFactory({
    service: coreServices.rootHttpRouter,
    deps: { lifecycle: coreServices.rootLifecycle },
    async factory({ lifecycle }) {
      const listening = app.listen(0, '127.0.0.1');
      await new Promise<void>((resolve, reject) => {
        listening.once('listening', resolve);
        listening.once('error', reject);
      });
      server = listening;
      lifecycle.addShutdownHook(
        () => new Promise<void>(resolve => listening.close(() => resolve())),
      );
      return { use: (path, handler) => app.use(path, handler) };
    },
  });
  const baseUrl = () =>
    `http://127.0.0.1:${(server!.address() as AddressInfo).port}`;
  const discovery = createServiceFactory({
    service: coreServices.discovery,
    deps: { rootHttpRouter: coreServices.rootHttpRouter },
    async factory() {
      return {
        getBaseUrl: async (pluginId: string) => `${baseUrl()}/api/${pluginId}`,
        getExternalBaseUrl: async (pluginId: string) =>
          `${baseUrl()}/api/${pluginId}`,
      };
    },
  });

  const backend = createSpecializedBackend({
    defaultServiceFactories: [
      rootHttpRouter,
      discovery,
      schedulerServiceFactory,
      metricsServiceFactory,
      tracingServiceFactory,
      // The notifications backend is not part of the benchmark: what the plugin sends is recorded.
      recordingNotificationService().factory,
      mockServices.auth.factory(),
      mockServices.auditor.factory(),
      mockServices.cache.factory(),
      // The inbox benchmark fills the store before the plugin starts (BENCH_SEED_FILE).
      process.env.BENCH_SEED_FILE
        ? mockServices.database.factory({
            knex: await seededDatabase(process.env.BENCH_SEED_FILE),
          })
        : mockServices.database.factory(),
      actionsRegistryServiceMock.factory(),
      mockServices.httpAuth.factory(),
      mockServices.httpRouter.factory(),
      mockServices.lifecycle.factory(),
      mockServices.logger.factory(),
      mockServices.permissionsRegistry.factory(),
      mockServices.rootHealth.factory(),
      mockServices.rootLifecycle.factory(),
      mockServices.rootLogger.factory(),
      mockServices.userInfo.factory(),
      mockServices.urlReader.factory(),
      mockServices.events.factory(),
      mockServices.rootConfig.factory({
        data: {
          backend: {
            baseUrl: 'http://127.0.0.1',
            database: { client: 'better-sqlite3', connection: ':memory:' },
          },
          aws: {
            accounts: [
              { accountId, accessKeyId: 'AKIDBENCH', secretAccessKey: 'bench' },
            ],
          },
          pipelines: {
            ...pipelinesConfig,
            aws: {
              ...pipelinesConfig.aws,
              endpoint: awsUrl,
              local: true,
              targets: [{ accountId, regions }],
            },
          },
        },
      }),
      // The inbox benchmark decides like the portal's policy: owners decide (BENCH_CALLER_CLAIMS).
      process.env.BENCH_CALLER_CLAIMS
        ? ownerPolicyPermissions(
            entities.map(e => ({
              entityRef: `component:default/${e.name}`,
              owner: e.owner ?? 'team-bench',
            })),
            process.env.BENCH_CALLER_CLAIMS.split(','),
          )
        : mockServices.permissions.factory({ result: AuthorizeResult.ALLOW }),
      catalogServiceMock.factory({
        entities: entities.map(({ name, annotations, owner }) => ({
          apiVersion: 'backstage.io/v1alpha1',
          kind: 'Component',
          metadata: { name, namespace: 'default', annotations },
          spec: {
            type: 'service',
            owner: owner ?? 'team-bench',
            lifecycle: 'production',
          },
        })),
      }),
    ],
  });
  backend.add(pipelinesPlugin);
  await backend.start();
  announceReady({ url: baseUrl() });
  return () => backend.stop();
});
