import type { FindingView, ReportView } from '@dpra/plugin-pipelines-common';
import { SEVERITY_ORDER } from '@dpra/plugin-pipelines-common';
import type { Knex } from 'knex';
import type { StoredExecutionForMetrics } from '../metrics';
import { iso, json, toAlarm, toExecution, toRefreshState } from './rows';
import type {
  FindingsQuery,
  PipelineSnapshotReader,
  StoredPipeline,
} from './types';

/** {@link PipelineSnapshotReader} on the plugin's database. */
export class DatabasePipelineSnapshotReader implements PipelineSnapshotReader {
  constructor(private readonly db: Knex) {}

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
          'waivers',
          'config_deployments',
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
        waivers: json(p.waivers, undefined),
        configDeployments: json(p.config_deployments, undefined),
        refresh: refreshBy.get(p.arn),
      };
    });
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

  async getFindings(
    arns: string[],
    options: FindingsQuery = {},
  ): Promise<FindingView[]> {
    if (arns.length === 0) {
      return [];
    }
    const query = this.db('findings').whereIn('pipeline_arn', arns);
    if (options.executionId !== undefined) {
      query.where('execution_id', options.executionId);
    }
    const rows = await query;
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
}
