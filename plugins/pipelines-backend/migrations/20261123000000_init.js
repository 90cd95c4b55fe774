// @ts-check

/**
 * Initial schema of the pipelines backend: what the refresher learned from AWS (pipelines with
 * their definition and derived layout, current stage/action state, executions, alarms, findings,
 * reports), which entities reference which pipelines, refresh bookkeeping (with a lease so that
 * several backend replicas never refresh the same pipeline at once) and the audit trail of
 * approval decisions.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('pipelines', table => {
    table.comment('CodePipeline pipelines referenced by catalog entities');
    table.string('arn', 512).primary().notNullable();
    table.string('account_id', 12).notNullable();
    table.string('region', 32).notNullable();
    table.string('name', 255).notNullable();
    table.string('role_arn', 512).nullable().comment('Allow-listed role assumed to read it');
    table.string('execution_mode', 32).nullable();
    table.string('pipeline_type', 8).nullable();
    table.integer('pipeline_version').nullable();
    table.text('definition').nullable().comment('GetPipeline declaration, JSON');
    table.text('layout').nullable().comment('Derived PipelineLayout, JSON');
    table.timestamp('updated_at', { useTz: true }).notNullable();
  });

  await knex.schema.createTable('pipeline_states', table => {
    table.comment('Current stage/action state snapshot of each pipeline (GetPipelineState)');
    table.string('pipeline_arn', 512).primary().notNullable()
      .references('arn').inTable('pipelines').onDelete('CASCADE');
    table.text('stages').notNullable().comment('StageStateView[], JSON');
    table.text('pending_approvals').notNullable().comment('PendingApproval[], JSON');
    table.string('latest_execution_id', 128).nullable();
    table.timestamp('captured_at', { useTz: true }).notNullable();
  });

  await knex.schema.createTable('executions', table => {
    table.comment('Pipeline executions, kept for history and delivery metrics');
    table.string('pipeline_arn', 512).notNullable()
      .references('arn').inTable('pipelines').onDelete('CASCADE');
    table.string('execution_id', 128).notNullable();
    table.string('status', 32).notNullable();
    table.text('status_summary').nullable();
    table.string('execution_type', 16).notNullable().defaultTo('STANDARD');
    table.timestamp('started_at', { useTz: true }).nullable();
    table.timestamp('updated_at', { useTz: true }).nullable();
    table.timestamp('finished_at', { useTz: true }).nullable();
    table.string('trigger_type', 64).nullable();
    table.text('trigger_detail').nullable();
    table.text('source_revisions').notNullable().comment('JSON');
    table.text('source_revision_times').nullable().comment('ISO times, JSON');
    table.timestamp('reached_prod_at', { useTz: true }).nullable();
    table.timestamp('prod_completed_at', { useTz: true }).nullable();
    table.boolean('details_complete').notNullable().defaultTo(false)
      .comment('True once stage timings of a finished execution were read');
    table.primary(['pipeline_arn', 'execution_id']);
    table.index(['pipeline_arn', 'started_at'], 'executions_pipeline_started_idx');
  });

  await knex.schema.createTable('alarms', table => {
    table.comment('CloudWatch alarms referenced by stage conditions');
    table.string('pipeline_arn', 512).notNullable()
      .references('arn').inTable('pipelines').onDelete('CASCADE');
    table.string('region', 32).notNullable();
    table.string('name', 255).notNullable();
    table.string('arn', 512).nullable();
    table.string('type', 16).notNullable();
    table.string('state', 32).notNullable();
    table.text('state_reason').nullable();
    table.timestamp('state_updated_at', { useTz: true }).nullable();
    table.text('alarm_rule').nullable();
    table.timestamp('refreshed_at', { useTz: true }).notNullable();
    table.primary(['pipeline_arn', 'region', 'name']);
  });

  await knex.schema.createTable('findings', table => {
    table.comment('Normalised security and quality findings attributed to a pipeline');
    table.string('pipeline_arn', 512).notNullable()
      .references('arn').inTable('pipelines').onDelete('CASCADE');
    table.string('finding_id', 1024).notNullable();
    table.string('severity', 16).notNullable();
    table.text('data').notNullable().comment('FindingView, JSON');
    table.timestamp('refreshed_at', { useTz: true }).notNullable();
    table.primary(['pipeline_arn', 'finding_id']);
  });

  await knex.schema.createTable('reports', table => {
    table.comment('CodeBuild test and coverage report summaries');
    table.string('pipeline_arn', 512).notNullable()
      .references('arn').inTable('pipelines').onDelete('CASCADE');
    table.string('report_arn', 1024).notNullable();
    table.text('data').notNullable().comment('ReportView, JSON');
    table.timestamp('refreshed_at', { useTz: true }).notNullable();
    table.primary(['pipeline_arn', 'report_arn']);
  });

  await knex.schema.createTable('refresh_state', table => {
    table.comment('Refresh bookkeeping per pipeline, with a lease for multi-replica safety');
    table.string('pipeline_arn', 512).primary().notNullable();
    table.string('account_id', 12).notNullable();
    table.string('region', 32).notNullable();
    table.string('name', 255).notNullable();
    table.string('role_arn', 512).nullable();
    table.timestamp('next_refresh_at', { useTz: true }).notNullable();
    table.timestamp('last_attempt_at', { useTz: true }).nullable();
    table.timestamp('last_success_at', { useTz: true }).nullable();
    table.text('last_error').nullable();
    table.timestamp('hot_until', { useTz: true }).nullable();
    table.boolean('in_progress').notNullable().defaultTo(false);
    table.timestamp('findings_refreshed_at', { useTz: true }).nullable();
    table.string('lease_owner', 128).nullable();
    table.timestamp('lease_expires_at', { useTz: true }).nullable();
    table.index(['next_refresh_at'], 'refresh_state_next_idx');
  });

  await knex.schema.createTable('entities', table => {
    table.comment('Catalog entities with pipeline annotations, as last resolved');
    table.string('entity_ref', 512).primary().notNullable();
    table.string('references_hash', 64).notNullable();
    table.timestamp('resolved_at', { useTz: true }).notNullable();
    table.timestamp('hot_until', { useTz: true }).nullable();
  });

  await knex.schema.createTable('entity_pipelines', table => {
    table.comment('Which pipelines an entity references (explicitly or by tag lookup)');
    table.string('entity_ref', 512).notNullable()
      .references('entity_ref').inTable('entities').onDelete('CASCADE');
    table.string('pipeline_arn', 512).notNullable();
    table.text('reference').notNullable();
    table.primary(['entity_ref', 'pipeline_arn']);
    table.index(['pipeline_arn'], 'entity_pipelines_arn_idx');
  });

  await knex.schema.createTable('entity_problems', table => {
    table.comment('References of an entity that are refused or could not be resolved');
    table.increments('id');
    table.string('entity_ref', 512).notNullable()
      .references('entity_ref').inTable('entities').onDelete('CASCADE');
    table.text('reference').notNullable();
    table.text('message').notNullable();
    table.index(['entity_ref'], 'entity_problems_ref_idx');
  });

  await knex.schema.createTable('approval_decisions', table => {
    table.comment('Audit trail of approve/reject decisions sent from Backstage');
    table.increments('id');
    table.string('entity_ref', 512).notNullable();
    table.string('pipeline_arn', 512).notNullable();
    table.string('stage_name', 100).notNullable();
    table.string('action_name', 100).notNullable();
    table.string('token', 128).notNullable();
    table.string('pipeline_execution_id', 128).nullable();
    table.string('decision', 16).notNullable();
    table.text('comment').nullable();
    table.text('summary').notNullable().comment('Summary sent to AWS');
    table.string('decided_by', 512).notNullable();
    table.timestamp('decided_at', { useTz: true }).notNullable();
    table.string('outcome', 16).notNullable().comment('pending | succeeded | failed');
    table.text('error').nullable();
    table.timestamp('completed_at', { useTz: true }).nullable();
    // The guard against a double submit, across replicas: a token is decided at most once.
    table.unique(['pipeline_arn', 'stage_name', 'action_name', 'token'], {
      indexName: 'approval_decisions_once_uq',
    });
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  for (const table of [
    'approval_decisions',
    'entity_problems',
    'entity_pipelines',
    'entities',
    'refresh_state',
    'reports',
    'findings',
    'alarms',
    'executions',
    'pipeline_states',
    'pipelines',
  ]) {
    await knex.schema.dropTableIfExists(table);
  }
};
