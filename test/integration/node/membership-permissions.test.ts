/**
 * Issue 16 on a real RethinkDB 2.4.4 server: the membership table is written only by the
 * governance path. A node's database user (create-user) reads it but its writes are refused with
 * a permission error (a table-level grant overrides the database-level read/write), while
 * `membership commit` as admin records an approved epoch. The table is keyed by record id, so an
 * unapproved row does not hold an epoch against the approved record written after it; a table
 * made before issue 16 (keyed by epoch) is migrated by `init`, and create-user grants the new
 * table again.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { r } from 'rethinkdb-ts';
import {
  proposalFor,
  signBallot,
  signPossession,
  type MembershipRecord,
  type Proposal,
} from '../../../src/protocol/membership/index.js';
import { generateKeypair, type Keypair } from '../../../src/shared/crypto/index.js';
import { namedSteps } from '../../support/named-steps.js';
import { startRethinkdb, type RethinkServer } from '../../support/rethinkdb-container.js';
import { InProcessCli } from './cli-in-process.js';

const ADMIN_PW = 'admin-pw-5d1c07';
const USER_PW = 'node-a-pw-93ab6e';
let server: RethinkServer;
const cli = new InProcessCli(() => ({
  BIGCHAINDB_DATABASE_HOST: server.host,
  BIGCHAINDB_DATABASE_PORT: String(server.port),
}));
const { step, failed } = namedSteps();
const asAdmin = { BIGCHAINDB_DATABASE_USER: 'admin', BIGCHAINDB_DATABASE_PASSWORD: ADMIN_PW };
const asNode = { BIGCHAINDB_DATABASE_USER: 'node-a', BIGCHAINDB_DATABASE_PASSWORD: USER_PW };
let pinned: Record<string, string> = {};
/** Keys of members admitted here (not nodes): they sign their ballots in the test. */
const admitted: Keypair[] = [];
let lastCandidate: Keypair | undefined;

beforeAll(async () => {
  server = await startRethinkdb('membership-perms');
  await cli.setup();
});
afterAll(async () => {
  if (failed() || process.env.FEDLAB_TEST_LOGS)
    process.stderr.write(`${cli.transcript.join('\n')}\nrethinkdb:\n${await server?.logs()}\n`);
  await server?.stop();
  await cli.teardown();
});

const connectAs = (user: string, password: string) =>
  r.connect({ host: server.host, port: server.port, user, password, silent: true, timeout: 5 });

interface Show {
  current: { epoch: number } | null;
  epochs: MembershipRecord[];
  ignored: { reason: string }[];
  root: { source: string; id: string | null };
}
async function show(env: Record<string, string>): Promise<Show> {
  const run = await cli.run(['membership', 'show', '--json'], { ...pinned, ...env });
  expect(run.code).toBe(0);
  return JSON.parse(run.out.join('\n')) as Show;
}

/**
 * An admit proposal on top of `current` with the candidate's possession, this node's yes (from
 * its CLI) and the yes of every member admitted before (the candidate's key is kept in
 * `lastCandidate` for the step that sees it committed).
 */
async function admission(current: MembershipRecord, operator: string) {
  const candidate = generateKeypair();
  const change = { kind: 'admit' as const, operator, publicKey: candidate.publicKey };
  const draft = proposalFor(current, change);
  const proposal: Proposal = {
    ...draft,
    change: { ...change, possession: signPossession(draft, candidate) },
  };
  const ballot = await cli.run(['membership', 'ballot', '--approve'], {
    ...pinned,
    BIGCHAINDB_INPUT_JSON: JSON.stringify(proposal),
  });
  expect(ballot.code).toBe(0);
  const others = admitted.map((k) => signBallot(proposal, true, k));
  lastCandidate = candidate;
  return JSON.stringify({ proposal, ballots: [JSON.parse(ballot.out.join('\n')), ...others] });
}

const commit = (input: string, env: Record<string, string>) =>
  cli.run(['membership', 'commit'], { ...pinned, ...env, BIGCHAINDB_INPUT_JSON: input });

