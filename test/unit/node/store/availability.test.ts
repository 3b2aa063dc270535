// Which database errors are an outage (503 with Retry-After), with RethinkDB 2.4.4's own texts.
import { RethinkDBErrorType } from 'rethinkdb-ts';
import { RethinkDBError } from 'rethinkdb-ts/lib/error/error.js';
import { ErrorType } from 'rethinkdb-ts/lib/proto/enums.js';
import { unavailabilityOf } from '../../../../src/node/store/availability.js';
import { isTransientDbError, ReconnectingError } from '../../../../src/node/store/retry.js';
import { reql, serverError } from './reql-errors.js';

const SHARD = '["", +inf)';
const failed = (msg: string) => serverError(msg, ErrorType.OP_FAILED);

describe('unavailabilityOf', () => {
  test.each([
    [`Cannot perform write: primary replica for shard ${SHARD} not available`, 'primary-changing'],
    [`Cannot perform read: primary replica for shard ${SHARD} not available`, 'primary-changing'],
    ['Cannot perform write: too many primary replicas available', 'primary-changing'],
    [
      "Cannot perform write: The primary replica isn't connected to a quorum of replicas. The write was not performed.",
      'primary-changing',
    ],
    ['Cannot perform read: no replica is available', 'primary-changing'],
    [
      'Cannot perform write: The primary replica is currently changing from one replica to another. The write was not performed. This error should go away in a couple of seconds.',
      'primary-changing',
    ],
  ])('ReqlOpFailedError "%s": %s', (msg, kind) => {
    const e = failed(msg);
    expect(unavailabilityOf(e)).toEqual({ kind, problem: msg.replace(/\.$/, '') });
    expect(isTransientDbError(e)).toBe(true); // and the store retries it first
  });

  test('a write that lost its primary is indeterminate (it may have happened)', () => {
    const lost = serverError(
      'Cannot perform write: lost contact with primary replica',
      ErrorType.OP_INDETERMINATE,
    );
    expect(unavailabilityOf(lost)?.kind).toBe('write-indeterminate');
    expect(unavailabilityOf(reql.indeterminate())).toEqual({
      kind: 'write-indeterminate',
      problem: 'Cannot perform write: The primary replica lost contact with the secondary replicas',
    });
  });

  test('no connection: reconnecting, closed by the server, reset, refused', () => {
    expect(unavailabilityOf(new ReconnectingError('db:28015'))).toEqual({
      kind: 'disconnected',
      problem: 'not connected to db:28015 (reconnecting)',
    });
    expect(unavailabilityOf(reql.closedConnection())?.kind).toBe('disconnected');
    expect(unavailabilityOf(reql.runOnClosed())?.kind).toBe('disconnected');
    expect(unavailabilityOf(reql.reset())).toEqual({ kind: 'disconnected', problem: 'read ECONNRESET' });
    const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1'), { code: 'ECONNREFUSED' });
    expect(unavailabilityOf(refused)?.kind).toBe('disconnected');
    const timeout = new RethinkDBError('Query timed out', { type: RethinkDBErrorType.TIMEOUT });
    expect(unavailabilityOf(timeout)?.kind).toBe('no-answer');
  });

  test('the server words wrapped in a plain error mean the same', () => {
    expect(unavailabilityOf(new Error(`primary replica for shard ${SHARD} not available`))?.kind).toBe(
      'primary-changing',
    );
  });

  test('not an outage: a missing table or database, permissions, content, bugs (500 or 4xx)', () => {
    for (const e of [
      failed('Table `bigchain.nope` does not exist.'),
      reql.dbMissing(),
      reql.tableExists(),
      reql.tooManyReplicas(),
      reql.permission(),
      reql.wrongPassword(),
      serverError('Nesting depth limit exceeded', ErrorType.RESOURCE_LIMIT),
      new TypeError('x is undefined'),
      Object.assign(new Error('odd'), { code: 'ERR_SOMETHING' }),
      'a string',
      null,
    ])
      expect(unavailabilityOf(e)).toBeNull();
  });
});
