// @ts-check

/**
 * The pending manual approvals of every pipeline, one row each, so that the "waiting for my
 * approval" inbox is one indexed query across all entities instead of parsing every pipeline's
 * state. Written by the refresher in the snapshot's transaction (rows of approvals no longer
 * pending are deleted, new ones inserted, existing ones kept with the time they were first seen).
 * `promotes` is what approving lets through (the next production wave and its regions), derived
 * from the pipeline's layout when the approval is first seen. Filled from `pipeline_states` on up.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('pending_approvals', table => {
    table.comment('Manual approvals waiting for a decision, as the last refresh saw them');
    table.string('pipeline_arn', 512).notNullable()
      .references('arn').inTable('pipelines').onDelete('CASCADE');
    table.string('stage_name', 100).notNullable();
    table.string('action_name', 100).notNullable();
    table.string('token', 128).notNullable();
    table.string('pipeline_execution_id', 128).nullable();
    table.timestamp('requested_at', { useTz: true }).nullable();
    table.timestamp('expires_at', { useTz: true }).nullable();
    table.text('custom_data').nullable();
    table.text('external_entity_link').nullable();
    table.text('promotes').nullable().comment('ApprovalPromotion, JSON');
    table.timestamp('first_seen_at', { useTz: true }).notNullable();
    table.primary(['pipeline_arn', 'stage_name', 'action_name', 'token']);
  });
  const states = await knex('pipeline_states').select(
    'pipeline_arn',
    'pending_approvals',
    'captured_at',
  );
  for (const state of states) {
    /** @type {Array<Record<string, string | undefined>>} */
    let approvals = [];
    try {
      approvals = JSON.parse(state.pending_approvals ?? '[]');
    } catch {
      // An unreadable state is replaced by the next refresh.
    }
    const seen = new Set();
    for (const a of Array.isArray(approvals) ? approvals : []) {
      const key = `${a.stageName}\u0000${a.actionName}\u0000${a.token}`;
      if (!a.stageName || !a.actionName || !a.token || seen.has(key)) continue;
      seen.add(key);
      await knex('pending_approvals').insert({
        pipeline_arn: state.pipeline_arn,
        stage_name: a.stageName,
        action_name: a.actionName,
        token: a.token,
        pipeline_execution_id: a.pipelineExecutionId ?? null,
        requested_at: a.requestedAt ?? null,
        expires_at: a.expiresAt ?? null,
        custom_data: a.customData ?? null,
        external_entity_link: a.externalEntityLink ?? null,
        promotes: null,
        first_seen_at: state.captured_at,
      });
    }
  }
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.dropTable('pending_approvals');
};
