import type { EntityPipelinesResponse } from '@dpra/plugin-pipelines-common';
import type { EntityStore } from '../store';
import { prepareJsonBody, type PreparedJsonBody } from './PreparedJsonBody';
import type {
  EntityPipelinesResponseCache,
  EntityPipelinesService,
} from './types';

/** Options of {@link createEntityPipelinesResponseCache}. */
export interface EntityPipelinesResponseCacheOptions {
  /** Where the store version of an entity's pipelines data comes from. */
  entities: Pick<EntityStore, 'getEntityPipelinesVersion'>;
  /** Builds a response from the store when the version changed. */
  responses: Pick<EntityPipelinesService, 'getPipelines'>;
  /** Seconds after its last success a fresh pipeline turns stale (`pipelines.refresh`). */
  staleAfterSeconds: number;
  now?: () => Date;
  /**
   * How long the store version of an entity, once checked, is trusted without asking again, in
   * milliseconds. Serialised responses are kept as long as the version does not change; this only
   * bounds how late a change written by another replica is seen (changes written through this
   * instance call {@link EntityPipelinesResponseCache.invalidate}). The refresher writes at most
   * every `hotIntervalSeconds`, so a second hides nothing a viewer could act on. 0 checks on every
   * request. Default 1000.
   */
  responseCacheMs?: number;
  /**
   * Memory the serialised responses may take, in bytes; the least recently served entities are
   * dropped first beyond it. Default 64 MiB (a 20-pipeline entity takes about 1.5 MiB).
   */
  responseCacheBytes?: number;
}

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

/**
 * When the response would differ without any store write: a fresh pipeline turns stale
 * `staleAfterSeconds` after its last success, and a stale one's reason counts the seconds.
 */
function contentExpiry(
  response: Pick<EntityPipelinesResponse, 'pipelines'>,
  at: Date,
  staleAfterSeconds: number,
): number {
  let expires = Number.POSITIVE_INFINITY;
  for (const { freshness } of response.pipelines) {
    if (!freshness.stale && freshness.lastRefreshedAt) {
      expires = Math.min(
        expires,
        Date.parse(freshness.lastRefreshedAt) + staleAfterSeconds * 1000 + 1,
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

/** Creates the response cache of `GET /entities/…/pipelines`. */
export function createEntityPipelinesResponseCache(
  options: EntityPipelinesResponseCacheOptions,
): EntityPipelinesResponseCache {
  const { entities, responses, staleAfterSeconds } = options;
  const now = options.now ?? (() => new Date());
  const responseCacheMs = options.responseCacheMs ?? 1000;
  const cacheBudget = options.responseCacheBytes ?? 64 * 1024 * 1024;

  /** In least recently served order (a Map iterates in insertion order). */
  const cache = new Map<string, CachedEntityResponse>();
  let cachedBytes = 0;
  /** Store reads in flight, shared by concurrent requests for the same entity. */
  const building = new Map<string, Promise<CachedEntityResponse>>();
  /** Counts invalidations: a build that overlapped one must not be trusted afterwards. */
  let invalidations = 0;

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
    const { canDecideApprovals: _flag, ...rest } = await responses.getPipelines(
      entityRef,
      { canDecideApprovals: false },
    );
    const base = JSON.stringify(rest);
    const entry: CachedEntityResponse = {
      version,
      base,
      bytes: base.length,
      accountedBytes: 0,
      contentExpiresAt: contentExpiry(rest, at, staleAfterSeconds),
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

  return {
    async getBody(entityRef, { canDecideApprovals }) {
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

    invalidate(entityRef) {
      invalidations++;
      const entries = entityRef
        ? [cache.get(entityRef)]
        : Array.from(cache.values());
      for (const entry of entries) {
        if (entry) entry.checkedUntil = 0;
      }
    },
  };
}
