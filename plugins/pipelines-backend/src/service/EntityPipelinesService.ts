import type {
  ApprovalDecisionView,
  DataSource,
  EntityPipelinesResponse,
  Freshness,
  PipelineProblem,
  PipelineView,
  Severity,
} from '@dpra/plugin-pipelines-common';
import { SEVERITY_ORDER } from '@dpra/plugin-pipelines-common';
import { InputError } from '@backstage/errors';
import type { PipelinesConfig } from '../config';
import { computeDeliveryMetrics } from '../metrics';
import {
  alarmKey,
  type AlarmStore,
  type ApprovalDecisionStore,
  type EntityStore,
  type PipelineSnapshotReader,
  type RefreshState,
} from '../store';
import { toApprovalDecisionView } from './ApprovalService';
import { oneRowPerFinding } from './entityFindings';
import type { EntityPipelinesService } from './types';

/** Options of {@link createEntityPipelinesService}. */
export interface EntityPipelinesServiceOptions {
  entities: Pick<EntityStore, 'getEntityResolution' | 'markEntityHot'>;
  snapshots: PipelineSnapshotReader;
  alarms: Pick<AlarmStore, 'getAlarmHistory' | 'getAlarmHistoryReadThrough'>;
  decisions: Pick<ApprovalDecisionStore, 'listExecutionDecisions'>;
  config: PipelinesConfig;
  now?: () => Date;
}

/** The AWS console page of a pipeline. */
export function pipelineConsoleUrl(region: string, name: string): string {
  return `https://${region}.console.aws.amazon.com/codesuite/codepipeline/pipelines/${encodeURIComponent(
    name,
  )}/view?region=${region}`;
}

/** Freshness of stored data from the refresh bookkeeping. */
export function freshnessOf(
  refresh: Pick<RefreshState, 'lastSuccessAt' | 'lastError'> | undefined,
  now: Date,
  staleAfterSeconds: number,
): Freshness {
  if (!refresh?.lastSuccessAt) {
    return {
      stale: true,
      staleReason: refresh?.lastError
        ? `Never refreshed successfully: ${refresh.lastError}`
        : 'Not refreshed from AWS yet',
    };
  }
  const lastRefreshedAt = refresh.lastSuccessAt.toISOString();
  if (refresh.lastError) {
    return {
      lastRefreshedAt,
      stale: true,
      staleReason: `Last refresh failed: ${refresh.lastError}`,
    };
  }
  const ageSeconds = (now.getTime() - refresh.lastSuccessAt.getTime()) / 1000;
  if (ageSeconds > staleAfterSeconds) {
    return {
      lastRefreshedAt,
      stale: true,
      staleReason: `Not refreshed for ${Math.round(
        ageSeconds,
      )} s (stale after ${staleAfterSeconds} s)`,
    };
  }
  return { lastRefreshedAt, stale: false };
}

