import type {
  InboxApproval,
  PendingApproval,
  PipelineLayout,
} from '@dpra/plugin-pipelines-common';
import type { Knex } from 'knex';
import { approvalPromotion } from '../layout/approvalPromotion';
import { json, toIso } from './rows';
import type { InboxStore } from './types';

/** Primary key of a `pending_approvals` row, as one string. */
const approvalKey = (a: {
  stageName: string;
  actionName: string;
  token: string;
}) => `${a.stageName}\u0000${a.actionName}\u0000${a.token}`;

/**
 * Brings a pipeline's rows of `pending_approvals` in line with what a refresh saw, inside the
 * snapshot's transaction: approvals no longer pending are deleted, new ones inserted with what
 * approving them promotes (from `layout`, or the stored layout when the refresh did not re-read
 * the definition); approvals still pending keep their row (and the time they were first seen).
 */
export async function syncPendingApprovals(
  tx: Knex.Transaction,
  pipelineArn: string,
  approvals: PendingApproval[],
  options: { layout?: PipelineLayout; capturedAt: string },
): Promise<void> {
  const stored = await tx('pending_approvals')
    .where({ pipeline_arn: pipelineArn })
    .select('stage_name', 'action_name', 'token');
  const current = new Map(approvals.map(a => [approvalKey(a), a]));
  const storedKeys = new Set<string>();
  for (const row of stored) {
    const key = approvalKey({
      stageName: row.stage_name,
      actionName: row.action_name,
      token: row.token,
    });
    storedKeys.add(key);
    if (!current.has(key)) {
      await tx('pending_approvals')
        .where({
          pipeline_arn: pipelineArn,
          stage_name: row.stage_name,
          action_name: row.action_name,
          token: row.token,
        })
        .delete();
    }
  }
  const added = [...current.entries()]
    .filter(([key]) => !storedKeys.has(key))
    .map(([, a]) => a);
  if (added.length === 0) {
    return;
  }
  const layout =
    options.layout ??
    json<PipelineLayout | undefined>(
      (
        await tx('pipelines')
          .where({ arn: pipelineArn })
          .first('layout')
      )?.layout,
      undefined,
    );
  await tx('pending_approvals').insert(
    added.map(a => {
      const promotes = approvalPromotion(layout, a.stageName);
      return {
        pipeline_arn: pipelineArn,
        stage_name: a.stageName,
        action_name: a.actionName,
        token: a.token,
        pipeline_execution_id: a.pipelineExecutionId ?? null,
        requested_at: a.requestedAt ?? null,
        expires_at: a.expiresAt ?? null,
        custom_data: a.customData ?? null,
        external_entity_link: a.externalEntityLink ?? null,
        promotes: promotes ? JSON.stringify(promotes) : null,
        first_seen_at: options.capturedAt,
      };
    }),
  );
}

/** {@link InboxStore} on the plugin's database. */
export class DatabaseInboxStore implements InboxStore {
  constructor(private readonly db: Knex) {}

  async listPendingApprovals() {
    const db = this.db;
    const rows = await db('pending_approvals as pa')
      .join('entity_pipelines as ep', 'ep.pipeline_arn', 'pa.pipeline_arn')
      .join('pipelines as p', 'p.arn', 'pa.pipeline_arn')
      .leftJoin('pipeline_states as ps', 'ps.pipeline_arn', 'pa.pipeline_arn')
      .leftJoin('refresh_state as rs', 'rs.pipeline_arn', 'pa.pipeline_arn')
      .leftJoin('executions as ex', function joinExecution() {
        this.on('ex.pipeline_arn', '=', 'pa.pipeline_arn').andOn(
          'ex.execution_id',
          '=',
          'pa.pipeline_execution_id',
        );
      })
      // A token that was decided through Backstage (or is being decided) leaves the inbox at
      // once, before the next refresh shows the approval gone.
      .whereNotExists(
        db('approval_decisions as ad')
          .select(db.raw('1'))
          .whereRaw('ad.pipeline_arn = pa.pipeline_arn')
          .whereRaw('ad.stage_name = pa.stage_name')
          .whereRaw('ad.action_name = pa.action_name')
          .whereRaw('ad.token = pa.token')
          .whereIn('ad.outcome', ['pending', 'succeeded', 'reconciled']),
      )
      .select(
        'ep.entity_ref',
        'pa.pipeline_arn',
        'p.name',
        'p.account_id',
        'p.region',
        'pa.stage_name',
        'pa.action_name',
        'pa.token',
        'pa.pipeline_execution_id',
        'pa.requested_at',
        'pa.expires_at',
        'pa.custom_data',
        'pa.external_entity_link',
        'pa.promotes',
        'pa.first_seen_at',
        'ps.captured_at',
        'rs.last_error',
        'ex.source_revisions',
      );
    const items = rows.map(
      (r): InboxApproval => ({
        entityRef: r.entity_ref,
        pipelineArn: r.pipeline_arn,
        pipelineName: r.name,
        accountId: r.account_id,
        region: r.region,
        stageName: r.stage_name,
        actionName: r.action_name,
        token: r.token,
        pipelineExecutionId: r.pipeline_execution_id ?? undefined,
        requestedAt: toIso(r.requested_at) ?? toIso(r.first_seen_at),
        expiresAt: toIso(r.expires_at),
        revisions: r.source_revisions
          ? json(r.source_revisions, [])
          : undefined,
        promotes: json(r.promotes, undefined),
        customData: r.custom_data ?? undefined,
        externalEntityLink: r.external_entity_link ?? undefined,
        seenAt: toIso(r.captured_at),
        stale: Boolean(r.last_error),
        staleReason: r.last_error ?? undefined,
      }),
    );
    // Sorted here, not in SQL: the engines disagree on where NULLs sort.
    return items.sort(
      (a, b) =>
        (a.requestedAt ?? '').localeCompare(b.requestedAt ?? '') ||
        a.entityRef.localeCompare(b.entityRef) ||
        a.pipelineArn.localeCompare(b.pipelineArn) ||
        a.token.localeCompare(b.token),
    );
  }
}
