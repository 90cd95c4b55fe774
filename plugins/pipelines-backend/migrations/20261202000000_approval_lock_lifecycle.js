// @ts-check

/**
 * Approval decisions lock a token only while they are in flight (`pending`) or once they were
 * sent (`succeeded`, or `reconciled` when AWS showed the approval decided after an unanswered
 * send). A refusal by AWS (`refused`) or a failure (`failed`) stays in the audit trail without
 * blocking a later decision on the same token: the unique index becomes partial. SQLite and
 * PostgreSQL both support partial unique indexes.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.alterTable('approval_decisions', table => {
    table.dropUnique(
      ['pipeline_arn', 'stage_name', 'action_name', 'token'],
      'approval_decisions_once_uq',
    );
  });
  await knex.raw(
    `CREATE UNIQUE INDEX approval_decisions_once_uq ON approval_decisions
       (pipeline_arn, stage_name, action_name, token)
       WHERE outcome IN ('pending', 'succeeded', 'reconciled')`,
  );
  await knex.schema.alterTable('approval_decisions', table => {
    table.index(['outcome', 'decided_at'], 'approval_decisions_outcome_idx');
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.alterTable('approval_decisions', table => {
    table.dropIndex(
      ['outcome', 'decided_at'],
      'approval_decisions_outcome_idx',
    );
  });
  await knex.raw('DROP INDEX approval_decisions_once_uq');
  await knex('approval_decisions')
    .whereNotIn('outcome', ['pending', 'succeeded', 'reconciled'])
    .delete();
  await knex.schema.alterTable('approval_decisions', table => {
    table.unique(['pipeline_arn', 'stage_name', 'action_name', 'token'], {
      indexName: 'approval_decisions_once_uq',
    });
  });
};
