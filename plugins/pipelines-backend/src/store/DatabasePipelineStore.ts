import {
  DatabaseService,
  resolvePackagePath,
} from '@backstage/backend-plugin-api';
import { ConflictError } from '@backstage/errors';
import type {
  AlarmHistoryItem,
  AlarmView,
  ExecutionStatus,
  FindingView,
  PipelineProblem,
  ReportView,
} from '@dpra/plugin-pipelines-common';
import { SEVERITY_ORDER } from '@dpra/plugin-pipelines-common';
import type { Knex } from 'knex';
import { createHash } from 'node:crypto';
import type { StoredExecutionForMetrics } from '../metrics';
import type {
  ApprovalDecisionRecord,
  EntityResolution,
  PipelineSnapshot,
  PipelineStore,
  RefreshState,
  StoredExecution,
  StoredPipeline,
} from './PipelineStore';
import { alarmKey } from './PipelineStore';

const migrationsDir = resolvePackagePath(
  '@dpra/plugin-pipelines-backend',
  'migrations',
);

/**
 * Times are written as ISO 8601 UTC strings: PostgreSQL parses them into `timestamptz`, SQLite
 * keeps the text, and both compare them correctly because the format never varies.
 */
const iso = (date: Date | undefined) => (date ? date.toISOString() : null);

function toDate(value: unknown): Date | undefined {
  if (value === null || value === undefined) {
    return undefined;
  }
  const date =
    value instanceof Date ? value : new Date(value as string | number);
  return Number.isNaN(date.getTime()) ? undefined : date;
}
const toIso = (value: unknown) => toDate(value)?.toISOString();
const json = <T>(value: unknown, fallback: T): T =>
  typeof value === 'string' && value ? (JSON.parse(value) as T) : fallback;

/** CloudWatch keeps alarm history 30 days; so does the store. */
const ALARM_HISTORY_DAYS = 30;

function isUniqueViolation(error: unknown): boolean {
  const e = error as { code?: string; message?: string };
  return (
    e?.code === '23505' ||
    e?.code === 'SQLITE_CONSTRAINT_UNIQUE' ||
    e?.code === 'SQLITE_CONSTRAINT_PRIMARYKEY' ||
    /UNIQUE constraint failed/.test(e?.message ?? '')
  );
}

/** The items in consecutive slices of at most `size`. */
function sliced<T>(items: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) {
    out.push(items.slice(i, i + size));
  }
  return out;
}

/** Some engines cap bound parameters; chunk `IN (...)` lists well below every limit. */
const chunks = <T>(items: T[]) => sliced(items, 500);

/**
 * Rows per multi-row INSERT: 16 columns × 50 rows stays below SQLite's oldest limit of 999 bound
 * parameters (PostgreSQL allows 65535).
 */
const rowChunks = <T>(rows: T[]) => sliced(rows, 50);

/**
 * The items without later duplicates of a key (AWS lists newest first; one multi-row upsert may
 * not touch a row twice).
 */
