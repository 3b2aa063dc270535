/**
 * What can be stored (issue 16): the one rule ingest, the block stage and the vote stage apply,
 * so that every accepted transaction is writable by every later stage on both engines. Each
 * limit was measured against RethinkDB 2.4.4 and reqlite (test/integration/node/storable-*.test.ts);
 * RethinkDB is the stricter of the two everywhere.
 *
 * - Nesting: rethinkdb-ts turns a document into a query term with `r.expr(doc, 20)`: every value
 *   on a path from the root counts one level, leaves included, and 21 levels throw "Nesting depth
 *   limit exceeded" in the driver (the server itself took 1001). The deepest write of a
 *   transaction is an archive restore's batch of blocks, `[{block: {transactions: [tx]}}]`: four
 *   levels above the transaction's own, so a transaction may have 16.
 * - Keys: `$reql_type$` is a pseudo-type marker (RethinkDB refuses unknown ones and turns TIME,
 *   BINARY into other values, which changes the transaction); a NUL in a key is cut off there.
 *   Empty keys, `$x`, `a.b` and 10 000-character keys are stored and read back unchanged.
 * - Strings: a lone UTF-16 surrogate fails the write ("Client is buggy") in a value and comes
 *   back mangled in a key. NUL in a value is fine.
 * - Numbers: Infinity (JSON.parse('1e400')) cannot be sent at all; beyond 2^53 a number is no
 *   longer the one the client hashed, so both are refused.
 * - Size: the server refuses a query over 128 MiB - 1 ("Query size ... greater than maximum
 *   (134217727)") and an array over 100 000 elements; a transaction is at most 64 KiB of
 *   canonical JSON (so no array of its own gets near 100 000) and a block's transactions at most
 *   32 MiB together (`blockBudget`). The policy's maxTransactionBytes may only lower the former.
 */
import { TransactionInvalidError } from './errors.js';

/** Levels rethinkdb-ts's `r.expr` accepts (its default nesting level). */
export const DRIVER_NESTING_LEVELS = 20;
/** Levels above a transaction in its deepest write: `[{block: {transactions: [tx]}}]`. */
export const TX_WRAPPER_LEVELS = 4;
/** RethinkDB's default array_limit, also what a multi-index function may return. */
export const SERVER_ARRAY_LIMIT = 100_000;

export const STORABLE_LIMITS = Object.freeze({
  /** Levels of a transaction (the transaction object is level 1, every leaf counts). */
  maxLevels: DRIVER_NESTING_LEVELS - TX_WRAPPER_LEVELS,
  /** Canonical JSON bytes of one transaction. */
  maxTxBytes: 64 * 1024,
  /** Canonical JSON bytes of a block's transactions together (a quarter of the query limit). */
  maxBlockTxBytes: 32 * 1024 * 1024,
  /**
   * Entries a block adds to one multi-index (transaction ids, output public keys, spent
   * outputs): beyond the array limit RethinkDB silently leaves the block out of that index.
   */
  maxBlockIndexEntries: SERVER_ARRAY_LIMIT,
});

const RESERVED_KEY = '$reql_type$';
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** A JSON pointer to a value: `/metadata/a/0`. */
function pointer(path: readonly (string | number)[]): string {
  return '/' + path.map((p) => String(p).replace(/~/g, '~0').replace(/\//g, '~1')).join('/');
}

function refuse(txId: string | null, path: readonly (string | number)[], problem: string, limit: string) {
  const at = pointer(path);
  return new TransactionInvalidError(
    'TX_UNSTORABLE',
    `transaction cannot be stored: the value at ${at} ${problem} (${limit})`,
    txId,
    { path: at, problem, limit },
  );
}

function checkString(s: string, txId: string | null, path: (string | number)[], what: string): void {
  if (LONE_SURROGATE.test(s))
    throw refuse(txId, path, `${what} holds a lone UTF-16 surrogate`, 'strings must be valid Unicode');
}

function checkKey(key: string, txId: string | null, path: (string | number)[]): void {
  if (key === RESERVED_KEY)
    throw refuse(txId, path, `has the key ${RESERVED_KEY}`, 'reserved by RethinkDB for its pseudo-types');
  if (key.includes('\u0000'))
    throw refuse(txId, path, 'has a key with a NUL character', 'RethinkDB cuts keys at NUL');
  checkString(key, txId, path, 'a key');
}

function checkNumber(n: number, txId: string | null, path: (string | number)[]): void {
  if (!Number.isFinite(n)) throw refuse(txId, path, `is ${n}`, 'numbers must be finite');
  if (Math.abs(n) > Number.MAX_SAFE_INTEGER)
    throw refuse(txId, path, `is ${n}`, `numbers must be within ±${Number.MAX_SAFE_INTEGER}`);
}

/** Walks `value` at `level`; recursion never goes deeper than maxLevels + 1. */
function walk(value: unknown, level: number, txId: string | null, path: (string | number)[]): void {
  if (level > STORABLE_LIMITS.maxLevels) {
    throw refuse(
      txId,
      path,
      `is nested ${level} levels deep`,
      `the limit is ${STORABLE_LIMITS.maxLevels}: RethinkDB's driver takes ${DRIVER_NESTING_LEVELS} levels and a block batch wraps a transaction in ${TX_WRAPPER_LEVELS}`,
    );
  }
  if (typeof value === 'string') return checkString(value, txId, path, 'a string');
  if (typeof value === 'number') return checkNumber(value, txId, path);
  if (typeof value !== 'object' || value === null) return;
  if (Array.isArray(value)) {
    value.forEach((item, i) => walk(item, level + 1, txId, [...path, i]));
    return;
  }
  for (const [key, item] of Object.entries(value)) {
    checkKey(key, txId, [...path, key]);
    walk(item, level + 1, txId, [...path, key]);
  }
}

/**
 * Throws TX_UNSTORABLE (naming the limit and the JSON pointer of the offending value) unless
 * every value of `tx` can be written and read back unchanged on both engines. Runs before the
 * schema and the hash: it also keeps absurd nesting away from them.
 */
export function checkStorable(tx: unknown): void {
  const id = (tx as { id?: unknown } | null)?.id;
  walk(tx, 1, typeof id === 'string' ? id : null, []);
}

/** The size limit in force: the policy's, never above what can be stored. */
export function maxTransactionBytes(policyLimit: number): number {
  return Math.min(policyLimit, STORABLE_LIMITS.maxTxBytes);
}
