import { access, mkdtemp, readdir, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readNodeConfig } from '../../../../src/lab/material/node-config.js';
import { fakeFederation, type World } from './fake-federation.js';

const exists = (p: string) =>
  access(p).then(
    () => true,
    () => false,
  );

describe('fedlab admit (fakes for Docker, compose, the node CLI and the node APIs)', () => {
  let stateDir: string;
  let world: World;
  beforeEach(async () => {
    stateDir = await mkdtemp(join(tmpdir(), 'fedlab-admit-'));
    world = await fakeFederation(stateDir);
    await world.lab.up(world.federation);
  });
  afterEach(async () => {
    await world.close();
    await rm(stateDir, { recursive: true, force: true });
  });

  it('up wrote epoch 0 with every founder (init --admission, BIGCHAINDB_GENESIS_MEMBERS)', () => {
    const genesis = world.table.current();
    expect(genesis.epoch).toBe(0);
    expect(genesis.rule).toBe('majority');
    expect(genesis.federation).toBe('m1');
    expect(genesis.members.map((m) => m.operator).sort()).toEqual(['alpha', 'beta', 'gamma']);
  });

  it('approved: votes by every member, files rewritten, server joined, replicas, node started and voting', async () => {
    const { lab, compose, table, paths } = world;
    const result = await lab.admit('m1', 'delta', { federation: world.federation, apiPort: world.spare[0]! });
    expect(result.outcome).toBe('approved');
    expect(result.votes.map((v) => [v.operator, v.vote])).toEqual(
      expect.arrayContaining([
        ['alpha', 'yes'],
        ['beta', 'yes'],
        ['gamma', 'yes'],
      ]),
    );
    expect(result.epoch).toBe(1);
    expect(result.members.map((m) => m.operator).sort()).toEqual(['alpha', 'beta', 'delta', 'gamma']);
    expect(table.current().epoch).toBe(1);
    expect(result.replicas).toBe(3);
    expect(table.replicas).toEqual([3]);
    const delta = await readNodeConfig(paths.nodeConfig('delta'));
    expect((await stat(paths.nodeConfig('delta'))).mode & 0o777).toBe(0o600);
    for (const op of ['alpha', 'beta', 'gamma']) {
      expect((await readNodeConfig(paths.nodeConfig(op))).keyring).toContain(delta.keypair.public);
      expect(await readFile(paths.rethinkdbConf(op), 'utf8')).toMatch(/^join=rethinkdb-delta:29015$/m);
    }
    expect(delta.keyring).toHaveLength(3);
    expect(await readFile(paths.rethinkdbConf('delta'), 'utf8')).toMatch(/^join=rethinkdb-alpha:29015$/m);
    expect(await exists(paths.publicBundle('delta'))).toBe(true);
    expect(compose.calls).toEqual(
      expect.arrayContaining(['up fedlab-m1-delta rethinkdb-delta', 'up fedlab-m1-delta bigchaindb-delta']),
    );
    const creates = compose.calls.filter((c) => / create-user fedlab_delta$/.test(c));
    expect(creates).toHaveLength(1);
    expect(result.notes.join('\n')).toMatch(/delta voted on block/);
    const roster = JSON.parse(await readFile(join(paths.root, 'roster.json'), 'utf8')) as {
      operators: { name: string }[];
    };
    expect(roster.operators.map((o) => o.name)).toEqual(['alpha', 'beta', 'gamma', 'delta']);
    // The candidate's possession was signed by its own node image; each ballot in its member's container.
    expect(world.docker.runs.some((r) => r.args.includes('sign-possession'))).toBe(true);
    const ballots = table.inputs
      .filter((i) => i.args[1] === 'ballot')
      .map((i) => i.service)
      .sort();
    expect(ballots).toEqual(['bigchaindb-alpha', 'bigchaindb-beta', 'bigchaindb-gamma']);
    // Later changes need no federation file: roster.json says who the members are.
    const again = await lab.remove('m1', 'delta');
    expect(again.outcome).toBe('approved');
  });

  it('rejected: the tally says who voted no, the candidate material is gone, nothing else changed', async () => {
    const { lab, compose, table, paths } = world;
    const before = await snapshot(paths.root);
    const callsBefore = compose.calls.length;
    const result = await lab.admit('m1', 'delta', {
      federation: world.federation,
      apiPort: world.spare[0]!,
      rejectBy: ['beta', 'gamma'],
    });
    expect(result.outcome).toBe('rejected');
    expect(result.votes.find((v) => v.operator === 'beta')?.vote).toBe('no');
    expect(result.votes.find((v) => v.operator === 'alpha')?.vote).toBe('yes');
    expect(result.epoch).toBe(0);
    expect(table.current().epoch).toBe(0);
    expect(await exists(paths.operatorDir('delta'))).toBe(false);
    expect(await snapshot(paths.root)).toEqual(before);
    const after = compose.calls.slice(callsBefore);
    expect(after.filter((c) => c.startsWith('up ') || c.startsWith('down '))).toEqual([]);
    expect(after.some((c) => /set-replicas|create-user/.test(c))).toBe(false);
  });

  it('clear errors: an existing member, an unknown voter, a federation that is not running', async () => {
    const { lab } = world;
    await expect(lab.admit('m1', 'beta', { federation: world.federation })).rejects.toMatchObject({
      code: 'OPERATOR_ALREADY_MEMBER',
      message: expect.stringMatching(/"beta" is already a member of federation "m1"/),
    });
    await expect(
      lab.admit('m1', 'delta', { federation: world.federation, rejectBy: ['omega'] }),
    ).rejects.toMatchObject({
      code: 'OPERATOR_UNKNOWN',
      message: expect.stringMatching(/no operator "omega"/),
    });
    await expect(lab.admit('nope', 'delta')).rejects.toMatchObject({ code: 'FEDERATION_NOT_FOUND' });
    await expect(lab.admit('m1', 'Delta!', { federation: world.federation })).rejects.toMatchObject({
      code: 'MEMBERSHIP_USAGE',
    });
    await expect(lab.admit('m1', 'delta')).rejects.toMatchObject({ code: 'ROSTER_UNKNOWN' });
    const taken = world.federation.operators[0]!.apiPort;
    await expect(
      lab.admit('m1', 'delta', { federation: world.federation, apiPort: taken }),
    ).rejects.toMatchObject({ code: 'PORT_CONFLICT' });
    world.table.rows = [];
    await expect(lab.admit('m1', 'delta', { federation: world.federation })).rejects.toMatchObject({
      code: 'MEMBERSHIP_NOT_RECORDED',
      message: expect.stringMatching(/fedlab down --volumes, then fedlab up$/),
    });
    expect(await exists(world.paths.operatorDir('delta'))).toBe(false);
  });
});

/** Every file under `dir` with its content (what a rejection must leave as it was). */
async function snapshot(dir: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const entry of await readdir(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const file = join(entry.parentPath, entry.name);
    out[file] = await readFile(file, 'utf8');
  }
  return out;
}
