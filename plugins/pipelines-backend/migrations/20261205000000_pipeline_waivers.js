// @ts-check

/**
 * The waived checks of a pipeline (DPRA-required checks its spec turns off, with their reasons),
 * read from its `dpra:waiver:<check>` tags and kept between tag reads, which run on the findings
 * interval: tags change only when the pipeline's stack is applied again.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.alterTable('pipelines', table => {
    table
      .text('waivers')
      .nullable()
      .comment(
        'JSON list of {check, label, reason}; null until the tags were read',
      );
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.alterTable('pipelines', table => {
    table.dropColumn('waivers');
  });
};
