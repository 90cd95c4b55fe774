import {
  TestDatabaseId,
  TestDatabases,
  mockServices,
} from '@backstage/backend-test-utils';
import type { PipelineLayout } from '@dpra/plugin-pipelines-common';
import type { Knex } from 'knex';
import {
  createPipelineStores,
  type PipelineSnapshot,
  type PipelineStores,
} from '../store';

/** The PostgreSQL majors the store supports, newest first. */
const POSTGRES_IDS: TestDatabaseId[] = [
  'POSTGRES_18',
  'POSTGRES_17',
  'POSTGRES_16',
  'POSTGRES_15',
  'POSTGRES_14',
];

/** Every engine the store supports: SQLite and each PostgreSQL the environment provides. */
export function createTestDatabases(): TestDatabases {
  return TestDatabases.create({ ids: ['SQLITE_3', ...POSTGRES_IDS] });
}

/** Each PostgreSQL the environment provides (for what only a shared server shows, e.g. replicas). */
export function createPostgresTestDatabases(): TestDatabases {
  return TestDatabases.create({ ids: POSTGRES_IDS });
}

/** A fresh, migrated database of the engine with every role of the store over it. */
export async function createTestStores(
  databases: TestDatabases,
  databaseId: TestDatabaseId,
): Promise<{ knex: Knex; stores: PipelineStores }> {
  const knex = await databases.init(databaseId);
  const stores = await createPipelineStores({
    database: mockServices.database.mock({ getClient: async () => knex }),
  });
  return { knex, stores };
}

export const STORE_ARN =
  'arn:aws:codepipeline:us-east-1:111111111111:orders-service';
export const OTHER_STORE_ARN =
  'arn:aws:codepipeline:eu-west-1:111111111111:payments';
export const STORE_ENTITY = 'component:default/orders';
export const storeLocation = {
  arn: STORE_ARN,
  accountId: '111111111111',
  region: 'us-east-1',
  name: 'orders-service',
};
export const t0 = new Date('2026-11-23T10:00:00.000Z');
export const plus = (ms: number) => new Date(t0.getTime() + ms);

/** Makes the entity reference the pipeline (which makes it due in the refresh queue). */
export async function referencePipeline(
  stores: PipelineStores,
  entityRef = STORE_ENTITY,
  location = storeLocation,
) {
  await stores.entities.saveEntityResolution(
    entityRef,
    {
      referencesHash: 'h',
      pipelines: [{ ...location, reference: location.arn }],
      problems: [],
    },
    t0,
  );
}

/** A snapshot of the orders pipeline with a bit of everything. */
export function testSnapshot(
  overrides: Partial<PipelineSnapshot> = {},
): PipelineSnapshot {
  return {
    location: storeLocation,
    executionMode: 'QUEUED',
    pipelineType: 'V2',
    pipelineVersion: 3,
    definition: { name: 'orders-service', stages: [] },
    layout: {
      stages: [],
      waves: [],
      homeRegion: 'us-east-1',
      conventional: true,
    },
    stages: [
      {
        name: 'Source',
        status: 'Succeeded',
        actions: [],
        inboundTransitionEnabled: true,
      },
    ],
    pendingApprovals: [
      {
        pipelineArn: STORE_ARN,
        stageName: 'Approval',
        actionName: 'ManualApproval',
        token: 'tok-1',
      },
    ],
    latestExecutionId: 'e2',
    executions: [
      {
        id: 'e1',
        pipelineArn: STORE_ARN,
        status: 'Succeeded',
        startedAt: '2026-11-20T09:00:00.000Z',
        finishedAt: '2026-11-21T09:00:00.000Z',
        sourceRevisions: [{ actionName: 'Source', revisionId: 'a' }],
        sourceRevisionTimes: ['2026-11-20T08:00:00.000Z'],
        reachedProdAt: '2026-11-20T13:00:00.000Z',
        prodCompletedAt: '2026-11-21T06:00:00.000Z',
        detailsComplete: true,
        executionType: 'STANDARD',
      },
      {
        id: 'e2',
        pipelineArn: STORE_ARN,
        status: 'InProgress',
        startedAt: '2026-11-23T09:00:00.000Z',
        sourceRevisions: [],
        detailsComplete: false,
        executionType: 'STANDARD',
      },
    ],
    alarms: [
      {
        name: 'orders-prod-us-east-1-high-severity',
        type: 'composite',
        state: 'ALARM',
        region: 'us-east-1',
        alarmRule: 'ALARM(a)',
      },
    ],
    findings: [
      { id: 'f-low', severity: 'LOW', title: 'b', tool: 'Trivy' },
      { id: 'f-crit', severity: 'CRITICAL', title: 'a', tool: 'Inspector' },
    ],
    reports: [
      { arn: 'arn:report:1', type: 'TEST', status: 'SUCCEEDED', testTotal: 10 },
    ],
    capturedAt: t0,
    ...overrides,
  };
}

/**
 * Source → Build → Approval → Prod-Wave1 (us-east-1, eu-west-1) → Prod-Wave2 (ap-southeast-2):
 * the layout of a pipeline whose approval promotes a wave, for the inbox's tests and benchmark.
 */
export const approvalLayout: PipelineLayout = {
  stages: ['Source', 'Build', 'Approval', 'Prod-Wave1', 'Prod-Wave2'].map(
    name => ({
      name,
      phase: name.startsWith('Prod') ? 'prod' : 'source',
      actions: [],
      safety: {},
    }),
  ) as unknown as PipelineLayout['stages'],
  waves: [
    {
      index: 1,
      stageName: 'Prod-Wave1',
      regions: ['us-east-1', 'eu-west-1'].map(region => ({
        region,
        actionNames: [`Deploy-${region}`],
        hasOneBox: false,
      })),
    },
    {
      index: 2,
      stageName: 'Prod-Wave2',
      regions: [
        {
          region: 'ap-southeast-2',
          actionNames: ['Deploy-ap-southeast-2'],
          hasOneBox: false,
        },
      ],
    },
  ],
  homeRegion: 'us-east-1',
  conventional: true,
};
