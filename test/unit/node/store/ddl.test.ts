/** runDdl with a fake connection that fails the way rethinkdb-ts fails (reql-errors.ts). */
import { runDdl, type DdlEnv, type DdlStep } from '../../../../src/node/store/ddl.js';
import { DatabaseExistsError } from '../../../../src/node/store/errors.js';
import { silentLogger } from '../../../../src/shared/log.js';
import { reql } from './reql-errors.js';

class FakeConnection {
  runs = 0;
  connected = true;
  constructor(private readonly outcomes: (unknown | Error)[]) {}
  async runOnce<T>(): Promise<T> {
    this.runs += 1;
    const next = this.outcomes.shift();
    if (next instanceof Error) {
      if (/closed/.test(next.message)) {
        // The connection is gone; it comes back a moment later (DbConnection reconnects itself).
        this.connected = false;
        setTimeout(() => (this.connected = true), 300);
      }
      throw next;
    }
    return next as T;
  }
}

function setup(outcomes: (unknown | Error)[], servers = ['rdb_a']): { env: DdlEnv; db: FakeConnection } {
  const db = new FakeConnection(outcomes);
  return { db, env: { db, log: silentLogger, servers: async () => servers } };
}

function step(over: Partial<DdlStep<unknown>> & { verify?: () => Promise<boolean> } = {}): DdlStep<unknown> {
  return {
    what: 'create table bigchain.votes',
    query: { run: async () => undefined },
    verify: async () => true,
    ...over,
  };
}

describe('runDdl: DDL runs once and is never retried blindly', () => {
  test('success', async () => {
    const { env, db } = setup([{ tables_created: 1 }]);
    await expect(runDdl(env, step())).resolves.toBe('done');
    expect(db.runs).toBe(1);
  });

  test('"already exists" fails at once with a typed error', async () => {
    const { env, db } = setup([reql.tableExists()]);
    await expect(runDdl(env, step())).rejects.toMatchObject({
      code: 'SCHEMA_OBJECT_EXISTS',
      message: expect.stringMatching(/^table bigchain\.votes already exists/),
    });
    const other = setup([reql.dbExists()]);
    await expect(
      runDdl(other.env, step({ existsError: () => new DatabaseExistsError('bigchain') })),
    ).rejects.toMatchObject({ code: 'DB_EXISTS' });
    expect(db.runs).toBe(1);
  });

  test('"already exists" while completing a partial schema: re-read, then skip', async () => {
    let reads = 0;
    const { env, db } = setup([reql.reqliteIndexExists()]);
    const verify = async (): Promise<boolean> => (reads += 1) > 0;
    await expect(runDdl(env, step({ onExists: 'skip', verify }))).resolves.toBe('existed');
    expect([db.runs, reads]).toEqual([1, 1]);
  });

  test('too few servers: fails at once naming the replicas and the servers', async () => {
    const { env, db } = setup([reql.tooManyReplicas()], ['rdb_a']);
    await expect(runDdl(env, step({ replicas: 3 }))).rejects.toMatchObject({
      code: 'NOT_ENOUGH_SERVERS',
      message: expect.stringMatching(/cannot keep 3 replicas .* 1 server\(s\) \(rdb_a\).*--wait-servers 3/),
    });
    expect(db.runs).toBe(1);
  });

  test('connection lost mid-DDL: wait for the reconnection, re-read, never re-run', async () => {
    const { env, db } = setup([reql.closedConnection()]);
    let connectedAtRead: boolean | undefined;
    const verify = async (): Promise<boolean> => {
      connectedAtRead = db.connected;
      return true;
    };
    await expect(runDdl(env, step({ verify }))).resolves.toBe('done-after-reread');
    expect(db.runs).toBe(1);
    expect(connectedAtRead).toBe(true);
  });

  test('indeterminate and not there after the re-read: a typed error, still not re-run', async () => {
    const { env, db } = setup([reql.indeterminate()]);
    await expect(runDdl(env, step({ verify: async () => false }))).rejects.toMatchObject({
      code: 'DDL_INDETERMINATE',
      message: expect.stringMatching(/outcome of "create table bigchain\.votes" is unknown/),
    });
    expect(db.runs).toBe(1);
  });

  test('permission and other failures are typed, with the server message', async () => {
    const denied = setup([reql.permission()]);
    await expect(runDdl(denied.env, step())).rejects.toMatchObject({ code: 'DB_PERMISSION' });
    const other = setup([reql.dbMissing()]);
    await expect(runDdl(other.env, step())).rejects.toMatchObject({
      code: 'DDL_FAILED',
      message: '"create table bigchain.votes" failed: Database `nope` does not exist',
    });
  });

  test('a system-table write reporting errors fails; a secret-bearing step never shows the server text', async () => {
    const secret = 'hunter2-secret';
    const failing = setup([{ errors: 1, first_error: `Duplicate primary key: {"password": "${secret}"}` }]);
    const err = await runDdl(
      failing.env,
      step({ what: 'create or update user a', serverText: 'withheld' }),
    ).catch((e: Error) => e);
    expect(err).toMatchObject({ code: 'DDL_FAILED' });
    expect(JSON.stringify(err) + String((err as Error).message)).not.toContain(secret);
    const refused = setup([reql.dbMissing()]);
    const err2 = (await runDdl(refused.env, step({ serverText: 'withheld' })).catch(
      (e: unknown) => e,
    )) as Error;
    expect(err2.message).toMatch(/message withheld/);
    expect(err2.cause).toBeUndefined();
  });
});
