/**
 * Runs one DDL step (dbCreate, tableCreate, indexCreate, reconfigure, grant, a system-table
 * write) WITHOUT the generic write retry of DbConnection.run: re-running DDL blindly can create
 * twice, or hide a real problem. Each failure is classified (ddl-classify.ts):
 *   - "already exists": a typed error, or (init completing a partial schema) re-read and skip;
 *   - too few servers for the replicas: NotEnoughServersError at once, naming the servers;
 *   - indeterminate (connection lost, ReqlOpIndeterminateError): wait for the reconnection, then
 *     RE-READ whether the step took effect (`verify`), never re-run it;
 *   - anything else: DdlFailedError / DatabasePermissionError with the server's message.
 */
import type { Logger } from '../../shared/log.js';
import { notYet, pollUntil, ready } from '../../shared/poll.js';
import {
  DatabasePermissionError,
  DdlFailedError,
  DdlIndeterminateError,
  NotEnoughServersError,
  SchemaObjectExistsError,
} from './cluster-errors.js';
import type { DbConnection, Runnable } from './db-connection.js';
import { classifyDdlError, dbErrorText } from './ddl-classify.js';
/** How long to wait for a lost connection to come back before re-reading. */
const RECONNECT_WAIT_MS = 30_000;

export interface DdlStep<T> {
  /** What the step does, for messages and logs ("create table bigchain.votes"); never a secret. */
  what: string;
  query: Runnable<T>;
  /** Re-read: whether the step's effect is there now (after an indeterminate outcome, or "exists"). */
  verify: () => Promise<boolean>;
  /** `skip`: "already exists" is fine once re-read (init completing a partial schema). Default `fail`. */
  onExists?: 'skip' | 'fail';
  /** The error for "already exists" when not skipped (default SchemaObjectExistsError). */
  existsError?: () => Error;
  /** Replicas asked for, to name in NotEnoughServersError. */
  replicas?: number;
  /** `withheld`: the server's message may echo the query's arguments (a password): never shown. */
  serverText?: 'shown' | 'withheld';
}

export interface DdlEnv {
  /** The connection (narrowed so unit tests can pass a fake). */
  db: Pick<DbConnection, 'runOnce' | 'connected'>;
  log: Logger;
  /** Names of the cluster's servers (for NotEnoughServersError). */
  servers: () => Promise<readonly string[]>;
}

export type DdlOutcome = 'done' | 'existed' | 'done-after-reread';

export async function runDdl<T>(env: DdlEnv, step: DdlStep<T>): Promise<DdlOutcome> {
  let result: T;
  try {
    result = await env.db.runOnce(step.query);
  } catch (e) {
    return await onFailure(env, step, e);
  }
  // A write to a system table (users, table_config) reports its failures in the result.
  const errors = (result as { errors?: unknown; first_error?: unknown } | null) ?? {};
  if (typeof errors.errors === 'number' && errors.errors > 0) {
    const text = step.serverText === 'withheld' ? 'message withheld' : String(errors.first_error ?? '');
    throw new DdlFailedError(step.what, `the server reported ${errors.errors} error(s): ${text}`);
  }
  return 'done';
}

async function onFailure<T>(env: DdlEnv, step: DdlStep<T>, e: unknown): Promise<DdlOutcome> {
  const failure = classifyDdlError(e);
  const text = step.serverText === 'withheld' ? 'the server refused it (message withheld)' : dbErrorText(e);
  // A secret-bearing query's error must not travel on as a cause (its message quotes the query).
  const cause = step.serverText === 'withheld' ? undefined : e;
  switch (failure.kind) {
    case 'exists':
      if (step.onExists === 'skip' && (await step.verify())) {
        env.log.info('ddl_skipped_exists', { what: step.what });
        return 'existed';
      }
      throw step.existsError?.() ?? new SchemaObjectExistsError(step.what.replace(/^create /, ''));
    case 'not-enough-servers': {
      const servers = await env.servers().catch(() => [] as string[]);
      throw new NotEnoughServersError(step.replicas ?? failure.replicas ?? servers.length + 1, servers);
    }
    case 'indeterminate':
      return reread(env, step, text);
    case 'permission':
      throw new DatabasePermissionError(step.what, text);
    default:
      throw new DdlFailedError(step.what, text, cause);
  }
}

async function reread<T>(env: DdlEnv, step: DdlStep<T>, problem: string): Promise<DdlOutcome> {
  env.log.warn('ddl_indeterminate', { what: step.what, problem });
  await pollUntil(async () => (env.db.connected ? ready(true) : notYet('reconnecting')), {
    what: `the database connection to come back after "${step.what}"`,
    timeoutMs: RECONNECT_WAIT_MS,
    intervalMs: 200,
  });
  if (await step.verify()) {
    env.log.info('ddl_done_after_reread', { what: step.what });
    return 'done-after-reread';
  }
  throw new DdlIndeterminateError(step.what, problem);
}
