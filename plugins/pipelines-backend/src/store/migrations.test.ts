import { resolve } from 'node:path';
import { createTestDatabases, createTestStores } from '../testing/stores';

jest.setTimeout(60_000);

const databases = createTestDatabases();

describe.each(databases.eachSupportedId())(
  'the store migrations on %p',
  databaseId => {
    it('migrate up and down cleanly', async () => {
      const { knex } = await createTestStores(databases, databaseId);
      expect(await knex.schema.hasTable('approval_decisions')).toBe(true);
      expect(await knex.schema.hasTable('alarm_history')).toBe(true);
      await knex.migrate.rollback(
        { directory: resolve(__dirname, '../../migrations') },
        true,
      );
      for (const table of [
        'pipelines',
        'executions',
        'refresh_state',
        'approval_decisions',
        'entities',
        'alarm_history',
        'alarm_history_reads',
      ]) {
        expect(await knex.schema.hasTable(table)).toBe(false);
      }
    });
  },
);
