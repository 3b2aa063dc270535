/**
 * Open a `ClusterAdmin`: connect (retrying "connection refused" and "host not resolvable yet"
 * until the timeout), fall back once to an empty admin password when asked (a fresh cluster),
 * detect the engine, and with `waitServers` poll rethinkdb.server_status until enough servers
 * joined.
 */
import { describeError, TimeoutError } from '../../shared/errors.js';
import type { Logger } from '../../shared/log.js';
import { notYet, pollUntil, ready } from '../../shared/poll.js';
import type { ClusterOpenOptions } from './cluster-admin.js';
import { DatabaseAuthError, DatabasePermissionError, ServersMissingError } from './cluster-errors.js';
import { DbConnection } from './db-connection.js';
import { dbErrorText, isAuthError } from './ddl-classify.js';
import { detectEngine } from './engine.js';
import { EngineLimitationError } from './errors.js';
import type { StoreConnectOptions } from './ledger-store.js';
import { isAdminUser } from './login.js';
import { RethinkClusterAdmin } from './rethink-cluster-admin.js';
import { listServers } from './servers.js';

type Options = StoreConnectOptions & ClusterOpenOptions;

/** The server's words for a refused login ("Wrong password"), found among the causes. */
function authText(e: unknown): string {
  for (let cur: unknown = e; cur instanceof Error; cur = cur.cause) {
    if (isAuthError(cur) && !isAuthError(cur.cause)) return dbErrorText(cur);
  }
  return describeError(e);
}

/**
 * Connect with `password`. With --wait-servers, "refused" or "not resolvable yet" is "not yet"
 * until the whole timeout passed (polled); without, DbConnection's own back-off, 30 s at most.
 */
async function openConnection(
  options: Options,
  password: string | undefined,
  log: Logger,
): Promise<DbConnection> {
  const open = (budgetMs: number): Promise<DbConnection> =>
    DbConnection.open({ ...options, password, connectTimeoutMs: budgetMs }, log);
  if (options.waitServers === undefined) return open(Math.min(options.timeoutMs, 30_000));
  const deadline = Date.now() + options.timeoutMs;
  try {
    return await pollUntil(
      async () => ready(await open(Math.max(100, Math.min(5_000, deadline - Date.now())))),
      {
        what: `the database at ${options.host}:${options.port}`,
        timeoutMs: options.timeoutMs,
        intervalMs: 500,
        isFatal: isAuthError,
      },
    );
  } catch (e) {
    if (!(e instanceof TimeoutError)) throw e;
    const lastProblem = e.details.lastProblem;
    throw new ServersMissingError(
      options.waitServers,
      [],
      options.timeoutMs,
      typeof lastProblem === 'string' ? lastProblem : undefined,
    );
  }
}

async function connect(options: Options, log: Logger): Promise<{ db: DbConnection; usedEmpty: boolean }> {
  const target = `${options.host}:${options.port}`;
  const user = options.user ?? 'admin';
  const open = (password: string | undefined): Promise<DbConnection> =>
    openConnection(options, password, log);
  try {
    return { db: await open(options.password), usedEmpty: false };
  } catch (e) {
    if (!isAuthError(e)) throw e;
    const fallback = options.tryEmptyAdminPassword && isAdminUser(options.user) && !!options.password;
    if (!fallback) throw new DatabaseAuthError(target, user, authText(e));
    try {
      const db = await open('');
      log.info('admin_password_not_set', {
        target,
        note: 'the configured one was refused, an empty one works',
      });
      return { db, usedEmpty: true };
    } catch (e2) {
      if (!isAuthError(e2)) throw e2;
      throw new DatabaseAuthError(target, user, 'the configured password and an empty one were both refused');
    }
  }
}

async function waitForServers(
  admin: RethinkClusterAdmin,
  wanted: number,
  timeoutMs: number,
  totalTimeoutMs: number,
): Promise<void> {
  if (admin.engine === 'reqlite' && wanted > 1) {
    throw new EngineLimitationError(
      'reqlite',
      `wait for ${wanted} servers`,
      'it is always exactly one server',
    );
  }
  let seen: string[] = [];
  try {
    await pollUntil(
      async () => {
        const servers = await listServers(admin.db, admin.engine);
        if (servers === undefined) {
          throw new DatabasePermissionError(
            'list the cluster servers',
            'no read permission on database rethinkdb',
          );
        }
        seen = servers;
        return servers.length >= wanted ? ready(undefined) : notYet(`${servers.length} server(s)`);
      },
      {
        what: `${wanted} RethinkDB servers`,
        timeoutMs,
        intervalMs: 500,
        isFatal: (e) => e instanceof DatabasePermissionError,
      },
    );
  } catch (e) {
    if (e instanceof TimeoutError) throw new ServersMissingError(wanted, seen, totalTimeoutMs);
    throw e;
  }
}

export async function openClusterAdmin(options: Options, log: Logger): Promise<RethinkClusterAdmin> {
  const started = Date.now();
  const { db, usedEmpty } = await connect(options, log);
  try {
    const engine = await detectEngine(db);
    const admin = new RethinkClusterAdmin(db, engine, log, {
      user: options.user,
      passwordConfigured: !!options.password,
      usedEmptyAdminPassword: usedEmpty,
    });
    if (options.waitServers !== undefined) {
      const left = Math.max(0, options.timeoutMs - (Date.now() - started));
      await waitForServers(admin, options.waitServers, left, options.timeoutMs);
    }
    return admin;
  } catch (e) {
    await db.close();
    throw e;
  }
}
