import {
  createServiceFactory,
  type SchedulerServiceTaskInvocationDefinition,
} from '@backstage/backend-plugin-api';
import { actionsRegistryServiceRef } from '@backstage/backend-plugin-api/alpha';
import { eventsServiceRef } from '@backstage/plugin-events-node';
import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { actionsRegistryServiceMock } from '@backstage/backend-test-utils/alpha';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import type { Entity } from '@backstage/catalog-model';
import type { Knex } from 'knex';
import type { RequestHandler } from 'msw';
import type { SetupServer } from 'msw/node';
import request from 'supertest';
import { pipelinesPlugin } from '../plugin';
import { ACCOUNT, PIPELINE_ARN } from './fixtures';
import { createFakeAwsWorld } from './fakeAwsWorld';
import {
  recordingNotificationService,
  recordingSignalsService,
} from './notifications';
import { expectResponseMatchesSpec } from './openApiSpec';

/*
 * The pipelines plugin in a test backend against the fake AWS world (msw), as the plugin tests and
 * the actions tests start it.
 */

/** GET through the plugin, checking the response against openapi.yaml. */
export async function get(http: any, url: string) {
  const res = await request(http).get(url);
  expectResponseMatchesSpec('get', url, res);
  return res;
}

/** POST through the plugin, checking the response against openapi.yaml. */
export async function post(http: any, url: string, body?: object) {
  const res = await request(http).post(url).send(body);
  expectResponseMatchesSpec('post', url, res);
  return res;
}
/** The entity routes of the test entity. */
export const ENTITY =
  '/api/pipelines/entities/component/default/orders-service';

/** The test entity: the fake world's pipeline and one outside the configured targets. */
export const entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name: 'orders-service',
    namespace: 'default',
    annotations: {
      'dpra.io/pipelines': `${PIPELINE_ARN}\n999999999999/us-east-1/elsewhere`,
    },
  },
  spec: { type: 'service', owner: 'team-orders', lifecycle: 'production' },
};

const config = {
  aws: {
    accounts: [
      {
        accountId: ACCOUNT,
        accessKeyId: 'AKIDEXAMPLE',
        secretAccessKey: 'secret',
      },
    ],
  },
  pipelines: {
    aws: {
      targets: [
        {
          accountId: ACCOUNT,
          regions: ['us-east-1', 'us-west-2', 'eu-west-1'],
        },
      ],
      maxAttempts: 1,
    },
    refresh: {
      intervalSeconds: 60,
      hotIntervalSeconds: 10,
      staleAfterSeconds: 300,
    },
  },
};

/** An audit event as the test backend's auditor recorded it. */
/** The deciding user (mockCredentials' default user), with a display name in the catalog. */
export const mockUser = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'User',
  metadata: { name: 'mock', namespace: 'default' },
  spec: { profile: { displayName: 'Mock Person' }, memberOf: [] },
};

export interface AuditRecord {
  eventId: string;
  meta?: Record<string, any>;
  outcome?: 'success' | 'fail';
  error?: string;
}

/** Starts the plugin in a test backend; `server` is the test file's msw server. */
export async function startBackend(
  server: SetupServer,
  options: {
    denyDecide?: boolean;
    /** Denies `dpra.pipeline.operate` (the stage controls). */
    denyOperate?: boolean;
    /** The plugin's database (default: the test backend's in-memory SQLite). */
    knex?: Knex;
    hotIntervalSeconds?: number;
    world?: ReturnType<typeof createFakeAwsWorld>;
    /**
     * Another AWS world than the fake one (e.g. aws-local's example world): its msw handlers,
     * the plugin's `pipelines.aws` config and the catalog's entities. `world` is then not served.
     */
    aws?: { handlers: RequestHandler[]; config: object; entities: Entity[] };
    /** Subscribes the plugin to this Backstage events topic. */
    eventsTopic?: string;
    approvalDeadlineSeconds?: number;
    refreshDeadlineSeconds?: number;
  } = {},
) {
  // One events bus for the whole backend (the default mock gives each plugin its own).
  const events = mockServices.events();
  const eventsBus = createServiceFactory({
    service: eventsServiceRef,
    deps: {},
    factory: async () => events,
  });
  const world = options.world ?? createFakeAwsWorld();
  server.use(...(options.aws?.handlers ?? world.handlers));
  const tasks = new Map<string, () => Promise<void>>();
  const audits: AuditRecord[] = [];
  // One registry the test can invoke the plugin's actions through (ids `test:<name>`).
  const actionsRegistry = actionsRegistryServiceMock();
  const actionsRegistryFactory = createServiceFactory({
    service: actionsRegistryServiceRef,
    deps: {},
    factory: async () => actionsRegistry,
  });
  const notifications = recordingNotificationService();
  const signals = recordingSignalsService();
  const { server: http } = await startTestBackend({
    features: [
      pipelinesPlugin,
      eventsBus,
      actionsRegistryFactory,
      notifications.factory,
      signals.factory,
      ...(options.knex
        ? [mockServices.database.factory({ knex: options.knex })]
        : []),
      mockServices.rootConfig.factory({
        data: {
          ...config,
          ...(options.aws
            ? {
                aws: {
                  mainAccount: {
                    accessKeyId: 'local',
                    secretAccessKey: 'local',
                  },
                },
              }
            : {}),
          pipelines: {
            ...config.pipelines,
            ...(options.aws ? { aws: options.aws.config } : {}),
            ...(options.eventsTopic
              ? { events: { topic: options.eventsTopic } }
              : {}),
            refresh: {
              ...config.pipelines.refresh,
              hotIntervalSeconds: options.hotIntervalSeconds ?? 10,
              deadlineSeconds: options.refreshDeadlineSeconds ?? 45,
            },
            approvals: {
              deadlineSeconds: options.approvalDeadlineSeconds ?? 20,
            },
          },
        },
      }),
      catalogServiceMock.factory({
        entities: [...(options.aws?.entities ?? [entity]), mockUser],
      }),
      mockServices.scheduler.mock({
        scheduleTask: jest.fn(
          async (task: SchedulerServiceTaskInvocationDefinition) => {
            tasks.set(task.id, () =>
              Promise.resolve(task.fn(new AbortController().signal)),
            );
          },
        ),
      }).factory,
      mockServices.permissions.mock({
        authorize: jest.fn(
          async (requests: Array<{ permission: { name: string } }>) =>
            requests.map(r => ({
              result:
                (options.denyDecide &&
                  r.permission.name === 'dpra.approval.decide') ||
                (options.denyOperate &&
                  r.permission.name === 'dpra.pipeline.operate')
                  ? AuthorizeResult.DENY
                  : AuthorizeResult.ALLOW,
            })),
        ) as any,
      }).factory,
      mockServices.auditor.mock({
        createEvent: jest.fn(async ({ eventId, meta }) => {
          const record: AuditRecord = { eventId, meta };
          audits.push(record);
          return {
            success: async (o?: { meta?: object }) => {
              record.outcome = 'success';
              record.meta = { ...record.meta, ...o?.meta };
            },
            fail: async ({ error }: { error: Error }) => {
              record.outcome = 'fail';
              record.error = `${error.name}: ${error.message}`;
            },
          };
        }),
      }).factory,
    ],
  });
  const runTask = async (id: string) => {
    const task = tasks.get(id);
    if (!task) throw new Error(`task ${id} not scheduled`);
    await task();
  };
  return {
    http,
    world,
    runTask,
    audits,
    tasks,
    events,
    actionsRegistry,
    notifications: notifications.sent,
    signals: signals.published,
  };
}
