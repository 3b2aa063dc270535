// Issue 16 in the lab: every node config pins the federation's membership root (epoch 0 as
// founded), an admitted member's too; the commit runs as the database admin (node users may only
// read the membership table), its password passed to compose by variable name only.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readNodeConfig } from '../../../../src/lab/material/node-config.js';
import { configSchema } from '../../../../src/protocol/node-config.js';
import { pinnedGenesisOf } from '../../../../src/node/pipeline/membership-root.js';
import { fakeFederation, type World } from './fake-federation.js';

describe('the membership root and the admin commit (fakes)', () => {
  let stateDir: string;
  let world: World;
  afterEach(async () => {
    await world.close();
    await rm(stateDir, { recursive: true, force: true });
  });
  const rootIdIn = async (file: string): Promise<string | undefined> =>
    pinnedGenesisOf(configSchema.parse(await readNodeConfig(file)))?.id;

  it('up pins epoch 0 in every founder config; an admitted member gets the same root; commit runs as admin', async () => {
    stateDir = await mkdtemp(join(tmpdir(), 'fedlab-root-'));
    world = await fakeFederation(stateDir);
    await world.lab.up(world.federation);
    const { lab, compose, table, paths } = world;
    const genesisId = table.rows[0]!.id;
    for (const op of ['alpha', 'beta', 'gamma']) expect(await rootIdIn(paths.nodeConfig(op))).toBe(genesisId);
    const result = await lab.admit('m1', 'delta', { federation: world.federation, apiPort: world.spare[0]! });
    expect(result.outcome).toBe('approved');
    expect(await rootIdIn(paths.nodeConfig('delta'))).toBe(genesisId);
    const commits = compose.runs.filter((r) => r.args.includes('commit'));
    expect(commits).toHaveLength(1);
    const password = (await readFile(paths.adminPassword('alpha'), 'utf8')).trim();
    expect(commits[0]!.env).toMatchObject({
      BIGCHAINDB_DATABASE_USER: 'admin',
      BIGCHAINDB_DATABASE_PASSWORD: password,
    });
    expect(commits[0]!.args.join(' ')).not.toContain(password);
    // Ballots are signed by each member's own node with its own config (no admin needed).
    const ballots = compose.runs.filter((r) => r.args.includes('ballot'));
    expect(ballots.every((r) => r.env.BIGCHAINDB_DATABASE_PASSWORD === undefined)).toBe(true);
  });

  it('reqlite: the commit runs with the node config (no users there); configs are pinned all the same', async () => {
    stateDir = await mkdtemp(join(tmpdir(), 'fedlab-root-'));
    world = await fakeFederation(stateDir, { engine: 'reqlite' });
    await world.lab.up(world.federation);
    const { lab, compose, table, paths } = world;
    expect(await rootIdIn(paths.nodeConfig('beta'))).toBe(table.rows[0]!.id);
    await lab.admit('m1', 'delta', { federation: world.federation, apiPort: world.spare[0]! });
    const commit = compose.runs.find((r) => r.args.includes('commit'))!;
    expect(commit.env.BIGCHAINDB_DATABASE_USER).toBeUndefined();
  });
});
