import type { Knex } from 'knex';
import { syncPendingApprovals } from './DatabaseInboxStore';
import {
  alarmHistoryHorizon,
  alarmHistoryRow,
  alarmRow,
  executionRow,
  firstOfEach,
  iso,
  rowChunks,
  toExecution,
} from './rows';
import {
  alarmKey,
  type AlarmHistoryRead,
  type PipelineSnapshot,
  type PipelineSnapshotWriter,
} from './types';

/**
 * {@link PipelineSnapshotWriter} on the plugin's database: one transaction per snapshot over
 * `pipelines`, `pipeline_states`, `pending_approvals`, `executions`, `alarms`, `alarm_history(_reads)`, `findings` and
 * `reports`.
 */
export class DatabasePipelineSnapshotWriter implements PipelineSnapshotWriter {
  constructor(private readonly db: Knex) {}

  async savePipelineSnapshot(s: PipelineSnapshot) {
    const arn = s.location.arn;
    const captured = iso(s.capturedAt)!;
    await this.db.transaction(async tx => {
      const pipelineRow: Record<string, unknown> = {
        arn,
        account_id: s.location.accountId,
        region: s.location.region,
        name: s.location.name,
        role_arn: s.location.roleArn ?? null,
        execution_mode: s.executionMode ?? null,
        pipeline_type: s.pipelineType ?? null,
        pipeline_version: s.pipelineVersion ?? null,
        updated_at: captured,
      };
      if (s.definition !== undefined && s.layout) {
        pipelineRow.definition = JSON.stringify(s.definition);
        pipelineRow.layout = JSON.stringify(s.layout);
      }
      if (s.waivers) {
        pipelineRow.waivers = JSON.stringify(s.waivers);
      }
      if (s.configDeployments) {
        pipelineRow.config_deployments = JSON.stringify(s.configDeployments);
      }
      await tx('pipelines').insert(pipelineRow).onConflict('arn').merge();
      await tx('pipeline_states')
        .insert({
          pipeline_arn: arn,
          stages: JSON.stringify(s.stages),
          pending_approvals: JSON.stringify(s.pendingApprovals),
          latest_execution_id: s.latestExecutionId ?? null,
          captured_at: captured,
        })
        .onConflict('pipeline_arn')
        .merge();
      await syncPendingApprovals(tx, arn, s.pendingApprovals, {
        layout: s.layout,
        capturedAt: captured,
      });
      // One multi-row statement per table (in chunks that keep every engine's bound-parameter
      // limit): a refresh writes dozens of rows, and each statement costs more CPU in knex than
      // in the database.
      for (const rows of rowChunks(
        firstOfEach(s.executions, e => e.id).map(e => executionRow(arn, e)),
      )) {
        await tx('executions')
          .insert(rows)
          .onConflict(['pipeline_arn', 'execution_id'])
          .merge();
      }
      if (s.alarms) {
        await tx('alarms').where({ pipeline_arn: arn }).delete();
        for (const rows of rowChunks(
          firstOfEach(s.alarms, alarmKey).map(a => alarmRow(arn, a, captured)),
        )) {
          await tx('alarms').insert(rows);
        }
      }
      for (const read of s.alarmHistory ?? []) {
        await this.addAlarmHistory(tx, s, read);
      }
      if (s.findings) {
        await tx('findings').where({ pipeline_arn: arn }).delete();
        for (const rows of rowChunks(
          firstOfEach(s.findings, f => f.id).map(f => ({
            pipeline_arn: arn,
            finding_id: f.id,
            severity: f.severity,
            execution_id: f.executionId ?? null,
            data: JSON.stringify({ ...f, pipelineArn: f.pipelineArn ?? arn }),
            refreshed_at: captured,
          })),
        )) {
          await tx('findings').insert(rows);
        }
      }
      if (s.reports) {
        await tx('reports').where({ pipeline_arn: arn }).delete();
        for (const rows of rowChunks(
          firstOfEach(s.reports, r => r.arn).map(r => ({
            pipeline_arn: arn,
            report_arn: r.arn,
            data: JSON.stringify(r),
            refreshed_at: captured,
          })),
        )) {
          await tx('reports').insert(rows);
        }
      }
    });
  }

  /**
   * Adds what a refresh read of an alarm's history to the alarm's stored history (kept once per
   * account, region and name, whichever pipeline read it), and ages out what CloudWatch no longer
   * keeps.
   */
  private async addAlarmHistory(
    tx: Knex.Transaction,
    s: PipelineSnapshot,
    { region, alarmName, items, readThrough }: AlarmHistoryRead,
  ) {
    const alarm = {
      account_id: s.location.accountId,
      region,
      alarm_name: alarmName,
    };
    for (const rows of rowChunks(
      firstOfEach(items, i => i.timestamp).map(i => alarmHistoryRow(alarm, i)),
    )) {
      await tx('alarm_history')
        .insert(rows)
        .onConflict(['account_id', 'region', 'alarm_name', 'timestamp'])
        .ignore();
    }
    if (readThrough) {
      await tx('alarm_history_reads')
        .insert({ ...alarm, read_through: readThrough })
        .onConflict(['account_id', 'region', 'alarm_name'])
        .merge();
    }
    await tx('alarm_history')
      .where(alarm)
      .where('timestamp', '<', alarmHistoryHorizon(s.capturedAt.getTime()))
      .delete();
  }

  async getDefinition(arn: string) {
    const row = await this.db('pipelines')
      .where({ arn })
      .select('definition', 'layout', 'pipeline_version')
      .first();
    if (!row?.definition || !row.layout) {
      return undefined;
    }
    return {
      definition: JSON.parse(row.definition),
      layout: JSON.parse(row.layout),
      version: row.pipeline_version ?? undefined,
    };
  }

  async getExecutionsById(arn: string, ids: string[]) {
    if (ids.length === 0) {
      return [];
    }
    const rows = await this.db('executions')
      .where({ pipeline_arn: arn })
      .whereIn('execution_id', ids);
    return rows.map(toExecution);
  }
}
