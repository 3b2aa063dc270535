/**
 * Typed errors of schema DDL, cluster readiness and database accounts (real RethinkDB). Messages
 * name the objects, counts and servers involved and say what to do; none ever holds a password.
 */
import { FedlabError } from '../../shared/errors.js';

/** A DDL step met its object already there where that is not expected (never retried). */
export class SchemaObjectExistsError extends FedlabError {
  constructor(object: string) {
    super(
      'SCHEMA_OBJECT_EXISTS',
      `${object} already exists (another \`bigchaindb init\` or \`start\` may be creating the schema); ` +
        'check with `bigchaindb cluster-status`',
      { details: { object } },
    );
  }
}

/** More replicas asked for than the cluster has servers (RethinkDB keeps one per server). */
export class NotEnoughServersError extends FedlabError {
  constructor(replicas: number, servers: readonly string[]) {
    const list = servers.length > 0 ? servers.join(', ') : 'none visible';
    super(
      'NOT_ENOUGH_SERVERS',
      `cannot keep ${replicas} replicas of each table: the cluster has ${servers.length} server(s) (${list}) ` +
        'and RethinkDB puts each replica on a different server; start the other servers and wait until ' +
        `they joined (\`bigchaindb cluster-status --wait-servers ${replicas}\`), or ask for at most ` +
        `${Math.max(1, servers.length)} replicas`,
      { details: { replicas, servers } },
    );
  }
}

/** A DDL step's outcome is unknown (connection lost mid-way) and the re-read did not find it done. */
export class DdlIndeterminateError extends FedlabError {
  constructor(what: string, problem: string) {
    super(
      'DDL_INDETERMINATE',
      `the outcome of "${what}" is unknown (${problem}); after reconnecting it is not done, and it was ` +
        'not re-run blindly: check the servers with `bigchaindb cluster-status`, then run the command again',
      { details: { what, problem } },
    );
  }
}

/** A DDL step failed for a reason that retrying would not fix. */
export class DdlFailedError extends FedlabError {
  constructor(what: string, problem: string, cause?: unknown) {
    super('DDL_FAILED', `"${what}" failed: ${problem}`, { details: { what, problem }, cause });
  }
}

/** The database user may not do what was asked (RethinkDB permissions). */
export class DatabasePermissionError extends FedlabError {
  constructor(what: string, problem: string) {
    super(
      'DB_PERMISSION',
      `"${what}" was refused: ${problem}; run it with the admin account (database.user admin and its password)`,
      { details: { what, problem } },
    );
  }
}

/** The server refused the configured credentials. */
export class DatabaseAuthError extends FedlabError {
  constructor(target: string, user: string, problem: string) {
    super(
      'DB_AUTH',
      `database ${target} refused user "${user}" (${problem}); check database.user and database.password ` +
        '(or BIGCHAINDB_DATABASE_USER / BIGCHAINDB_DATABASE_PASSWORD)',
      { details: { target, user, problem } },
    );
  }
}

/** The ledger's tables and indexes did not all exist and become ready in time. */
export class SchemaNotReadyError extends FedlabError {
  constructor(db: string, timeoutMs: number, missing: readonly string[], notReady: readonly string[]) {
    const parts = [
      missing.length > 0 ? `missing: ${missing.join(', ')}` : '',
      notReady.length > 0 ? `not ready: ${notReady.join(', ')}` : '',
    ].filter((p) => p !== '');
    const hint =
      missing.length > 0
        ? 'run `bigchaindb init` to create what is missing (it completes a partial schema)'
        : 'check that every RethinkDB server is up (`bigchaindb cluster-status`)';
    super(
      'SCHEMA_NOT_READY',
      `the schema of database "${db}" was not ready after ${Math.round(timeoutMs / 1000)} s ` +
        `(${parts.join('; ') || 'unknown state'}); ${hint}`,
      { details: { db, timeoutMs, missing, notReady } },
    );
  }
}

/** After reconfigure, not every table reached all_replicas_ready in time. */
export class ReplicasNotReadyError extends FedlabError {
  constructor(db: string, timeoutMs: number, tables: readonly string[]) {
    super(
      'REPLICAS_NOT_READY',
      `tables of "${db}" did not reach all_replicas_ready within ${Math.round(timeoutMs / 1000)} s ` +
        `(${tables.join(', ') || 'status unreadable'}); check that every server is up and connected ` +
        '(`bigchaindb cluster-status`)',
      { details: { db, timeoutMs, tables } },
    );
  }
}

/** Fewer servers joined the cluster than asked for with --wait-servers. */
export class ServersMissingError extends FedlabError {
  constructor(wanted: number, seen: readonly string[], timeoutMs: number, lastProblem?: string) {
    super(
      'SERVERS_MISSING',
      `only ${seen.length} of ${wanted} RethinkDB servers were seen after ${Math.round(timeoutMs / 1000)} s ` +
        `(seen: ${seen.length > 0 ? seen.join(', ') : 'none'}${lastProblem ? `; last problem: ${lastProblem}` : ''}); ` +
        "check that the other servers run and that their join= lines name this server's host",
      { details: { wanted, seen, timeoutMs, lastProblem } },
    );
  }
}
