import type { Knex } from 'knex';
import { iso, json, toDate } from './rows';
import type {
  OwnerNotificationKind,
  OwnerNotificationRecord,
  OwnerNotificationStore,
} from './types';

function toRecord(row: any): OwnerNotificationRecord {
  return {
    scope: row.scope,
    kind: row.kind as OwnerNotificationKind,
    pipelineArn: row.pipeline_arn,
    stageName: row.stage_name ?? undefined,
    actionName: row.action_name ?? undefined,
    token: row.token ?? undefined,
    pipelineExecutionId: row.pipeline_execution_id ?? undefined,
    recipients: json<string[]>(row.recipients, []),
    payload: json<Record<string, unknown>>(row.payload, {}),
    sentAt: toDate(row.sent_at)!,
    closedAt: toDate(row.closed_at),
  };
}

/** {@link OwnerNotificationStore} on the plugin's database: `owner_notifications`. */
export class DatabaseOwnerNotificationStore implements OwnerNotificationStore {
  constructor(private readonly db: Knex) {}

  async claimNotification(r: Omit<OwnerNotificationRecord, 'closedAt'>) {
    // Insert-or-ignore: of several replicas claiming the same scope, one inserts and sends.
    const inserted = await this.db('owner_notifications')
      .insert({
        scope: r.scope,
        kind: r.kind,
        pipeline_arn: r.pipelineArn,
        stage_name: r.stageName ?? null,
        action_name: r.actionName ?? null,
        token: r.token ?? null,
        pipeline_execution_id: r.pipelineExecutionId ?? null,
        recipients: JSON.stringify(r.recipients),
        payload: JSON.stringify(r.payload),
        sent_at: iso(r.sentAt),
      })
      .onConflict('scope')
      .ignore()
      .returning('scope');
    return inserted.length > 0;
  }

  async releaseNotification(scope: string) {
    await this.db('owner_notifications').where({ scope }).delete();
  }

  async listOpenApprovalNotifications(pipelineArn: string) {
    const rows = await this.db('owner_notifications')
      .where({ pipeline_arn: pipelineArn, kind: 'approval' })
      .whereNull('closed_at');
    return rows.map(toRecord);
  }

  async claimClose(scope: string, at: Date) {
    const updated = await this.db('owner_notifications')
      .where({ scope })
      .whereNull('closed_at')
      .update({ closed_at: iso(at) });
    return updated > 0;
  }

  async releaseClose(scope: string) {
    await this.db('owner_notifications')
      .where({ scope })
      .update({ closed_at: null });
  }

  async listEntityRefsOfPipeline(pipelineArn: string) {
    const rows = await this.db('entity_pipelines')
      .where({ pipeline_arn: pipelineArn })
      .distinct('entity_ref')
      .orderBy('entity_ref');
    return rows.map(r => r.entity_ref as string);
  }
}
