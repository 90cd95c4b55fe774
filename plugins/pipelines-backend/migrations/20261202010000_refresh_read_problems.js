// @ts-check

/**
 * What the last successful refresh of a pipeline could not read of its optional parts (alarms,
 * alarm history, findings, reports, tags, execution details): a JSON array of sentences, each
 * naming the call, the AWS error and the fix. The pipeline itself stays fresh; the API lists
 * these as the entity's problems. Replaced by every successful refresh.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.alterTable('refresh_state', table => {
    table.text('read_problems').nullable();
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.alterTable('refresh_state', table => {
    table.dropColumn('read_problems');
  });
};
