/**
 * The lab's database bring-up on a real three-server RethinkDB 2.4.4 cluster, as the node's CLI
 * does it: set-admin-password and init --wait-servers 3 --shards 1 --replicas 3 in one go, then
 * cluster-status shows three servers and every table with three replicas acknowledging writes on
 * a majority; a partial schema is completed the same way (init --users --keep-existing --json, as
 * the lab's `up` runs it); with one server gone, writes still succeed.
 */
import Docker from 'dockerode';
import { r } from 'rethinkdb-ts';
import type { ClusterStatus } from '../../../src/node/store/index.js';
import { notYet, pollUntil, ready } from '../../../src/shared/poll.js';
import { namedSteps } from '../../support/named-steps.js';
import {
  startRethinkdbCluster,
  type RethinkCluster,
  type RethinkServer,
} from '../../support/rethinkdb-container.js';
import { InProcessCli } from './cli-in-process.js';

const ADMIN_PW = 'cluster-admin-pw-5d1c';
let cluster: RethinkCluster;
const first = (): RethinkServer => cluster.servers[0] as RethinkServer;
const cli = new InProcessCli(() => ({
  BIGCHAINDB_DATABASE_HOST: first().host,
  BIGCHAINDB_DATABASE_PORT: String(first().port),
  BIGCHAINDB_DATABASE_PASSWORD: ADMIN_PW,
}));
const { step, failed } = namedSteps();

beforeAll(async () => {
  cluster = await startRethinkdbCluster('cluster', 3);
  await cli.setup();
});
afterAll(async () => {
  if (failed() || process.env.FEDLAB_TEST_LOGS) {
    const logs = await Promise.all(
      cluster?.servers.map(async (s) => `--- ${s.serverName}\n${await s.logs()}`) ?? [],
    );
    process.stderr.write(`${cli.transcript.join('\n')}\n${logs.join('\n')}\n`);
  }
  await cluster?.stop();
  await cli.teardown();
});

async function status(): Promise<ClusterStatus> {
  const run = await cli.run(['cluster-status', '--json']);
  expect(run.code).toBe(0);
  return JSON.parse(run.out.join('\n')) as ClusterStatus;
}

describe('a three-server RethinkDB 2.4.4 cluster', () => {
  step(
    'set-admin-password --wait-servers 3, then init --wait-servers 3 --shards 1 --replicas 3',
    async () => {
      expect((await cli.run(['configure', '-y'])).code).toBe(0);
      expect(await cli.run(['set-admin-password', '--wait-servers', '3'])).toMatchObject({
        code: 0,
        out: ['admin password set'],
      });
      const started = Date.now();
      const init = await cli.run([
        'init',
        '--wait-servers',
        '3',
        '--shards',
        '1',
        '--replicas',
        '3',
        '--timeout',
        '120',
      ]);
      process.stderr.write(`[rethinkdb x3] init --shards 1 --replicas 3 took ${Date.now() - started} ms\n`);
      expect(init.code).toBe(0);
      expect(init.err.at(-1)).toMatch(/with 1 shard\(s\) x 3 replica\(s\), write_acks majority/);
    },
  );

  step('cluster-status: three servers, every table 3 replicas, write_acks majority, ready', async () => {
    const s = await status();
    expect(s.servers).toEqual(cluster.servers.map((x) => x.serverName).sort());
    expect(s.adminPasswordSet).toBe(true);
    expect(s.database).toMatchObject({ exists: true, ready: true, missing: [], notReady: [] });
    for (const t of s.database.tables)
      expect(t).toMatchObject({ ready: true, shards: 1, replicas: 3, writeAcks: 'majority' });
  });

  step(
    'a partial schema (one table with 1 replica): init --replicas 3 --users --keep-existing --json completes it, every table 3 replicas',
    async () => {
      const conn = await r.connect({
        host: first().host,
        port: first().port,
        password: ADMIN_PW,
        silent: true,
      });
      try {
        await r.dbCreate('partial').run(conn);
        await r.db('partial').tableCreate('votes', { replicas: 1 }).run(conn);
      } finally {
        await conn.close();
      }
      const env = { BIGCHAINDB_DATABASE_NAME: 'partial', BIGCHAINDB_USER_PASSWORD_NODE_P: 'node-p-pw-81c2' };
      const args = [
        'init',
        '--wait-servers',
        '3',
        '--shards',
        '1',
        '--replicas',
        '3',
        '--keep-existing',
        '--json',
      ];
      const init = await cli.run([...args, '--users', 'node_p'], env);
      expect(init.code).toBe(0);
      const report = JSON.parse(init.out.join('\n')) as { database: string; status: ClusterStatus };
      expect(report.database).toBe('created');
      expect(report.status.database).toMatchObject({ name: 'partial', ready: true, missing: [] });
      for (const t of report.status.database.tables)
        expect(t).toMatchObject({ ready: true, shards: 1, replicas: 3, writeAcks: 'majority' });
      expect(init.err).toContainEqual(expect.stringMatching(/^user node_p: read\+write on partial/));
      expect(init.all).not.toContain('node-p-pw-81c2');
      const again = await cli.run(args, env);
      expect(again.code).toBe(0);
      expect(JSON.parse(again.out.join('\n'))).toMatchObject({ database: 'existed' });
    },
  );

  step('--wait-servers 4 of 3: fails after --timeout naming the servers it saw', async () => {
    const run = await cli.run(['cluster-status', '--wait-servers', '4', '--timeout', '3']);
    expect(run.code).toBe(1);
    const names = cluster.servers.map((x) => x.serverName).sort();
    expect(run.err.at(-1)).toBe(
      `error: only 3 of 4 RethinkDB servers were seen after 3 s (seen: ${names.join(', ')}); ` +
        "check that the other servers run and that their join= lines name this server's host",
    );
  });

  step('with one of three servers gone, a majority-acknowledged write still succeeds', async () => {
    const gone = cluster.servers[2] as RethinkServer;
    await new Docker().getContainer(gone.containerName).kill();
    const conn = await r.connect({
      host: first().host,
      port: first().port,
      password: ADMIN_PW,
      silent: true,
    });
    try {
      await pollUntil(
        async () => {
          const res = await r
            .db('bigchain')
            .table('assets')
            .insert({ id: 'after-loss', data: 1, text: '1' }, { conflict: 'replace' })
            .run(conn);
          return res.errors === 0 ? ready(true) : notYet(res.first_error ?? 'write error');
        },
        { what: 'a write with one server gone', timeoutMs: 30_000, intervalMs: 500 },
      );
      expect(await r.db('bigchain').table('assets').get('after-loss').run(conn)).toMatchObject({ data: 1 });
    } finally {
      await conn.close();
    }
    expect((await status()).servers).toHaveLength(2);
  });
});