describe('the membership table on a real RethinkDB 2.4.4 server (issue 16)', () => {
  step('configure; admin password; init with a pinned root; create-user node-a', async () => {
    expect((await cli.run(['configure', '-y'])).code).toBe(0);
    const config = JSON.parse(await readFile(join(cli.dir, '.bigchaindb'), 'utf8')) as {
      keypair: { public: string };
    };
    pinned = {
      BIGCHAINDB_MEMBERSHIP_FEDERATION: 'perms',
      BIGCHAINDB_MEMBERSHIP_ADMISSION: 'majority',
      BIGCHAINDB_MEMBERSHIP_GENESIS_MEMBERS: JSON.stringify({ alpha: config.keypair.public }),
    };
    const pw = await cli.run(['set-admin-password', '--wait-servers', '1', '--timeout', '30'], {
      BIGCHAINDB_DATABASE_PASSWORD: ADMIN_PW,
    });
    expect(pw.code).toBe(0);
    expect((await cli.run(['init', '--timeout', '60'], { ...pinned, ...asAdmin })).code).toBe(0);
    const user = await cli.run(['create-user', 'node-a'], {
      ...asAdmin,
      BIGCHAINDB_USER_PASSWORD_NODE_A: USER_PW,
    });
    expect(user.out).toEqual([
      'user node-a: read+write on bigchain, read (no write) on bigchain.membership, read on rethinkdb',
    ]);
    const view = await show(asNode);
    expect(view.current?.epoch).toBe(0);
    expect(view.root).toEqual({ source: 'pinned', id: view.epochs[0]!.id });
    expect(view.epochs[0]!.federation).toBe('perms');
  });

  step(
    'node-a reads the membership table; its writes there are refused; other tables it writes',
    async () => {
      const conn = await connectAs('node-a', USER_PW);
      try {
        const table = r.db('bigchain').table('membership');
        expect(await table.count().run(conn)).toBe(1);
        const forged = { id: 'f'.repeat(64), epoch: 0, federation: 'perms', members: [] };
        await expect(table.insert(forged).run(conn)).rejects.toMatchObject({
          name: 'ReqlPermissionError',
          msg: 'User `node-a` does not have the required `write` permission.',
        });
        await expect(table.delete().run(conn)).rejects.toMatchObject({ name: 'ReqlPermissionError' });
        await r.db('bigchain').table('heartbeats').insert({ id: 'node-a', at: r.now() }).run(conn);
        expect(await r.db('bigchain').table('heartbeats').count().run(conn)).toBe(1);
      } finally {
        await conn.close();
      }
    },
  );

  step(
    'membership commit as node-a is refused with the permission error; as admin it records epoch 1',
    async () => {
      const input = await admission((await show(asNode)).epochs[0]!, 'beta');
      const refused = await commit(input, asNode);
      expect(refused.code).toBe(1);
      expect(refused.err.join('\n')).toMatch(/permission/i);
      expect((await show(asNode)).current?.epoch).toBe(0);
      const done = await commit(input, asAdmin);
      expect(done.code).toBe(0);
      expect(JSON.parse(done.out.join('\n'))).toMatchObject({
        tally: { outcome: 'approved' },
        record: { epoch: 1 },
      });
      expect((await show(asNode)).current?.epoch).toBe(1);
      admitted.push(lastCandidate!);
      // A second approved change for epoch 1 is refused.
      const late = await commit(await admission((await show(asNode)).epochs[0]!, 'gamma'), asAdmin);
      expect(late.code).toBe(1);
      expect(late.err.join('\n')).toMatch(/already became epoch 1/);
    },
  );

  step(
    'an unapproved row at epoch 2 does not block the approved epoch-2 record written after it',
    async () => {
      const current = (await show(asNode)).epochs[1]!;
      const input = await admission(current, 'gamma');
      const approvedId = (JSON.parse(input) as { proposal: Proposal }).proposal;
      const admin = await connectAs('admin', ADMIN_PW);
      try {
        // A squatter with the very id the approved record will have, and no ballots.
        const probe = await commit(input, asAdmin); // computes and writes it
        const record = (JSON.parse(probe.out.join('\n')) as { record: MembershipRecord }).record;
        await r.db('bigchain').table('membership').get(record.id).delete().run(admin);
        await r
          .db('bigchain')
          .table('membership')
          .insert({ ...record, ballots: [] })
          .run(admin);
        const other = { ...record, id: 'a'.repeat(64), ballots: [] };
        await r.db('bigchain').table('membership').insert(other).run(admin);
        expect((await show(asNode)).current?.epoch).toBe(1);
        expect(approvedId.epoch).toBe(2);
        const again = await commit(input, asAdmin);
        expect(again.code).toBe(0);
        const view = await show(asNode);
        expect(view.current?.epoch).toBe(2);
        expect(view.epochs[2]!.ballots).toHaveLength(2); // alpha's and beta's yes
        expect(view.ignored.map((i) => i.reason).join('\n')).toMatch(/its id does not match its content/);
      } finally {
        await admin.close();
      }
    },
  );

  step(
    'init migrates a table keyed by epoch (before issue 16); create-user grants the new table',
    async () => {
      const admin = await connectAs('admin', ADMIN_PW);
      try {
        const db = r.db('bigchain');
        const rows = (await db.table('membership').orderBy('epoch').run(admin)) as MembershipRecord[];
        const chain = rows.filter((row) => row.id !== 'a'.repeat(64));
        await db.tableDrop('membership').run(admin);
        await db.tableCreate('membership', { primaryKey: 'epoch' }).run(admin);
        await db.table('membership').wait().run(admin);
        await db.table('membership').insert(chain).run(admin);
        expect(await db.table('membership').info()('primary_key').run(admin)).toBe('epoch');
        const init = await cli.run(['init', '--timeout', '60'], { ...pinned, ...asAdmin });
        expect(init.code).toBe(0);
        expect(await db.table('membership').info()('primary_key').run(admin)).toBe('id');
        expect(await db.tableList().run(admin)).not.toContain('membership_epoch_keyed');
        expect(await db.table('membership').count().run(admin)).toBe(chain.length);
      } finally {
        await admin.close();
      }
      expect((await show(asNode)).current?.epoch).toBe(2);
      const user = await cli.run(['create-user', 'node-a'], {
        ...asAdmin,
        BIGCHAINDB_USER_PASSWORD_NODE_A: USER_PW,
      });
      expect(user.code).toBe(0);
      const conn = await connectAs('node-a', USER_PW);
      try {
        await expect(
          r
            .db('bigchain')
            .table('membership')
            .insert({ id: 'b'.repeat(64), epoch: 3 })
            .run(conn),
        ).rejects.toMatchObject({ name: 'ReqlPermissionError' });
      } finally {
        await conn.close();
      }
    },
  );
});
