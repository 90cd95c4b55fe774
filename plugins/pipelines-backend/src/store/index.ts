import {
  type DatabaseService,
  resolvePackagePath,
} from '@backstage/backend-plugin-api';
import { DatabaseAlarmStore } from './DatabaseAlarmStore';
import { DatabaseApprovalDecisionStore } from './DatabaseApprovalDecisionStore';
import { DatabaseEntityStore } from './DatabaseEntityStore';
import { DatabaseInboxStore } from './DatabaseInboxStore';
import { DatabaseOwnerNotificationStore } from './DatabaseOwnerNotificationStore';
import { DatabasePipelineSnapshotReader } from './DatabasePipelineSnapshotReader';
import { DatabasePipelineSnapshotWriter } from './DatabasePipelineSnapshotWriter';
import { DatabaseRefreshQueue } from './DatabaseRefreshQueue';
import type { PipelineStores } from './types';

export * from './types';

/** The plugin's one migration history, shipped in the package's `migrations/` folder. */
export const migrationsDirectory = resolvePackagePath(
  '@dpra/plugin-pipelines-backend',
  'migrations',
);

/**
 * Runs the migrations (unless the deployment manages them) and creates every role of the store
 * over the plugin's one knex instance.
 */
export async function createPipelineStores(options: {
  database: DatabaseService;
}): Promise<PipelineStores> {
  const knex = await options.database.getClient();
  if (!options.database.migrations?.skip) {
    await knex.migrate.latest({ directory: migrationsDirectory });
  }
  return {
    entities: new DatabaseEntityStore(knex),
    refreshQueue: new DatabaseRefreshQueue(knex),
    snapshotWriter: new DatabasePipelineSnapshotWriter(knex),
    snapshotReader: new DatabasePipelineSnapshotReader(knex),
    alarms: new DatabaseAlarmStore(knex),
    approvalDecisions: new DatabaseApprovalDecisionStore(knex),
    inbox: new DatabaseInboxStore(knex),
    ownerNotifications: new DatabaseOwnerNotificationStore(knex),
  };
}
