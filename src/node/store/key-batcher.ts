/**
 * Coalesces primary-key reads issued in the same turn of the event loop into one query.
 *
 * Why: validating a block of N transactions asks "which blocks hold tx X?" N times in
 * parallel; one `r.expr(keys).map(get)` round trip instead of N keeps the database (reqlite
 * above all: one JavaScript thread) from drowning in small queries.
 */
export type BatchFetch<T> = (keys: string[]) => Promise<(T | null)[]>;

interface Pending<T> {
  resolve: (value: T | null) => void;
  reject: (e: unknown) => void;
}

export class KeyBatcher<T> {
  private queue = new Map<string, Pending<T>[]>();
  private scheduled = false;

  constructor(
    private readonly fetch: BatchFetch<T>,
    private readonly maxBatch = 500,
  ) {}

  load(key: string): Promise<T | null> {
    return new Promise((resolve, reject) => {
      const waiters = this.queue.get(key) ?? [];
      waiters.push({ resolve, reject });
      this.queue.set(key, waiters);
      if (!this.scheduled) {
        this.scheduled = true;
        setImmediate(() => this.flush());
      }
    });
  }

  loadMany(keys: readonly string[]): Promise<(T | null)[]> {
    return Promise.all(keys.map((k) => this.load(k)));
  }

  private flush(): void {
    this.scheduled = false;
    const batch = this.queue;
    this.queue = new Map();
    const keys = [...batch.keys()];
    for (let i = 0; i < keys.length; i += this.maxBatch)
      void this.run(keys.slice(i, i + this.maxBatch), batch);
  }

  private async run(keys: string[], batch: Map<string, Pending<T>[]>): Promise<void> {
    try {
      const values = await this.fetch(keys);
      keys.forEach((key, i) => batch.get(key)?.forEach((w) => w.resolve(values[i] ?? null)));
    } catch (e) {
      for (const key of keys) batch.get(key)?.forEach((w) => w.reject(e));
    }
  }
}
