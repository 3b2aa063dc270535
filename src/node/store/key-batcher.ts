/**
 * Coalesces primary-key reads issued in the same turn of the event loop into one query.
 *
 * Why: validating a block of N transactions asks "which blocks hold tx X?" N times in
 * parallel; one `r.expr(keys).map(get)` round trip instead of N keeps the database (reqlite
 * above all: one JavaScript thread) from drowning in small queries.
 *
 * A thin layer over DataLoader that keeps what the callers rely on: rows change (backlog,
 * votes, lookups), so nothing is cached past the batch that read it (DataLoader's cache only
 * de-duplicates keys of one batch and is cleared when the batch is sent); the batch waits for
 * `setImmediate` (every load of the current macrotask, not only of one microtask chain);
 * `loadMany` rejects when the fetch fails (DataLoader's own returns errors in the array).
 */
import DataLoader from 'dataloader';

export type BatchFetch<T> = (keys: string[]) => Promise<(T | null)[]>;

export class KeyBatcher<T> {
  private readonly loader: DataLoader<string, T | null>;

  constructor(fetch: BatchFetch<T>, maxBatch = 500) {
    this.loader = new DataLoader<string, T | null>(
      async (keys) => {
        for (const key of keys) this.loader.clear(key);
        const values = await fetch([...keys]);
        return keys.map((_, i) => values[i] ?? null);
      },
      { maxBatchSize: maxBatch, batchScheduleFn: (send) => setImmediate(send) },
    );
  }

  load(key: string): Promise<T | null> {
    return this.loader.load(key);
  }

  loadMany(keys: readonly string[]): Promise<(T | null)[]> {
    return Promise.all(keys.map((k) => this.load(k)));
  }
}
