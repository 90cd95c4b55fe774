// @ts-check

/**
 * The AppConfig deployments of a configuration pipeline (the latest one of each profile per
 * environment and region, with the live version and the last rollback), kept between refreshes:
 * a refresh that could not read AppConfig keeps what the last one read.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.alterTable('pipelines', table => {
    table
      .text('config_deployments')
      .nullable()
      .comment(
        'JSON list of ConfigDeploymentView; null for other pipelines and until AppConfig was read',
      );
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.alterTable('pipelines', table => {
    table.dropColumn('config_deployments');
  });
};
