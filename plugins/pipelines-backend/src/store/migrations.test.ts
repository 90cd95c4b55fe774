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

    it('adds the execution id of findings, and takes it away again without losing findings', async () => {
      const { knex } = await createTestStores(databases, databaseId);
      const directory = resolve(__dirname, '../../migrations');
      await knex('pipelines').insert({
        arn: 'arn:aws:codepipeline:us-east-1:111111111111:p',
        account_id: '111111111111',
        region: 'us-east-1',
        name: 'p',
        updated_at: new Date('2026-12-02T04:00:00Z'),
      });
      await knex('findings').insert({
        pipeline_arn: 'arn:aws:codepipeline:us-east-1:111111111111:p',
        finding_id: 'f-1',
        severity: 'HIGH',
        execution_id: 'run-1',
        data: '{}',
        refreshed_at: new Date('2026-12-02T04:00:00Z'),
      });

      const name = '20261203000000_findings_execution_id.js';
      await knex.migrate.down({ directory, name });
      expect(await knex.schema.hasColumn('findings', 'execution_id')).toBe(
        false,
      );
      expect(await knex('findings').select('finding_id')).toEqual([
        { finding_id: 'f-1' },
      ]);

      await knex.migrate.up({ directory, name });
      expect(await knex.schema.hasColumn('findings', 'execution_id')).toBe(
        true,
      );
      expect(
        await knex('findings').select('finding_id', 'execution_id'),
      ).toEqual([{ finding_id: 'f-1', execution_id: null }]);
    });
  },
);
