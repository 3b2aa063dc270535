import { access, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readPublicBundle } from '../../../../src/lab/exchange/public-bundle.js';
import { readNodeConfig } from '../../../../src/lab/material/node-config.js';
import { fakeFederation, type World } from './fake-federation.js';

const exists = (p: string) =>
  access(p).then(
    () => true,
    () => false,
  );

describe('fedlab remove and rotate-key (fakes)', () => {
  let stateDir: string;
  let world: World;
  beforeEach(async () => {
    stateDir = await mkdtemp(join(tmpdir(), 'fedlab-remove-'));
    world = await fakeFederation(stateDir, { admission: 'unanimous' });
    await world.lab.up(world.federation);
  });
  afterEach(async () => {
    await world.close();
    await rm(stateDir, { recursive: true, force: true });
  });

  it('remove, approved: containers down (files kept), replicas set, keyrings and joins lose it, the rest commit', async () => {
    const { lab, compose, table, paths } = world;
    const gamma = await readNodeConfig(paths.nodeConfig('gamma'));
    const result = await lab.remove('m1', 'gamma', { federation: world.federation });
    expect(result.outcome).toBe('approved');
    expect(result.rule).toBe('unanimous');
    expect(result.votes.map((v) => v.vote)).toEqual(['yes', 'yes', 'yes']);
    expect(result.members.map((m) => m.operator).sort()).toEqual(['alpha', 'beta']);
    expect(table.current().change).toMatchObject({
      kind: 'remove',
      operator: 'gamma',
      previousKey: gamma.keypair.public,
    });
    expect(compose.calls).toContain('down fedlab-m1-gamma');
    expect(table.replicas).toEqual([2]);
    for (const op of ['alpha', 'beta']) {
      expect((await readNodeConfig(paths.nodeConfig(op))).keyring).not.toContain(gamma.keypair.public);
      expect(await readFile(paths.rethinkdbConf(op), 'utf8')).not.toMatch(/rethinkdb-gamma/);
    }
    expect(await exists(paths.nodeConfig('gamma'))).toBe(true);
    expect(await exists(paths.publicBundle('gamma'))).toBe(false);
    expect(result.notes.join('\n')).toMatch(/VALID on alpha, beta/);
    const status = await lab.status('m1');
    expect(status.operators.map((o) => o.name)).toEqual(['alpha', 'beta']);
    expect(status.membership).toEqual({ epoch: 1, members: ['alpha', 'beta'], agree: true, problems: [] });
  });

  it('remove, rejected under unanimous by one no: nothing changes', async () => {
    const { lab, compose, table } = world;
    const calls = compose.calls.length;
    const result = await lab.remove('m1', 'gamma', { federation: world.federation, rejectBy: ['gamma'] });
    expect(result.outcome).toBe('rejected');
    expect(result.votes.find((v) => v.operator === 'gamma')?.vote).toBe('no');
    expect(table.current().epoch).toBe(0);
    expect(compose.calls.slice(calls).filter((c) => !/ membership (show|ballot|commit)/.test(c))).toEqual([]);
  });

  it('remove: an unknown operator is a clear error', async () => {
    await expect(world.lab.remove('m1', 'omega', { federation: world.federation })).rejects.toMatchObject({
      code: 'OPERATOR_UNKNOWN',
      message: 'federation "m1" has no operator "omega"; its operators are: alpha, beta, gamma',
    });
  });

  it('rotate-key, approved: a new epoch names the new key, its config and bundle and the keyrings follow, it restarts', async () => {
    const { lab, docker, table, paths } = world;
    const old = (await readNodeConfig(paths.nodeConfig('beta'))).keypair.public;
    const result = await lab.rotateKey('m1', 'beta', { federation: world.federation });
    expect(result.outcome).toBe('approved');
    const fresh = (await readNodeConfig(paths.nodeConfig('beta'))).keypair.public;
    expect(fresh).not.toBe(old);
    expect(table.current().members.find((m) => m.operator === 'beta')?.publicKey).toBe(fresh);
    expect(result.epoch).toBe(1);
    expect((await readPublicBundle(paths.publicBundle('beta'))).publicKey).toBe(fresh);
    for (const op of ['alpha', 'gamma']) {
      const { keyring } = await readNodeConfig(paths.nodeConfig(op));
      expect(keyring).toContain(fresh);
      expect(keyring).not.toContain(old);
    }
    expect(docker.calls).toContain('restart node-beta');
    expect(await exists(join(paths.operatorDir('beta'), 'rotation'))).toBe(false);
    expect(result.notes.join('\n')).toMatch(/beta voted with its new key/);
  });

  it('rotate-key, rejected: the new keypair is deleted, the old key stays everywhere', async () => {
    const { lab, docker, table, paths } = world;
    const before = await readFile(paths.nodeConfig('beta'), 'utf8');
    const result = await lab.rotateKey('m1', 'beta', { federation: world.federation, rejectBy: ['alpha'] });
    expect(result.outcome).toBe('rejected');
    expect(await readFile(paths.nodeConfig('beta'), 'utf8')).toBe(before);
    expect(await exists(join(paths.operatorDir('beta'), 'rotation'))).toBe(false);
    expect(table.current().epoch).toBe(0);
    expect(docker.calls).not.toContain('restart node-beta');
  });
});
