import type {
  CacheService,
  CacheServiceSetOptions,
} from '@backstage/backend-plugin-api';

type JsonValue = Parameters<CacheService['set']>[1];

/**
 * A cache service over a Map for the tests that count what a cache saves: each entry expires
 * after its `ttl` (milliseconds) by `now`, as in Backstage's memory store.
 */
export function memoryCacheService(
  now: () => number = Date.now,
): CacheService & { readonly keys: () => string[] } {
  const entries = new Map<string, { value: JsonValue; expiresAt: number }>();
  const service = {
    async get<T extends JsonValue>(key: string): Promise<T | undefined> {
      const entry = entries.get(key);
      if (!entry) return undefined;
      if (entry.expiresAt <= now()) {
        entries.delete(key);
        return undefined;
      }
      return entry.value as T;
    },
    async set(
      key: string,
      value: JsonValue,
      options?: CacheServiceSetOptions,
    ): Promise<void> {
      if (typeof options?.ttl === 'object')
        throw new Error('memoryCacheService takes a ttl in milliseconds');
      entries.set(key, {
        value,
        expiresAt: now() + (options?.ttl ?? Number.POSITIVE_INFINITY),
      });
    },
    async delete(key: string): Promise<void> {
      entries.delete(key);
    },
    withOptions(): CacheService {
      return service;
    },
    keys: () => [...entries.keys()],
  };
  return service;
}