/** Creates the service. */
export function createEntityPipelinesService(
  options: EntityPipelinesServiceOptions,
): EntityPipelinesService {
  const { entities, snapshots, alarms, decisions, config } = options;
  const now = options.now ?? (() => new Date());
  const staleAfter = config.refresh.staleAfterSeconds;

  const source = (): DataSource =>
    config.aws.local
      ? {
          kind: 'local',
          label: `Local AWS scenario (demo data)${
            config.aws.endpoint ? ` at ${config.aws.endpoint}` : ''
          }`,
        }
      : {
          kind: 'aws',
          label: `AWS (${config.aws.targets.length} account${
            config.aws.targets.length === 1 ? '' : 's'
          })`,
        };

  async function arnsOf(
    entityRef: string,
    pipelineArn?: string,
  ): Promise<string[]> {
    const resolution = await entities.getEntityResolution(entityRef);
    const arns = (resolution?.pipelines ?? []).map(p => p.arn);
    if (pipelineArn) {
      if (!arns.includes(pipelineArn)) {
        throw new InputError(
          `${pipelineArn} is not a pipeline of ${entityRef}`,
        );
      }
      return [pipelineArn];
    }
    return arns;
  }

  async function getPipelines(
    entityRef: string,
    { canDecideApprovals }: { canDecideApprovals: boolean },
  ): Promise<EntityPipelinesResponse> {
    const resolution = await entities.getEntityResolution(entityRef);
    const links = resolution?.pipelines ?? [];
    const stored = new Map(
      (await snapshots.getPipelines(links.map(l => l.arn))).map(p => [
        p.arn,
        p,
      ]),
    );
    const at = now();
    const problems: PipelineProblem[] = [...(resolution?.problems ?? [])];
    const latest = new Map(
      (await snapshots.getLatestExecutions(links.map(l => l.arn))).map(e => [
        e.pipelineArn,
        e,
      ]),
    );
    const pipelines: PipelineView[] = [];
    for (const link of links) {
      const p = stored.get(link.arn);
      if (!p?.layout) {
        problems.push({
          reference: link.reference,
          message: p?.refresh?.lastError
            ? `${link.arn} could not be read yet: ${p.refresh.lastError}`
            : `${link.arn} has not been read from AWS yet; it appears after the next refresh`,
        });
        continue;
      }
      // What the last refresh could not read of the optional parts: the pipeline is served.
      for (const message of p.refresh?.readProblems ?? []) {
        problems.push({ reference: link.reference, message });
      }
      const latestExecution = latest.get(p.arn);
      pipelines.push({
        arn: p.arn,
        name: p.name,
        accountId: p.accountId,
        region: p.region,
        executionMode: p.executionMode,
        pipelineType: p.pipelineType,
        layout: p.layout,
        stages: p.stages,
        latestExecution: latestExecution
          ? {
              id: latestExecution.id,
              pipelineArn: latestExecution.pipelineArn,
              status: latestExecution.status,
              statusSummary: latestExecution.statusSummary,
              startedAt: latestExecution.startedAt,
              updatedAt: latestExecution.updatedAt,
              trigger: latestExecution.trigger,
              triggerDetail: latestExecution.triggerDetail,
              executionType: latestExecution.executionType,
              sourceRevisions: latestExecution.sourceRevisions,
            }
          : undefined,
        pendingApprovals: p.pendingApprovals,
        alarms: p.alarms,
        consoleUrl: pipelineConsoleUrl(p.region, p.name),
        freshness: freshnessOf(p.refresh, at, staleAfter),
        waivers: p.waivers,
        configDeployments: p.configDeployments,
      });
    }
    pipelines.sort((a, b) => a.name.localeCompare(b.name));
    return {
      entityRef,
      pipelines,
      problems,
      source: source(),
      canDecideApprovals,
    };
  }

  return {
    source,

    getPipelines,

    async getExecutions(entityRef, { pipelineArn, limit }) {
      const arns = await arnsOf(entityRef, pipelineArn);
      const executions = await snapshots.getExecutions(arns, { limit });
      const decided = new Map<string, ApprovalDecisionView[]>();
      for (const d of await decisions.listExecutionDecisions(
        executions.map(e => ({
          pipelineArn: e.pipelineArn,
          executionId: e.id,
        })),
      )) {
        const key = `${d.pipelineArn} ${d.pipelineExecutionId}`;
        decided.set(key, [
          ...(decided.get(key) ?? []),
          toApprovalDecisionView(d),
        ]);
      }
      return {
        executions: executions.map(e => {
          const onExecution = decided.get(`${e.pipelineArn} ${e.id}`);
          return {
            id: e.id,
            pipelineArn: e.pipelineArn,
            status: e.status,
            statusSummary: e.statusSummary,
            startedAt: e.startedAt,
            updatedAt: e.updatedAt,
            trigger: e.trigger,
            triggerDetail: e.triggerDetail,
            executionType: e.executionType,
            sourceRevisions: e.sourceRevisions,
            ...(onExecution ? { decisions: onExecution } : {}),
          };
        }),
      };
    },

    async getFindings(entityRef, { executionId } = {}) {
      const arns = await arnsOf(entityRef);
      const [stored, reports, pipelines] = await Promise.all([
        snapshots.getFindings(arns, { executionId }),
        snapshots.getReports(arns),
        snapshots.getPipelines(arns),
      ]);
      const findings = oneRowPerFinding(stored);
      const counts = Object.fromEntries(
        SEVERITY_ORDER.map(s => [s, 0]),
      ) as Record<Severity, number>;
      findings.forEach(f => counts[f.severity]++);
      // Findings are as fresh as the least fresh pipeline they came from.
      const refreshed = pipelines
        .map(p => p.refresh?.findingsRefreshedAt)
        .filter((d): d is Date => Boolean(d));
      const oldest =
        refreshed.length === arns.length && refreshed.length > 0
          ? new Date(Math.min(...refreshed.map(d => d.getTime())))
          : undefined;
      const freshness = freshnessOf(
        { lastSuccessAt: oldest },
        now(),
        Math.max(staleAfter, config.refresh.findingsIntervalSeconds * 2),
      );
      if (!oldest) {
        freshness.staleReason =
          arns.length === 0
            ? 'The entity has no pipelines'
            : 'Findings not read from AWS yet';
      }
      return { findings, counts, reports, freshness };
    },

    async getAlarmHistory(
      entityRef,
      { pipelineArn, region, alarmName, limit },
    ) {
      await arnsOf(entityRef, pipelineArn);
      const [pipeline] = await snapshots.getPipelines([pipelineArn]);
      const alarm = pipeline?.alarms.find(
        a => a.region === region && a.name === alarmName,
      );
      if (!pipeline || !alarm) {
        throw new InputError(
          `${alarmName} in ${region} is not an alarm that ${pipelineArn} watches`,
        );
      }
      const key = { accountId: pipeline.accountId, region, name: alarmName };
      const [items, readThrough] = await Promise.all([
        alarms.getAlarmHistory({ ...key, limit }),
        alarms.getAlarmHistoryReadThrough(pipeline.accountId, [key]),
      ]);
      const covered = readThrough.get(alarmKey(key));
      return {
        pipelineArn,
        region,
        alarmName,
        items,
        complete:
          !alarm.stateUpdatedAt ||
          (covered !== undefined &&
            covered.getTime() >= Date.parse(alarm.stateUpdatedAt)),
        freshness: freshnessOf(pipeline.refresh, now(), staleAfter),
      };
    },

    async getMetrics(entityRef, { windowDays, pipelineArn }) {
      const arns = await arnsOf(entityRef, pipelineArn);
      const at = now();
      // History from a month before the window: MTBF and MTTR need to know whether each pipeline
      // was green or red when the window starts.
      const since = new Date(at.getTime() - (windowDays + 31) * 86_400_000);
      const executions = await snapshots.getExecutionsForMetrics(arns, since);
      return computeDeliveryMetrics(executions, {
        windowDays,
        now: at,
        pipelineArn,
      });
    },

    async markViewed(entityRef) {
      const at = now();
      await entities.markEntityHot(entityRef, {
        hotUntil: new Date(at.getTime() + config.refresh.hotForSeconds * 1000),
        refreshBy: new Date(
          at.getTime() + config.refresh.hotIntervalSeconds * 1000,
        ),
      });
    },
  };
}
