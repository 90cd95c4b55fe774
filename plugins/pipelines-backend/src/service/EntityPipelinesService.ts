import type {
  DataSource,
  DeliveryMetricsResponse,
  EntityPipelinesResponse,
  ExecutionsResponse,
  FindingsResponse,
  Freshness,
  PipelineProblem,
  PipelineView,
  Severity,
} from '@dpra/plugin-pipelines-common';
import { SEVERITY_ORDER } from '@dpra/plugin-pipelines-common';
import { InputError } from '@backstage/errors';
import type { PipelinesConfig } from '../config';
import { computeDeliveryMetrics } from '../metrics';
import type { PipelineStore, RefreshState } from '../store/PipelineStore';

/** Builds API responses from the store only: no AWS call is ever made per viewer. */
export interface EntityPipelinesService {
  getPipelines(
    entityRef: string,
    options: { canDecideApprovals: boolean },
  ): Promise<EntityPipelinesResponse>;
  /**
   * The same response, serialised, from a short-lived per-entity cache: many viewers of one
   * entity cost one store read per `responseCacheMs`, not one each.
   */
  getPipelinesJson(
    entityRef: string,
    options: { canDecideApprovals: boolean },
  ): Promise<string>;
  /** Drops the cached response of an entity, or of all (after a change made through this instance). */
  invalidate(entityRef?: string): void;
  getExecutions(
    entityRef: string,
    options: { pipelineArn?: string; limit: number },
  ): Promise<ExecutionsResponse>;
  getFindings(entityRef: string): Promise<FindingsResponse>;
  getMetrics(
    entityRef: string,
    options: { windowDays: number; pipelineArn?: string },
  ): Promise<DeliveryMetricsResponse>;
  /** Marks the entity as being viewed: its pipelines refresh soon, and at the hot interval. */
  markViewed(entityRef: string): Promise<void>;
  source(): DataSource;
}

/** Options of {@link createEntityPipelinesService}. */
export interface EntityPipelinesServiceOptions {
  store: PipelineStore;
  config: PipelinesConfig;
  now?: () => Date;
  /**
   * How long a serialised entity response is reused, in milliseconds. The refresher writes at
   * most every `hotIntervalSeconds`, so a second of reuse hides nothing a viewer could act on.
   * 0 disables the cache. Default 1000.
   */
  responseCacheMs?: number;
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
  const { store, config } = options;
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
    const resolution = await store.getEntityResolution(entityRef);
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

  const responseCacheMs = options.responseCacheMs ?? 1000;
  /** Serialised responses without `canDecideApprovals`, shared by concurrent requests. */
  const responses = new Map<
    string,
    { body: Promise<string>; expiresAt: number }
  >();

  const service: EntityPipelinesService = {
    source,

    async getPipelinesJson(entityRef, { canDecideApprovals }) {
      const at = Date.now();
      let cached = responses.get(entityRef);
      if (!cached || cached.expiresAt <= at) {
        // The flag is per caller; everything else is per entity.
        const body = service
          .getPipelines(entityRef, { canDecideApprovals: false })
          .then(({ canDecideApprovals: _flag, ...rest }) =>
            JSON.stringify(rest),
          );
        cached = { body, expiresAt: at + responseCacheMs };
        if (responseCacheMs > 0) {
          responses.set(entityRef, cached);
          body.catch(() => responses.delete(entityRef));
          if (responses.size > 10_000) {
            for (const [key, value] of responses) {
              if (value.expiresAt <= at) responses.delete(key);
            }
          }
        }
      }
      const body = await cached.body;
      // `body` is a JSON object text: the caller's flag is added as its first member.
      return `{"canDecideApprovals":${canDecideApprovals ? 'true' : 'false'}${
        body.length > 2 ? `,${body.slice(1)}` : '}'
      }`;
    },

    invalidate(entityRef) {
      if (entityRef) {
        responses.delete(entityRef);
      } else {
        responses.clear();
      }
    },

    async getPipelines(entityRef, { canDecideApprovals }) {
      const resolution = await store.getEntityResolution(entityRef);
      const links = resolution?.pipelines ?? [];
      const stored = new Map(
        (await store.getPipelines(links.map(l => l.arn))).map(p => [p.arn, p]),
      );
      const at = now();
      const problems: PipelineProblem[] = [...(resolution?.problems ?? [])];
      const latest = new Map(
        (await store.getLatestExecutions(links.map(l => l.arn))).map(e => [
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
    },

    async getExecutions(entityRef, { pipelineArn, limit }) {
      const arns = await arnsOf(entityRef, pipelineArn);
      const executions = await store.getExecutions(arns, { limit });
      return {
        executions: executions.map(e => ({
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
        })),
      };
    },

    async getFindings(entityRef) {
      const arns = await arnsOf(entityRef);
      const [findings, reports, pipelines] = await Promise.all([
        store.getFindings(arns),
        store.getReports(arns),
        store.getPipelines(arns),
      ]);
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

    async getMetrics(entityRef, { windowDays, pipelineArn }) {
      const arns = await arnsOf(entityRef, pipelineArn);
      const at = now();
      // History from a month before the window: MTBF and MTTR need to know whether each pipeline
      // was green or red when the window starts.
      const since = new Date(at.getTime() - (windowDays + 31) * 86_400_000);
      const executions = await store.getExecutionsForMetrics(arns, since);
      return computeDeliveryMetrics(executions, {
        windowDays,
        now: at,
        pipelineArn,
      });
    },

    async markViewed(entityRef) {
      const at = now();
      await store.markEntityHot(entityRef, {
        hotUntil: new Date(at.getTime() + config.refresh.hotForSeconds * 1000),
        refreshBy: new Date(
          at.getTime() + config.refresh.hotIntervalSeconds * 1000,
        ),
      });
    },
  };
  return service;
}
