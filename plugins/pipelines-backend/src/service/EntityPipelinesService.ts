import type {
  AlarmHistoryResponse,
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
import {
  alarmKey,
  type AlarmStore,
  type EntityStore,
  type PipelineSnapshotReader,
  type RefreshState,
} from '../store';
import { prepareJsonBody, type PreparedJsonBody } from './PreparedJsonBody';

/** Builds API responses from the store only: no AWS call is ever made per viewer. */
export interface EntityPipelinesService {
  getPipelines(
    entityRef: string,
    options: { canDecideApprovals: boolean },
  ): Promise<EntityPipelinesResponse>;
  /**
   * The same response, serialised (and gzipped on demand) once per version of the stored data and
   * per value of the caller's `canDecideApprovals`, with an entity tag: steady-state requests
   * cost one small version query (at most one per `responseCacheMs`, shared by concurrent
   * requests), no store read, no `JSON.stringify` and no compression.
   */
  getPipelinesBody(
    entityRef: string,
    options: { canDecideApprovals: boolean },
  ): Promise<PreparedJsonBody>;
  /** {@link EntityPipelinesService.getPipelinesBody} as text. */
  getPipelinesJson(
    entityRef: string,
    options: { canDecideApprovals: boolean },
  ): Promise<string>;
  /**
   * Makes the next request re-check the store version of an entity, or of all (after a change
   * made through this instance), instead of trusting the last check for `responseCacheMs`.
   */
  invalidate(entityRef?: string): void;
  getExecutions(
    entityRef: string,
    options: { pipelineArn?: string; limit: number },
  ): Promise<ExecutionsResponse>;
  getFindings(entityRef: string): Promise<FindingsResponse>;
  /**
   * The stored state changes of an alarm that a pipeline of the entity watches; an alarm the
   * pipeline does not watch is an input error (no other alarm of the account is ever served).
   */
  getAlarmHistory(
    entityRef: string,
    options: {
      pipelineArn: string;
      region: string;
      alarmName: string;
      limit: number;
    },
  ): Promise<AlarmHistoryResponse>;
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
  entities: Pick<
    EntityStore,
    'getEntityResolution' | 'getEntityPipelinesVersion' | 'markEntityHot'
  >;
  snapshots: PipelineSnapshotReader;
  alarms: Pick<AlarmStore, 'getAlarmHistory' | 'getAlarmHistoryReadThrough'>;
  config: PipelinesConfig;
  now?: () => Date;
  /**
   * How long the store version of an entity, once checked, is trusted without asking again, in
   * milliseconds. Serialised responses are kept as long as the version does not change; this only
   * bounds how late a change written by another replica is seen (changes written through this
   * instance call {@link EntityPipelinesService.invalidate}). The refresher writes at most every
   * `hotIntervalSeconds`, so a second hides nothing a viewer could act on. 0 checks on every
   * request. Default 1000.
   */
  responseCacheMs?: number;
  /**
   * Memory the serialised responses may take, in bytes; the least recently served entities are
   * dropped first beyond it. Default 64 MiB (a 20-pipeline entity takes about 1.5 MiB).
   */
  responseCacheBytes?: number;
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
  const { entities, snapshots, alarms, config } = options;
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
  }

  const responseCacheMs = options.responseCacheMs ?? 1000;

  /** The serialised responses of one entity at one store version. */
  interface CachedEntityResponse {
    version: string | undefined;
    /** The response without `canDecideApprovals`, as JSON text. */
    base: string;
    /** Epoch ms at which a `freshness` in the response changes by the passing of time alone. */
    contentExpiresAt: number;
    /** Epoch ms (Date.now) until which the version is trusted without a new check. */
    checkedUntil: number;
    variants: Map<boolean, PreparedJsonBody>;
    /** Memory held: `base` and the variants' JSON (gzip bodies are an order smaller). */
    bytes: number;
    /** The part of `bytes` counted in `cachedBytes` (0 once dropped). */
    accountedBytes: number;
  }
  /** In least recently served order (a Map iterates in insertion order). */
  const cache = new Map<string, CachedEntityResponse>();
  const cacheBudget = options.responseCacheBytes ?? 64 * 1024 * 1024;
  let cachedBytes = 0;
  /** Stores or re-stores an entry as the most recently served, then keeps to the budget. */
  function remember(entityRef: string, entry: CachedEntityResponse) {
    const old = cache.get(entityRef);
    if (old) {
      cache.delete(entityRef);
      cachedBytes -= old.accountedBytes;
      old.accountedBytes = 0;
    }
    cachedBytes += entry.bytes;
    entry.accountedBytes = entry.bytes;
    cache.set(entityRef, entry);
    for (const [ref, oldest] of cache) {
      if (cachedBytes <= cacheBudget || oldest === entry) break;
      cache.delete(ref);
      cachedBytes -= oldest.accountedBytes;
      oldest.accountedBytes = 0;
    }
  }
  /** Store reads in flight, shared by concurrent requests for the same entity. */
  const building = new Map<string, Promise<CachedEntityResponse>>();
  /** Counts invalidations: a build that overlapped one must not be trusted afterwards. */
  let invalidations = 0;

  /**
   * When the response would differ without any store write: a fresh pipeline turns stale
   * `staleAfterSeconds` after its last success, and a stale one's reason counts the seconds.
   */
  function contentExpiry(response: EntityPipelinesResponse, at: Date): number {
    let expires = Number.POSITIVE_INFINITY;
    for (const { freshness } of response.pipelines) {
      if (!freshness.stale && freshness.lastRefreshedAt) {
        expires = Math.min(
          expires,
          Date.parse(freshness.lastRefreshedAt) + staleAfter * 1000 + 1,
        );
      } else if (
        freshness.stale &&
        freshness.staleReason?.startsWith('Not refreshed for')
      ) {
        expires = Math.min(expires, at.getTime() + 1000);
      }
    }
    return expires;
  }

  async function build(entityRef: string): Promise<CachedEntityResponse> {
    const startedAt = invalidations;
    const trustUntil = () =>
      invalidations === startedAt ? Date.now() + responseCacheMs : 0;
    // The version is read before the data: a write in between makes the next check rebuild.
    const version = await entities.getEntityPipelinesVersion(entityRef);
    const previous = cache.get(entityRef);
    const at = now();
    if (
      previous &&
      version !== undefined &&
      previous.version === version &&
      previous.contentExpiresAt > at.getTime()
    ) {
      previous.checkedUntil = trustUntil();
      return previous;
    }
    const { canDecideApprovals: _flag, ...rest } = await getPipelines(
      entityRef,
      { canDecideApprovals: false },
    );
    const base = JSON.stringify(rest);
    const entry: CachedEntityResponse = {
      version,
      base,
      bytes: base.length,
      accountedBytes: 0,
      contentExpiresAt: contentExpiry(
        { ...rest, canDecideApprovals: false },
        at,
      ),
      checkedUntil: trustUntil(),
      variants: new Map(),
    };
    remember(entityRef, entry);
    return entry;
  }

  async function currentEntry(
    entityRef: string,
  ): Promise<CachedEntityResponse> {
    const cached = cache.get(entityRef);
    if (
      cached &&
      cached.checkedUntil > Date.now() &&
      cached.contentExpiresAt > now().getTime()
    ) {
      return cached;
    }
    let pending = building.get(entityRef);
    if (!pending) {
      pending = build(entityRef).finally(() => building.delete(entityRef));
      building.set(entityRef, pending);
    }
    return pending;
  }

  const service: EntityPipelinesService = {
    source,

    async getPipelinesBody(entityRef, { canDecideApprovals }) {
      const entry = await currentEntry(entityRef);
      let body = entry.variants.get(canDecideApprovals);
      if (!body) {
        // `base` is a JSON object text: the caller's flag is added as its first member.
        body = prepareJsonBody(
          `{"canDecideApprovals":${canDecideApprovals ? 'true' : 'false'}${
            entry.base.length > 2 ? `,${entry.base.slice(1)}` : '}'
          }`,
        );
        entry.variants.set(canDecideApprovals, body);
        entry.bytes += body.json.length;
      }
      if (cache.get(entityRef) === entry) {
        remember(entityRef, entry);
      }
      return body;
    },

    async getPipelinesJson(entityRef, flags) {
      return (await service.getPipelinesBody(entityRef, flags)).json.toString(
        'utf8',
      );
    },

    invalidate(entityRef) {
      invalidations++;
      const entries = entityRef
        ? [cache.get(entityRef)]
        : Array.from(cache.values());
      for (const entry of entries) {
        if (entry) entry.checkedUntil = 0;
      }
    },

    getPipelines,

    async getExecutions(entityRef, { pipelineArn, limit }) {
      const arns = await arnsOf(entityRef, pipelineArn);
      const executions = await snapshots.getExecutions(arns, { limit });
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
        snapshots.getFindings(arns),
        snapshots.getReports(arns),
        snapshots.getPipelines(arns),
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
  return service;
}
