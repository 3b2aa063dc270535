/**
 * One connection to the database with reconnect-on-loss (back-off) and retried queries.
 *
 * One `Connection` per store (not rethinkdb-ts' process-global pool), so several nodes can run
 * in one process (tests, the bench). RethinkDB multiplexes queries and feeds over it.
 */
import { r, type Connection, type RCursor } from 'rethinkdb-ts';
import type { Logger } from '../../shared/log.js';
import { describeError } from '../../shared/errors.js';
import { StoreUnavailableError } from './errors.js';
import type { StoreConnectOptions } from './ledger-store.js';
import {
  backoffDelayMs,
  RECONNECT_BACKOFF,
  ReconnectingError,
  sleep,
  withRetry,
  WRITE_RETRY,
  type BackoffPolicy,
} from './retry.js';

/** Anything rethinkdb-ts can run on a connection. */
export interface Runnable<T> {
  run(connection: Connection): Promise<T>;
}
/** Anything rethinkdb-ts can open a cursor (changefeed) for. */
export interface CursorSource {
  getCursor(connection: Connection): Promise<unknown>;
}

export class DbConnection {
  private conn: Connection | undefined;
  private closing = false;
  private reconnectLoop: Promise<void> | undefined;
  private readonly reconnectListeners = new Set<() => void>();
  /** Last connection problem, for health reports. */
  lastProblem: string | undefined;
  /** The latest failure a query retried, and when (epoch ms): answers name it (see retriedSince). */
  private lastRetried: { atMs: number; error: unknown } | undefined;

  private constructor(
    private readonly options: StoreConnectOptions,
    private readonly log: Logger,
  ) {}

  /** Connect, retrying with back-off up to `connectTimeoutMs` (default 30 s). */
  static async open(options: StoreConnectOptions, log: Logger): Promise<DbConnection> {
    const db = new DbConnection(options, log);
    const timeoutMs = options.connectTimeoutMs ?? 30_000;
    await withRetry(
      () => db.connectOnce(),
      { ...RECONNECT_BACKOFF, budgetMs: timeoutMs },
      (attempt, e) => log.warn('db_connect_retry', { attempt, problem: describeError(e) }),
    ).catch((e: unknown) => {
      throw new StoreUnavailableError(db.target, `cannot connect: ${describeError(e)}`, e);
    });
    return db;
  }

  /** Where the server is (for a separate login check, e.g. after setting a password). */
  get endpoint(): { host: string; port: number } {
    return { host: this.options.host, port: this.options.port };
  }

  get target(): string {
    return `${this.options.host}:${this.options.port}`;
  }

  get connected(): boolean {
    return this.conn?.open === true;
  }

  /** Called after every successful RE-connection (not the first), so stages reconcile. */
  onReconnect(listener: () => void): () => void {
    this.reconnectListeners.add(listener);
    return () => this.reconnectListeners.delete(listener);
  }

  /** Run a query, retrying transient failures (lost primary, reconnecting) with back-off. */
  run<T>(query: Runnable<T>, policy: BackoffPolicy = WRITE_RETRY): Promise<T> {
    return withRetry(
      () => query.run(this.current()),
      policy,
      (attempt, e) => {
        this.lastRetried = { atMs: Date.now(), error: e };
        this.log.warn('db_query_retry', { attempt, problem: describeError(e) });
      },
    );
  }

  /**
   * The failure of the latest query retried at or after `sinceMs` (epoch ms), or undefined: what
   * a request that ran out of time was most likely waiting for (a missing primary, a lost connection).
   */
  retriedSince(sinceMs: number): unknown {
    const last = this.lastRetried;
    return last !== undefined && last.atMs >= sinceMs ? last.error : undefined;
  }

  /** Run a query exactly once, no retry (DDL: see ddl.ts; a lost connection throws at once). */
  runOnce<T>(query: Runnable<T>): Promise<T> {
    return query.run(this.current());
  }

  /** Open a cursor (changefeed) on the current connection; no retry (the caller re-opens). */
  async cursor<T>(source: CursorSource): Promise<RCursor<T>> {
    return (await source.getCursor(this.current())) as RCursor<T>;
  }

  /** The server's self-description (`{id, name, proxy}` on RethinkDB). */
  async serverInfo(): Promise<Record<string, unknown>> {
    return (await this.current().server()) as unknown as Record<string, unknown>;
  }

  async close(): Promise<void> {
    this.closing = true;
    const conn = this.conn;
    this.conn = undefined;
    if (conn?.open) await conn.close().catch(() => undefined);
    await this.reconnectLoop;
  }

  private current(): Connection {
    if (this.conn?.open) return this.conn;
    throw new ReconnectingError(this.target);
  }

  private async connectOnce(): Promise<void> {
    const { host, port, user, password } = this.options;
    const conn = await r.connect({ host, port, user, password, silent: true, timeout: 5 });
    conn.on('error', (e: unknown) => {
      this.lastProblem = describeError(e);
    });
    conn.once('close', () => this.onClosed(conn));
    this.conn = conn;
    this.lastProblem = undefined;
  }

  private onClosed(conn: Connection): void {
    if (this.closing || conn !== this.conn) return;
    this.lastProblem ??= 'connection closed';
    this.log.warn('db_connection_lost', { target: this.target, problem: this.lastProblem });
    this.reconnectLoop ??= this.reconnect().finally(() => {
      this.reconnectLoop = undefined;
    });
  }

  /**
   * Not withRetry/p-retry: this is not a bounded retry but a supervisor that runs until the
   * connection is back or `close()` is called, and logs only every 10th failure.
   */
  private async reconnect(): Promise<void> {
    for (let attempt = 1; !this.closing; attempt++) {
      await sleep(backoffDelayMs(RECONNECT_BACKOFF, attempt));
      if (this.closing) return;
      try {
        await this.connectOnce();
        this.log.info('db_reconnected', { target: this.target, attempts: attempt });
        for (const listener of this.reconnectListeners) listener();
        return;
      } catch (e) {
        this.lastProblem = describeError(e);
        if (attempt === 1 || attempt % 10 === 0)
          this.log.warn('db_reconnect_failed', { attempt, problem: this.lastProblem });
      }
    }
  }
}
