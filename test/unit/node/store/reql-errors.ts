/**
 * Errors exactly as rethinkdb-ts 3 builds them (its own RethinkDBError class, same names, types
 * and messages), with the server messages seen on RethinkDB 2.4.4 and reqlite 2.3.
 */
import { RethinkDBErrorType } from 'rethinkdb-ts';
import { RethinkDBError } from 'rethinkdb-ts/lib/error/error.js';
import { ErrorType } from 'rethinkdb-ts/lib/proto/enums.js';

/** A runtime error answered by the server (ReqlOpFailedError, ReqlPermissionError, ...). */
export const serverError = (msg: string, responseErrorType: ErrorType): RethinkDBError =>
  new RethinkDBError(msg, { responseErrorType });

export const reql = {
  tableExists: () => serverError('Table `bigchain.votes` already exists.', ErrorType.OP_FAILED),
  dbExists: () => serverError('Database `bigchain` already exists.', ErrorType.OP_FAILED),
  /** reqlite answers without an error type: ReqlUnknownError. */
  reqliteIndexExists: () => new RethinkDBError('Index `outputs` already exists on table `bigchain.bigchain`'),
  tooManyReplicas: () =>
    serverError(
      "Can't put 3 replicas on servers with the tag `default` because there are only 1 servers with the tag `default`. It's impossible to have more replicas of the data than there are servers.",
      ErrorType.OP_FAILED,
    ),
  indeterminate: () =>
    serverError(
      'Cannot perform write: The primary replica lost contact with the secondary replicas.',
      ErrorType.OP_INDETERMINATE,
    ),
  closedConnection: () =>
    new RethinkDBError('The connection was closed before the query could be completed', {
      type: RethinkDBErrorType.CONNECTION,
    }),
  runOnClosed: () =>
    new RethinkDBError('`run` was called with a closed connection after:', {
      type: RethinkDBErrorType.CONNECTION,
    }),
  permission: () =>
    serverError('User `node_a` does not have the required `config` permission.', ErrorType.PERMISSION_ERROR),
  /** The handshake's answer to a wrong password: error_code 12 makes it a ReqlAuthError. */
  wrongPassword: () => new RethinkDBError('Wrong password', { errorCode: 12 }),
  dbMissing: () => serverError('Database `nope` does not exist.', ErrorType.OP_FAILED),
  reset: () => Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' }),
};
