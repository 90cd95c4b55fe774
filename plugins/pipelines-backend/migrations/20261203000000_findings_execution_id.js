// @ts-check

/**
 * The pipeline execution (run) a finding was last reported by, as the generated build stamps it
 * on the findings it imports (`dpra:execution-id` in ASFF `ProductFields`), so findings can be
 * served per run as well as per entity. Null for findings no run stamped (Inspector, GuardDuty,
 * findings of hand-made pipelines). The refresher writes it from the next read on.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.alterTable('findings', table => {
    table
      .string('execution_id', 128)
      .nullable()
      .comment('Pipeline execution that last reported the finding');
    table.index(['pipeline_arn', 'execution_id'], 'findings_execution_idx');
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.alterTable('findings', table => {
    table.dropIndex(['pipeline_arn', 'execution_id'], 'findings_execution_idx');
    table.dropColumn('execution_id');
  });
};
