import { isRethinkDBError } from 'rethinkdb-ts';
import { StoreUnavailableError } from '../../../../src/node/store/errors.js';
import { classifyDdlError, dbErrorText, isAuthError } from '../../../../src/node/store/ddl-classify.js';
import { ReconnectingError } from '../../../../src/node/store/retry.js';
import { reql } from './reql-errors.js';

describe('classifyDdlError', () => {
  test('the fakes are the driver’s own errors, with its names', () => {
    expect(isRethinkDBError(reql.tableExists())).toBe(true);
    expect(reql.tableExists().name).toBe('ReqlOpFailedError');
    expect(reql.reqliteIndexExists().name).toBe('ReqlUnknownError');
    expect(reql.indeterminate().name).toBe('ReqlOpIndeterminateError');
    expect(reql.closedConnection().name).toBe('ReqlDriverError');
    expect(reql.permission().name).toBe('ReqlPermissionError');
    expect(reql.wrongPassword().name).toBe('ReqlAuthError');
  });

  test('"already exists" on RethinkDB and on reqlite', () => {
    for (const e of [reql.tableExists(), reql.dbExists(), reql.reqliteIndexExists()]) {
      expect(classifyDdlError(e)).toEqual({ kind: 'exists' });
    }
  });

  test('too few servers for the replicas, with the counts', () => {
    expect(classifyDdlError(reql.tooManyReplicas())).toEqual({
      kind: 'not-enough-servers',
      replicas: 3,
      servers: 1,
    });
  });

  test('a lost connection or an indeterminate answer is indeterminate (re-read, never re-run)', () => {
    for (const e of [
      reql.indeterminate(),
      reql.closedConnection(),
      reql.runOnClosed(),
      reql.reset(),
      new ReconnectingError('db:28015'),
    ]) {
      expect(classifyDdlError(e)).toEqual({ kind: 'indeterminate' });
    }
  });

  test('permission, auth and anything else', () => {
    expect(classifyDdlError(reql.permission())).toEqual({ kind: 'permission' });
    expect(classifyDdlError(reql.wrongPassword())).toEqual({ kind: 'auth' });
    expect(classifyDdlError(reql.dbMissing())).toEqual({ kind: 'other' });
    expect(classifyDdlError(new Error('boom'))).toEqual({ kind: 'other' });
  });

  test('dbErrorText is the server’s message, without the query backtrace', () => {
    expect(dbErrorText(reql.tableExists())).toBe('Table `bigchain.votes` already exists');
    expect(dbErrorText(new Error('plain'))).toBe('plain');
  });

  test('isAuthError looks through the causes (StoreUnavailableError wraps the driver error)', () => {
    expect(isAuthError(new StoreUnavailableError('db:28015', 'cannot connect', reql.wrongPassword()))).toBe(
      true,
    );
    expect(isAuthError(new StoreUnavailableError('db:28015', 'cannot connect', reql.reset()))).toBe(false);
  });
});
