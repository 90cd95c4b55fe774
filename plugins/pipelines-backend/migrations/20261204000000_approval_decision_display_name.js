// @ts-check

/**
 * Decisions stay visible after their approval is gone: the stage, the run view and the history
 * show who decided (by display name, as the catalog named the user when they decided), when and
 * with which comment. The display name is stored with the decision, once, so that the record
 * does not change when the user entity does, and reads need no catalog call per decision. The
 * index serves the executions route, which attaches each execution's decisions.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.alterTable('approval_decisions', table => {
    table
      .string('decided_by_name', 255)
      .nullable()
      .comment(
        "The deciding user's display name in the catalog when they decided",
      );
    table.index(
      ['pipeline_arn', 'pipeline_execution_id'],
      'approval_decisions_execution_idx',
    );
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.alterTable('approval_decisions', table => {
    table.dropIndex(
      ['pipeline_arn', 'pipeline_execution_id'],
      'approval_decisions_execution_idx',
    );
    table.dropColumn('decided_by_name');
  });
};
