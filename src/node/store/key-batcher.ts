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
import { StoreDataError } from './errors.js';

/** RethinkDB's limit on a primary key (bytes of its UTF-8). */
const MAX_KEY_BYTES = 127;

/**
 * Why `key` cannot be one of our primary keys, or null. Keys come from documents (a block's
 * transaction ids, ...) that may be malformed; such a key would make the database fail the
 * whole batched query, and with it every other key read in the same turn.
 */
export function badKeyReason(key: unknown): string | null {
  if (typeof key !== 'string') return `a ${key === null ? 'null' : typeof key}, not a string`;
  if (key.length === 0) return 'empty';
  if (Buffer.byteLength(key, 'utf8') > MAX_KEY_BYTES) return `longer than ${MAX_KEY_BYTES} bytes`;
  if (key.includes('\u0000')) return 'holding a NUL character'; // RethinkDB refuses it in any key
  return null;
}

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
    // Refused here, alone: in a batch it would fail the query, so every key of the batch.
    const bad = badKeyReason(key);
    if (bad !== null) return Promise.reject(new StoreDataError(`key ${describeKey(key)} is ${bad}`));
    return this.loader.load(key);
  }

  loadMany(keys: readonly string[]): Promise<(T | null)[]> {
    return Promise.all(keys.map((k) => this.load(k)));
  }
}

function describeKey(key: unknown): string {
  const text = typeof key === 'string' ? key : (JSON.stringify(key) ?? String(key));
  return text.length > 40 ? `${text.slice(0, 40)}...` : text;
}
