import type {
  AlarmHistoryItem,
  AlarmView,
  ExecutionStatus,
} from '@dpra/plugin-pipelines-common';
import type {
  ApprovalDecisionRecord,
  RefreshState,
  StoredExecution,
} from './types';

/*
 * How the store's types become rows and back, and how many rows or bound values one statement
 * takes: the one place every role of the store maps and chunks with.
 */

/**
 * Times are written as ISO 8601 UTC strings: PostgreSQL parses them into `timestamptz`, SQLite
 * keeps the text, and both compare them correctly because the format never varies.
 */
export const iso = (date: Date | undefined) =>
  date ? date.toISOString() : null;

/** A time column as read back (a Date from PostgreSQL, text from SQLite). */
export function toDate(value: unknown): Date | undefined {
  if (value === null || value === undefined) {
    return undefined;
  }
  const date =
    value instanceof Date ? value : new Date(value as string | number);
  return Number.isNaN(date.getTime()) ? undefined : date;
}

export const toIso = (value: unknown) => toDate(value)?.toISOString();

/** A JSON text column, or `fallback` when it is empty. */
export const json = <T>(value: unknown, fallback: T): T =>
  typeof value === 'string' && value ? (JSON.parse(value) as T) : fallback;

/** CloudWatch keeps alarm history 30 days; so does the store. */
export const ALARM_HISTORY_DAYS = 30;

/** The oldest alarm state change kept at `at`. */
export const alarmHistoryHorizon = (at: number) =>
  iso(new Date(at - ALARM_HISTORY_DAYS * 86_400_000))!;

/** True for a unique-constraint violation, on every engine. */
export function isUniqueViolation(error: unknown): boolean {
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
export const chunks = <T>(items: T[]) => sliced(items, 500);

/**
 * Rows per multi-row INSERT: 16 columns × 50 rows stays below SQLite's oldest limit of 999 bound
 * parameters (PostgreSQL allows 65535).
 */
export const rowChunks = <T>(rows: T[]) => sliced(rows, 50);

/**
 * The items without later duplicates of a key (AWS lists newest first; one multi-row upsert may
 * not touch a row twice).
 */
export function firstOfEach<T>(items: T[], key: (item: T) => string): T[] {
  const seen = new Set<string>();
  return items.filter(item => {
    const k = key(item);
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

export function toRefreshState(row: any): RefreshState {
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
    readProblems: row.read_problems ? JSON.parse(row.read_problems) : [],
  };
}

export function toExecution(row: any): StoredExecution {
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

export function executionRow(pipelineArn: string, e: StoredExecution) {
  return {
    pipeline_arn: pipelineArn,
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
  };
}

export function toAlarm(row: any): AlarmView {
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

export function alarmRow(pipelineArn: string, a: AlarmView, at: string) {
  return {
    pipeline_arn: pipelineArn,
    region: a.region,
    name: a.name,
    arn: a.arn ?? null,
    type: a.type,
    state: a.state,
    state_reason: a.stateReason ?? null,
    state_updated_at: a.stateUpdatedAt ?? null,
    alarm_rule: a.alarmRule ?? null,
    refreshed_at: at,
  };
}

export function toAlarmHistoryItem(row: any): AlarmHistoryItem {
  return {
    timestamp: toIso(row.timestamp)!,
    oldState: row.old_state,
    newState: row.new_state,
    summary: row.summary,
    reason: row.reason ?? undefined,
  };
}

export function alarmHistoryRow(
  alarm: { account_id: string; region: string; alarm_name: string },
  i: AlarmHistoryItem,
) {
  return {
    ...alarm,
    timestamp: i.timestamp,
    old_state: i.oldState,
    new_state: i.newState,
    summary: i.summary,
    reason: i.reason ?? null,
  };
}

export function toDecision(row: any): ApprovalDecisionRecord {
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
    decidedByName: row.decided_by_name ?? undefined,
    decidedAt: toDate(row.decided_at)!,
    outcome: row.outcome,
    error: row.error ?? undefined,
    completedAt: toDate(row.completed_at),
  };
}

export function decisionRow(
  d: Omit<ApprovalDecisionRecord, 'id' | 'outcome' | 'completedAt' | 'error'>,
) {
  return {
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
    decided_by_name: d.decidedByName ?? null,
    decided_at: iso(d.decidedAt),
    outcome: 'pending',
  };
}