function firstOfEach<T>(items: T[], key: (item: T) => string): T[] {
  const seen = new Set<string>();
  return items.filter(item => {
    const k = key(item);
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

function toRefreshState(row: any): RefreshState {
  return {
    arn: row.pipeline_arn,
    accountId: row.account_id,
    region: row.region,
    name: row.name,
    roleArn: row.role_arn ?? undefined,
    nextRefreshAt: toDate(row.next_refresh_at)!,
    lastAttemptAt: toDate(row.last_attempt_at),
    lastSuccessAt: toDate(row.last_success_at),
    lastError: row.last_error ?? undefined,
    hotUntil: toDate(row.hot_until),
    inProgress: Boolean(row.in_progress),
    findingsRefreshedAt: toDate(row.findings_refreshed_at),
  };
}

function toExecution(row: any): StoredExecution {
  return {
    id: row.execution_id,
    pipelineArn: row.pipeline_arn,
    status: row.status as ExecutionStatus,
    statusSummary: row.status_summary ?? undefined,
    startedAt: toIso(row.started_at),
    updatedAt: toIso(row.updated_at),
    finishedAt: toIso(row.finished_at),
    trigger: row.trigger_type ?? undefined,
    triggerDetail: row.trigger_detail ?? undefined,
    executionType: row.execution_type,
    sourceRevisions: json(row.source_revisions, []),
    sourceRevisionTimes: json<string[] | undefined>(
      row.source_revision_times,
      undefined,
    ),
    reachedProdAt: toIso(row.reached_prod_at),
    prodCompletedAt: toIso(row.prod_completed_at),
    detailsComplete: Boolean(row.details_complete),
  };
}

function toAlarm(row: any): AlarmView {
  return {
    name: row.name,
    arn: row.arn ?? undefined,
    type: row.type,
    state: row.state,
    stateReason: row.state_reason ?? undefined,
    stateUpdatedAt: toIso(row.state_updated_at),
    region: row.region,
    alarmRule: row.alarm_rule ?? undefined,
  };
}

function toDecision(row: any): ApprovalDecisionRecord {
  return {
    id: Number(row.id),
    entityRef: row.entity_ref,
    pipelineArn: row.pipeline_arn,
    stageName: row.stage_name,
    actionName: row.action_name,
    token: row.token,
    pipelineExecutionId: row.pipeline_execution_id ?? undefined,
    decision: row.decision,
    comment: row.comment ?? undefined,
    summary: row.summary,
    decidedBy: row.decided_by,
    decidedAt: toDate(row.decided_at)!,
    outcome: row.outcome,
    error: row.error ?? undefined,
    completedAt: toDate(row.completed_at),
  };
}

/** {@link PipelineStore} on the plugin's knex database (SQLite or PostgreSQL). */
export class DatabasePipelineStore implements PipelineStore {
  /** Runs migrations (unless the deployment manages them) and creates the store. */
  static async create(options: {
    database: DatabaseService;
  }): Promise<DatabasePipelineStore> {
    const client = await options.database.getClient();
    if (!options.database.migrations?.skip) {
      await client.migrate.latest({ directory: migrationsDir });
    }
    return new DatabasePipelineStore(client);
  }

  constructor(private readonly db: Knex) {}

  // Entities ---------------------------------------------------------------------------------

  async getEntityResolution(entityRef: string) {
    const entity = await this.db('entities')
      .where({ entity_ref: entityRef })
      .first();
    if (!entity) {
      return undefined;
    }
    const links = await this.db('entity_pipelines as ep')
      .leftJoin('refresh_state as rs', 'rs.pipeline_arn', 'ep.pipeline_arn')
      .where('ep.entity_ref', entityRef)
      .select(
        'ep.pipeline_arn',
        'ep.reference',
        'rs.account_id',
        'rs.region',
        'rs.name',
        'rs.role_arn',
      )
      .orderBy('ep.pipeline_arn');
    const problems: PipelineProblem[] = (
      await this.db('entity_problems')
        .where({ entity_ref: entityRef })
        .orderBy('id')
    ).map(p => ({ reference: p.reference, message: p.message }));
    return {
      referencesHash: entity.references_hash,
      hotUntil: toDate(entity.hot_until),
      problems,
      pipelines: links.map(l => ({
        arn: l.pipeline_arn,
        reference: l.reference,
        accountId: l.account_id,
        region: l.region,
        name: l.name,
        roleArn: l.role_arn ?? undefined,
      })),
    };
  }

  async getEntityReferencesHash(entityRef: string) {
    const row = await this.db('entities')
      .where({ entity_ref: entityRef })
      .select('references_hash')
      .first();
    return row?.references_hash as string | undefined;
  }

  async getEntityPipelinesVersion(entityRef: string) {
    // Every writer of what the entities route serves stamps one of these columns: entity
    // resolutions `resolved_at`, snapshots `pipelines.updated_at` / `captured_at` (alarms and
    // executions are written in the same transaction), refresh outcomes `last_success_at` /
    // `last_error`. Deleted rows show up as missing values.
    const rows = await this.db('entities as e')
      .leftJoin('entity_pipelines as ep', 'ep.entity_ref', 'e.entity_ref')
      .leftJoin('pipelines as p', 'p.arn', 'ep.pipeline_arn')
      .leftJoin('pipeline_states as ps', 'ps.pipeline_arn', 'ep.pipeline_arn')
      .leftJoin('refresh_state as rs', 'rs.pipeline_arn', 'ep.pipeline_arn')
      .where('e.entity_ref', entityRef)
      .orderBy('ep.pipeline_arn')
      .select(
        'e.resolved_at',
        'ep.pipeline_arn',
        'p.updated_at',
        'ps.captured_at',
        'rs.last_success_at',
        'rs.last_error',
      );
    if (rows.length === 0) {
      return undefined;
    }
    const hash = createHash('sha1');
    for (const r of rows) {
      hash.update(
        JSON.stringify([
          toIso(r.resolved_at),
          r.pipeline_arn,
          toIso(r.updated_at),
          toIso(r.captured_at),
          toIso(r.last_success_at),
          r.last_error,
        ]),
      );
    }
    return hash.digest('base64url');
  }

  async saveEntityResolution(
    entityRef: string,
    resolution: EntityResolution,
    now: Date,
  ) {
    await this.db.transaction(async tx => {
      const existing = await tx('entities')
        .where({ entity_ref: entityRef })
        .first();
      await tx('entities')
        .insert({
          entity_ref: entityRef,
          references_hash: resolution.referencesHash,
          resolved_at: iso(now),
        })
        .onConflict('entity_ref')
        .merge(['references_hash', 'resolved_at']);
      await tx('entity_pipelines').where({ entity_ref: entityRef }).delete();
      await tx('entity_problems').where({ entity_ref: entityRef }).delete();
      const unique = new Map(resolution.pipelines.map(p => [p.arn, p]));
      for (const p of unique.values()) {
        await tx('entity_pipelines').insert({
          entity_ref: entityRef,
          pipeline_arn: p.arn,
          reference: p.reference,
        });
        await tx('refresh_state')
          .insert({
            pipeline_arn: p.arn,
            account_id: p.accountId,
            region: p.region,
            name: p.name,
            role_arn: p.roleArn ?? null,
            next_refresh_at: iso(now),
            hot_until: existing?.hot_until ?? null,
            in_progress: false,
          })
          .onConflict('pipeline_arn')
          .merge(['role_arn']);
      }
      for (const problem of resolution.problems) {
        await tx('entity_problems').insert({
          entity_ref: entityRef,
          reference: problem.reference,
          message: problem.message,
        });
      }
    });
  }

  async listEntityRefs() {
    const rows = await this.db('entities').select('entity_ref');
    return rows.map(r => r.entity_ref as string);
  }

  async removeEntities(entityRefs: string[]) {
    for (const part of chunks(entityRefs)) {
      await this.db.transaction(async tx => {
        await tx('entity_pipelines').whereIn('entity_ref', part).delete();
        await tx('entity_problems').whereIn('entity_ref', part).delete();
        await tx('entities').whereIn('entity_ref', part).delete();
      });
    }
  }

  async markEntityHot(
    entityRef: string,
    options: { hotUntil: Date; refreshBy: Date },
  ) {
    await this.db.transaction(async tx => {
      await tx('entities')
        .where({ entity_ref: entityRef })
        .update({ hot_until: iso(options.hotUntil) });
      const arns = tx('entity_pipelines')
        .where({ entity_ref: entityRef })
        .select('pipeline_arn');
      await tx('refresh_state')
        .whereIn('pipeline_arn', arns)
        .update({ hot_until: iso(options.hotUntil) });
      await tx('refresh_state')
        .whereIn(
          'pipeline_arn',
          tx('entity_pipelines')
            .where({ entity_ref: entityRef })
            .select('pipeline_arn'),
        )
        .where('next_refresh_at', '>', iso(options.refreshBy)!)
        .update({ next_refresh_at: iso(options.refreshBy) });
    });
  }

  // Refresh bookkeeping ---------------------------------------------------------------------

  async claimDuePipelines(options: {
    now: Date;
    owner: string;
    leaseMs: number;
    limit: number;
  }) {
    const now = iso(options.now)!;
    const candidates = await this.db('refresh_state')
      .where('next_refresh_at', '<=', now)
      .andWhere(q =>
        q.whereNull('lease_expires_at').orWhere('lease_expires_at', '<', now),
      )
      .whereIn(
        'pipeline_arn',
        this.db('entity_pipelines').select('pipeline_arn'),
      )
      .orderBy('next_refresh_at')
      .limit(options.limit)
      .select('pipeline_arn');
    const claimed: RefreshState[] = [];
    for (const { pipeline_arn } of candidates) {
      const state = await this.tryLease(pipeline_arn, options, true);
      if (state) {
        claimed.push(state);
      }
    }
    return claimed;
  }

  async claimPipeline(
    arn: string,
    options: { now: Date; owner: string; leaseMs: number },
  ) {
    return this.tryLease(arn, options, false);
  }

  /**
   * A conditional UPDATE is the lease: only one replica's update matches while the lease is free,
   * on every engine, without holding a transaction across the AWS calls.
   */
  private async tryLease(
    arn: string,
    options: { now: Date; owner: string; leaseMs: number },
    dueOnly: boolean,
  ): Promise<RefreshState | undefined> {
    const now = iso(options.now)!;
    const query = this.db('refresh_state')
      .where({ pipeline_arn: arn })
      .andWhere(q =>
        q.whereNull('lease_expires_at').orWhere('lease_expires_at', '<', now),
      );
    if (dueOnly) {
      query.andWhere('next_refresh_at', '<=', now);
    }
    const updated = await query.update({
      lease_owner: options.owner,
      lease_expires_at: iso(new Date(options.now.getTime() + options.leaseMs)),
      last_attempt_at: now,
    });
    if (updated !== 1) {
      return undefined;
    }
    const row = await this.db('refresh_state')
      .where({ pipeline_arn: arn })
      .first();
    return row ? toRefreshState(row) : undefined;
  }

  async recordRefreshSuccess(
    arn: string,
    options: {
      owner: string;
      now: Date;
      nextRefreshAt: Date;
      inProgress: boolean;
      findingsRefreshed: boolean;
    },
  ) {
    await this.db('refresh_state')
      .where({ pipeline_arn: arn, lease_owner: options.owner })
      .update({
        last_success_at: iso(options.now),
        last_error: null,
        next_refresh_at: iso(options.nextRefreshAt),
        in_progress: options.inProgress,
        lease_owner: null,
        lease_expires_at: null,
        ...(options.findingsRefreshed
          ? { findings_refreshed_at: iso(options.now) }
          : {}),
      });
  }

  async recordRefreshFailure(
    arn: string,
    options: { owner: string; now: Date; nextRefreshAt: Date; error: string },
  ) {
    await this.db('refresh_state')
      .where({ pipeline_arn: arn, lease_owner: options.owner })
      .update({
        last_error: options.error,
        next_refresh_at: iso(options.nextRefreshAt),
        lease_owner: null,
        lease_expires_at: null,
      });
  }

  async requestRefresh(arn: string, at: Date) {
    await this.db('refresh_state')
      .where({ pipeline_arn: arn })
      .where('next_refresh_at', '>', iso(at)!)
      .update({ next_refresh_at: iso(at) });
  }

  async listPipelineArnsWatchingAlarm(region: string, alarmName: string) {
    const rows = await this.db('alarms')
      .where({ region, name: alarmName })
      .distinct('pipeline_arn');
    return rows.map(r => r.pipeline_arn as string);
  }

  async listWatchedAlarms(arns: string[]) {
    const watched: Array<{
      pipelineArn: string;
      region: string;
      name: string;
      stateUpdatedAt?: string;
    }> = [];
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

  /** Per alarm of an account (keyed region + NUL + name), the largest value of a time column. */
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
    return rows.map(row => ({
      timestamp: toIso(row.timestamp)!,
      oldState: row.old_state,
      newState: row.new_state,
      summary: row.summary,
      reason: row.reason ?? undefined,
    }));
  }

  async removeUnreferencedPipelines() {
    const referenced = this.db('entity_pipelines').select('pipeline_arn');
    return this.db.transaction(async tx => {
      const orphans = (
        await tx('refresh_state')
          .whereNotIn('pipeline_arn', referenced)
          .select('pipeline_arn')
      ).map(r => r.pipeline_arn as string);
      for (const part of chunks(orphans)) {
        for (const table of [
          'alarms',
          'findings',
          'reports',
          'executions',
          'pipeline_states',
        ]) {
          await tx(table).whereIn('pipeline_arn', part).delete();
        }
        await tx('pipelines').whereIn('arn', part).delete();
        await tx('refresh_state').whereIn('pipeline_arn', part).delete();
      }
      // History is kept per alarm, not per pipeline: what no pipeline reads any more ages out.
      await tx('alarm_history')
        .where(
          'timestamp',
          '<',
          iso(new Date(Date.now() - ALARM_HISTORY_DAYS * 86_400_000))!,
        )
        .delete();
      return orphans.length;
    });
  }

  // Pipeline data ---------------------------------------------------------------------------

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
      // One multi-row statement per table (in chunks that keep every engine's bound-parameter
      // limit): a refresh writes dozens of rows, and each statement costs more CPU in knex than
      // in the database.
      for (const rows of rowChunks(
        firstOfEach(s.executions, e => e.id).map(e => ({
          pipeline_arn: arn,
          execution_id: e.id,
          status: e.status,
          status_summary: e.statusSummary ?? null,
          execution_type: e.executionType ?? 'STANDARD',
          started_at: e.startedAt ?? null,
          updated_at: e.updatedAt ?? null,
          finished_at: e.finishedAt ?? null,
          trigger_type: e.trigger ?? null,
          trigger_detail: e.triggerDetail ?? null,
          source_revisions: JSON.stringify(e.sourceRevisions),
          source_revision_times: e.sourceRevisionTimes
            ? JSON.stringify(e.sourceRevisionTimes)
            : null,
          reached_prod_at: e.reachedProdAt ?? null,
          prod_completed_at: e.prodCompletedAt ?? null,
          details_complete: e.detailsComplete,
        })),
      )) {
        await tx('executions')
          .insert(rows)
          .onConflict(['pipeline_arn', 'execution_id'])
          .merge();
      }
      if (s.alarms) {
        await tx('alarms').where({ pipeline_arn: arn }).delete();
        for (const rows of rowChunks(
          firstOfEach(s.alarms, alarmKey).map(a => ({
            pipeline_arn: arn,
            region: a.region,
            name: a.name,
            arn: a.arn ?? null,
            type: a.type,
            state: a.state,
            state_reason: a.stateReason ?? null,
            state_updated_at: a.stateUpdatedAt ?? null,
            alarm_rule: a.alarmRule ?? null,
            refreshed_at: captured,
          })),
        )) {
          await tx('alarms').insert(rows);
        }
      }
      for (const { region, alarmName, items, readThrough } of s.alarmHistory ??
        []) {
        const alarm = {
          account_id: s.location.accountId,
          region,
          alarm_name: alarmName,
        };
        for (const rows of rowChunks(
          firstOfEach(items, i => i.timestamp).map(i => ({
            ...alarm,
            timestamp: i.timestamp,
            old_state: i.oldState,
            new_state: i.newState,
            summary: i.summary,
            reason: i.reason ?? null,
          })),
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
          .where(
            'timestamp',
            '<',
            iso(
              new Date(
                s.capturedAt.getTime() - ALARM_HISTORY_DAYS * 86_400_000,
              ),
            )!,
          )
          .delete();
      }
      if (s.findings) {
        await tx('findings').where({ pipeline_arn: arn }).delete();
        for (const rows of rowChunks(
          firstOfEach(s.findings, f => f.id).map(f => ({
            pipeline_arn: arn,
            finding_id: f.id,
            severity: f.severity,
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

  async getPipelines(arns: string[]): Promise<StoredPipeline[]> {
    if (arns.length === 0) {
      return [];
    }
    const [pipelines, states, alarms, refresh] = await Promise.all([
      this.db('pipelines')
        .whereIn('arn', arns)
        .select(
          'arn',
          'account_id',
          'region',
          'name',
          'role_arn',
          'execution_mode',
          'pipeline_type',
          'pipeline_version',
          'layout',
        ),
      this.db('pipeline_states').whereIn('pipeline_arn', arns),
      this.db('alarms')
        .whereIn('pipeline_arn', arns)
        .orderBy(['region', 'name']),
      this.db('refresh_state').whereIn('pipeline_arn', arns),
    ]);
    const stateBy = new Map(states.map(s => [s.pipeline_arn, s]));
    const refreshBy = new Map(
      refresh.map(r => [r.pipeline_arn, toRefreshState(r)]),
    );
    return pipelines.map(p => {
      const state = stateBy.get(p.arn);
      return {
        arn: p.arn,
        accountId: p.account_id,
        region: p.region,
        name: p.name,
        roleArn: p.role_arn ?? undefined,
        executionMode: p.execution_mode ?? undefined,
        pipelineType: p.pipeline_type ?? undefined,
        pipelineVersion: p.pipeline_version ?? undefined,
        layout: json(p.layout, undefined),
        stages: json(state?.stages, []),
        pendingApprovals: json(state?.pending_approvals, []),
        latestExecutionId: state?.latest_execution_id ?? undefined,
        alarms: alarms.filter(a => a.pipeline_arn === p.arn).map(toAlarm),
        refresh: refreshBy.get(p.arn),
      };
    });
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

  async getExecutions(arns: string[], options: { limit: number }) {
    if (arns.length === 0) {
      return [];
    }
    const rows = await this.db('executions')
      .whereIn('pipeline_arn', arns)
      .orderBy([
        { column: 'started_at', order: 'desc' },
        { column: 'execution_id', order: 'desc' },
      ])
      .limit(options.limit);
    return rows.map(toExecution);
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

  async getLatestExecutions(arns: string[]) {
    if (arns.length === 0) {
      return [];
    }
    const rows = await this.db('executions as e')
      .join('pipeline_states as s', function joinLatest() {
        this.on('s.pipeline_arn', '=', 'e.pipeline_arn').andOn(
          's.latest_execution_id',
          '=',
          'e.execution_id',
        );
      })
      .whereIn('e.pipeline_arn', arns)
      .select('e.*');
    return rows.map(toExecution);
  }

  async getExecutionsForMetrics(
    arns: string[],
    since: Date,
  ): Promise<StoredExecutionForMetrics[]> {
    if (arns.length === 0) {
      return [];
    }
    const rows = await this.db('executions')
      .whereIn('pipeline_arn', arns)
      .where('started_at', '>=', iso(since)!)
      .orderBy('started_at');
    return rows.map(toExecution).map(e => ({
      id: e.id,
      pipelineArn: e.pipelineArn,
      status: e.status,
      executionType: e.executionType === 'ROLLBACK' ? 'ROLLBACK' : 'STANDARD',
      startedAt: e.startedAt ?? e.updatedAt ?? since.toISOString(),
      finishedAt: e.finishedAt,
      sourceRevisionTimes: e.sourceRevisionTimes,
      reachedProdAt: e.reachedProdAt,
      prodCompletedAt: e.prodCompletedAt,
    }));
  }

  async getFindings(arns: string[]): Promise<FindingView[]> {
    if (arns.length === 0) {
      return [];
    }
    const rows = await this.db('findings').whereIn('pipeline_arn', arns);
    return rows
      .map(r => JSON.parse(r.data) as FindingView)
      .sort(
        (a, b) =>
          SEVERITY_ORDER.indexOf(a.severity) -
            SEVERITY_ORDER.indexOf(b.severity) ||
          a.title.localeCompare(b.title),
      );
  }

  async getReports(arns: string[]): Promise<ReportView[]> {
    if (arns.length === 0) {
      return [];
    }
    const rows = await this.db('reports').whereIn('pipeline_arn', arns);
    return rows
      .map(r => JSON.parse(r.data) as ReportView)
      .sort((a, b) => (b.createdAt ?? '').localeCompare(a.createdAt ?? ''));
  }

  // Approvals -------------------------------------------------------------------------------

  async insertApprovalDecision(
    d: Omit<ApprovalDecisionRecord, 'id' | 'outcome' | 'completedAt' | 'error'>,
  ) {
    try {
      const [row] = await this.db('approval_decisions')
        .insert({
          entity_ref: d.entityRef,
          pipeline_arn: d.pipelineArn,
          stage_name: d.stageName,
          action_name: d.actionName,
          token: d.token,
          pipeline_execution_id: d.pipelineExecutionId ?? null,
          decision: d.decision,
          comment: d.comment ?? null,
          summary: d.summary,
          decided_by: d.decidedBy,
          decided_at: iso(d.decidedAt),
          outcome: 'pending',
        })
        .returning('id');
      return Number(typeof row === 'object' ? row.id : row);
    } catch (error) {
      if (isUniqueViolation(error)) {
        throw new ConflictError(
          `A decision for ${d.stageName}/${d.actionName} with this approval token was already submitted; refresh to see the current state`,
        );
      }
      throw error;
    }
  }

  async completeApprovalDecision(
    id: number,
    result: {
      outcome: 'succeeded' | 'failed';
      error?: string;
      completedAt: Date;
    },
  ) {
    await this.db('approval_decisions')
      .where({ id })
      .update({
        outcome: result.outcome,
        error: result.error ?? null,
        completed_at: iso(result.completedAt),
      });
  }

  async deleteApprovalDecision(id: number) {
    await this.db('approval_decisions').where({ id }).delete();
  }

  async listApprovalDecisions(filter: {
    pipelineArn?: string;
    entityRef?: string;
  }) {
    const query = this.db('approval_decisions').orderBy('id', 'desc');
    if (filter.pipelineArn) query.where({ pipeline_arn: filter.pipelineArn });
    if (filter.entityRef) query.where({ entity_ref: filter.entityRef });
    return (await query).map(toDecision);
  }
}
