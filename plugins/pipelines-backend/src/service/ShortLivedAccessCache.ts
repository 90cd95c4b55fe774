/**
 * Remembers, for a few seconds, what loading a value answered for a key, and shares one load
 * between concurrent callers. Used for the caller's access to an entity (catalog lookup and
 * permission decisions): each is a round trip to another backend plugin, and opening an entity
 * page fires several requests for the same user and entity at once. Failed loads are not kept.
 */
export class ShortLivedAccessCache<T> {
  private readonly entries = new Map<
    string,
    { value: Promise<T>; expiresAt: number }
  >();

  constructor(
    private readonly options: {
      /** How long a loaded value is reused; 0 turns the cache off. */
      ttlMs: number;
      /** Entries kept at most; the oldest are dropped first. */
      maxEntries?: number;
      now?: () => number;
    },
  ) {}

  /** The value for `key`, loaded by `load` unless a load younger than `ttlMs` answered it. */
  get(key: string, load: () => Promise<T>): Promise<T> {
    const { ttlMs } = this.options;
    if (ttlMs <= 0) {
      return load();
    }
    const at = (this.options.now ?? Date.now)();
    const cached = this.entries.get(key);
    if (cached && cached.expiresAt > at) {
      return cached.value;
    }
    const value = load();
    const entry = { value, expiresAt: at + ttlMs };
    this.entries.delete(key);
    this.entries.set(key, entry);
    value.catch(() => {
      if (this.entries.get(key) === entry) this.entries.delete(key);
    });
    const max = this.options.maxEntries ?? 10_000;
    while (this.entries.size > max) {
      this.entries.delete(this.entries.keys().next().value!);
    }
    return value;
  }

  /** Forgets everything (e.g. when a decision must be taken afresh). */
  clear(): void {
    this.entries.clear();
  }
}
