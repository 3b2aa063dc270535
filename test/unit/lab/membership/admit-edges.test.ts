import { access, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CommandFailedError } from '../../../../src/shared/errors.js';
import { readNodeConfig } from '../../../../src/lab/material/node-config.js';
import { fakeFederation, type World } from './fake-federation.js';

const exists = (p: string) =>
  access(p).then(
    () => true,
    () => false,
  );

describe('fedlab admit: engines and failures (fakes)', () => {
  let stateDir: string;
  let world: World | undefined;
  beforeEach(async () => {
    stateDir = await mkdtemp(join(tmpdir(), 'fedlab-admit-edges-'));
  });
  afterEach(async () => {
    await world?.close();
    await rm(stateDir, { recursive: true, force: true });
  });

  it('reqlite: no server, users or replicas; the node uses the shared server through a founder host name', async () => {
    world = await fakeFederation(stateDir, { engine: 'reqlite' });
    await world.lab.up(world.federation);
    const result = await world.lab.admit('m1', 'delta', {
      federation: world.federation,
      apiPort: world.spare[0]!,
    });
    expect(result.outcome).toBe('approved');
    expect(result.replicas).toBeUndefined();
    expect(world.compose.calls).toContain('up fedlab-m1-delta bigchaindb-delta');
    expect(world.compose.calls.some((c) => /rethinkdb-delta|set-replicas|create-user/.test(c))).toBe(false);
    expect((await readNodeConfig(world.paths.nodeConfig('delta'))).database?.host).toBe('rethinkdb-alpha');
    expect(result.notes).toContain('reqlite: one shared server, no cluster to join, no replicas, no users');
  });

  it('a member whose ballot cannot be signed is silent; the rule still decides', async () => {
    world = await fakeFederation(stateDir);
    await world.lab.up(world.federation);
    world.compose.failFor = (service, args) =>
      service === 'bigchaindb-gamma' && args.includes('ballot')
        ? new CommandFailedError(['docker', 'compose', 'run'], 1, 'no such network')
        : undefined;
    const result = await world.lab.admit('m1', 'delta', {
      federation: world.federation,
      apiPort: world.spare[0]!,
    });
    expect(result.outcome).toBe('approved');
    expect(result.votes.find((v) => v.operator === 'gamma')).toMatchObject({
      vote: 'none',
      problem: expect.stringMatching(/no such network/),
    });
    expect(result.tally.silent).toHaveLength(1);
  });

  it('a change the node refuses is MEMBERSHIP_CHANGE_REFUSED and leaves no candidate material', async () => {
    world = await fakeFederation(stateDir);
    await world.lab.up(world.federation);
    const before = await readFile(world.paths.nodeConfig('alpha'), 'utf8');
    world.compose.failFor = (_service, args) =>
      args.includes('commit')
        ? new CommandFailedError(['bigchaindb'], 1, 'membership change refused: the new key did not sign')
        : undefined;
    await expect(
      world.lab.admit('m1', 'delta', { federation: world.federation, apiPort: world.spare[0]! }),
    ).rejects.toMatchObject({
      code: 'MEMBERSHIP_CHANGE_REFUSED',
      message: expect.stringMatching(/refused the membership change for "delta": .*the new key did not sign/),
    });
    expect(await exists(world.paths.operatorDir('delta'))).toBe(false);
    expect(await readFile(world.paths.nodeConfig('alpha'), 'utf8')).toBe(before);
  });
});
