// @ts-check

/**
 * State changes of the alarms that pipelines' stage conditions watch (CloudWatch
 * `DescribeAlarmHistory`, `StateUpdate` items), per account, region and alarm name: an alarm is
 * stored once however many pipelines watch it. Kept 30 days, as CloudWatch keeps them.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('alarm_history', table => {
    table.comment('State changes of watched CloudWatch alarms');
    table.string('account_id', 12).notNullable();
    table.string('region', 32).notNullable();
    table.string('alarm_name', 255).notNullable();
    table.timestamp('timestamp', { useTz: true }).notNullable();
    table.string('old_state', 32).notNullable();
    table.string('new_state', 32).notNullable();
    table.text('summary').notNullable();
    table.text('reason').nullable();
    table.primary(['account_id', 'region', 'alarm_name', 'timestamp']);
  });
  await knex.schema.createTable('alarm_history_reads', table => {
    table.comment(
      'How far the history of each watched alarm has been read: up to the state change it had then',
    );
    table.string('account_id', 12).notNullable();
    table.string('region', 32).notNullable();
    table.string('alarm_name', 255).notNullable();
    table
      .timestamp('read_through', { useTz: true })
      .notNullable()
      .comment(
        "The alarm's StateUpdatedTimestamp that the stored history covers",
      );
    table.primary(['account_id', 'region', 'alarm_name']);
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.dropTableIfExists('alarm_history_reads');
  await knex.schema.dropTableIfExists('alarm_history');
};
