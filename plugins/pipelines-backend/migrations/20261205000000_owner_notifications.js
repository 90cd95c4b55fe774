// @ts-check

/**
 * The Backstage notifications sent to the owners of entities about their pipelines (an approval
 * waiting, a failed production stage, an alarm rollback), one row each. The replica that inserts
 * the row sends the notification (insert-or-ignore on `scope`), so several replicas on one
 * database send it once; `closed_at` is claimed the same way by the replica that sends the update
 * closing it (the approval was decided or expired). `scope` is the notification's scope in the
 * notifications backend, which updates the notification sent earlier with the same scope.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('owner_notifications', table => {
    table.comment('Notifications sent to entity owners; the inserting replica sends');
    table.string('scope', 100).primary();
    table.string('kind', 32).notNullable().comment('approval | stage-failed | alarm-rollback');
    table.string('pipeline_arn', 512).notNullable();
    table.string('stage_name', 100).nullable();
    table.string('action_name', 100).nullable();
    table.string('token', 128).nullable();
    table.string('pipeline_execution_id', 128).nullable();
    table.text('recipients').notNullable().comment('Entity refs notified, JSON');
    table.text('payload').notNullable().comment('The payload sent, JSON');
    table.timestamp('sent_at', { useTz: true }).notNullable();
    table.timestamp('closed_at', { useTz: true }).nullable();
    table.index(['pipeline_arn', 'kind'], 'owner_notifications_pipeline_idx');
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.dropTable('owner_notifications');
};
