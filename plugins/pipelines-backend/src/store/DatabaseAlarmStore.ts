import type { AlarmHistoryItem } from '@dpra/plugin-pipelines-common';
import type { Knex } from 'knex';
import { chunks, toAlarmHistoryItem, toDate, toIso } from './rows';
import { alarmKey, type AlarmStore, type WatchedAlarmRecord } from './types';

/**
 * {@link AlarmStore} on the plugin's database: `alarms` (what each pipeline watched at its last
 * refresh), `alarm_history` and `alarm_history_reads` (written with the snapshots).
 */
export class DatabaseAlarmStore implements AlarmStore {
  constructor(private readonly db: Knex) {}

  async listPipelineArnsWatchingAlarm(region: string, alarmName: string) {
    const rows = await this.db('alarms')
      .where({ region, name: alarmName })
      .distinct('pipeline_arn');
    return rows.map(r => r.pipeline_arn as string);
  }

  async listWatchedAlarms(arns: string[]) {
    const watched: WatchedAlarmRecord[] = [];
    for (const part of chunks(arns)) {
      const rows = await this.db('alarms')
        .whereIn('pipeline_arn', part)
        .select('pipeline_arn', 'region', 'name', 'state_updated_at');
      watched.push(
        ...rows.map(r => ({
          pipelineArn: r.pipeline_arn as string,
          region: r.region as string,
          name: r.name as string,
          stateUpdatedAt: toIso(r.state_updated_at),
        })),
      );
    }
    return watched;
  }

  /** Per alarm of an account (keyed by {@link alarmKey}), the largest value of a time column. */
  private async latestPerAlarm(
    table: 'alarm_history' | 'alarm_history_reads',
    column: 'timestamp' | 'read_through',
    accountId: string,
    alarms: Array<{ region: string; name: string }>,
  ): Promise<Map<string, Date>> {
    const latest = new Map<string, Date>();
    const byRegion = new Map<string, string[]>();
    for (const { region, name } of alarms) {
      byRegion.set(region, [...(byRegion.get(region) ?? []), name]);
    }
    for (const [region, names] of byRegion) {
      for (const part of chunks([...new Set(names)])) {
        const rows = await this.db(table)
          .where({ account_id: accountId, region })
          .whereIn('alarm_name', part)
          .groupBy('alarm_name')
          .select('alarm_name')
          .max(`${column} as latest`);
        for (const row of rows) {
          const at = toDate(row.latest);
          if (at) latest.set(alarmKey({ region, name: row.alarm_name }), at);
        }
      }
    }
    return latest;
  }

  getNewestAlarmHistory(
    accountId: string,
    alarms: Array<{ region: string; name: string }>,
  ) {
    return this.latestPerAlarm('alarm_history', 'timestamp', accountId, alarms);
  }

  getAlarmHistoryReadThrough(
    accountId: string,
    alarms: Array<{ region: string; name: string }>,
  ) {
    return this.latestPerAlarm(
      'alarm_history_reads',
      'read_through',
      accountId,
      alarms,
    );
  }

  async getAlarmHistory(alarm: {
    accountId: string;
    region: string;
    name: string;
    limit: number;
  }): Promise<AlarmHistoryItem[]> {
    const rows = await this.db('alarm_history')
      .where({
        account_id: alarm.accountId,
        region: alarm.region,
        alarm_name: alarm.name,
      })
      .orderBy('timestamp', 'desc')
      .limit(alarm.limit);
    return rows.map(toAlarmHistoryItem);
  }
}
