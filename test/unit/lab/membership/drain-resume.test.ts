// Issue 16 in the lab (fakes): a departing key's node keeps running until no undecided block
// names it; a step that fails after the commit says what was committed and what remains, and
// the same command again finishes the remaining steps instead of failing with "not a member".
import { access, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CommandFailedError } from '../../../../src/shared/errors.js';
import { journalFile } from '../../../../src/lab/membership/journal.js';
import { readNodeConfig } from '../../../../src/lab/material/node-config.js';
import { fakeFederation, type World } from './fake-federation.js';

const exists = (p: string) =>
  access(p).then(
    () => true,
    () => false,
  );

describe('draining a departing key, and finishing a committed change (fakes)', () => {
  let stateDir: string;
  let world: World;
  beforeEach(async () => {
    stateDir = await mkdtemp(join(tmpdir(), 'fedlab-drain-'));
    world = await fakeFederation(stateDir);
    await world.lab.up(world.federation);
  });
  afterEach(async () => {
    await world.close();
    await rm(stateDir, { recursive: true, force: true });
  });

  const keyOf = async (op: string) => (await readNodeConfig(world.paths.nodeConfig(op))).keypair.public!;
  const callIndex = (pattern: RegExp) => world.compose.calls.findIndex((c) => pattern.test(c));
  const lastIndex = (pattern: RegExp) =>
    world.compose.calls.length - 1 - [...world.compose.calls].reverse().findIndex((c) => pattern.test(c));

  it("remove: gamma's containers stop only once no undecided block names its key", async () => {
    const gamma = await keyOf('gamma');
    let asked = 0;
    world.table.pending = (voter) =>
      voter === gamma && ++asked <= 2 ? [{ id: 'b'.repeat(64), voters: [gamma], silent: [gamma] }] : [];
    const result = await world.lab.remove('m1', 'gamma', { federation: world.federation });
    expect(result.outcome).toBe('approved');
    expect(asked).toBe(3);
    expect(lastIndex(/ membership pending --json --voter /)).toBeLessThan(
      callIndex(/^down fedlab-m1-gamma$/),
    );
    expect(await exists(journalFile(world.paths))).toBe(false);
  });

  it('remove: a drain that never ends fails naming the committed epoch and what remains; run again, it finishes', async () => {
    const gamma = await keyOf('gamma');
    world.table.pending = (voter) =>
      voter === gamma ? [{ id: 'b'.repeat(64), voters: [gamma], silent: [gamma] }] : [];
    const failed = world.lab.remove('m1', 'gamma', { federation: world.federation });
    await expect(failed).rejects.toMatchObject({ code: 'MEMBERSHIP_INCOMPLETE' });
    const message = ((await failed.catch((e: unknown) => e)) as Error).message;
    expect(message).toMatch(
      /^epoch 1 is committed \(remove gamma; members: alpha, beta\), but "wait until no undecided block names gamma's key/,
    );
    expect(message).toMatch(/undecided block\(s\) name gamma's key; waiting for the votes of gamma/);
    expect(message).toMatch(
      /Not done yet: .*stop and remove gamma's containers.*set every table to 2 replicas.*rewrite the remaining keyrings.*probe/,
    );
    expect(message).toMatch(/run `fedlab remove gamma` again/);
    expect(world.compose.calls).not.toContain('down fedlab-m1-gamma');
    expect(world.table.current().epoch).toBe(1);

    // Any other change waits for this one.
    await expect(world.lab.rotateKey('m1', 'beta', { federation: world.federation })).rejects.toMatchObject({
      code: 'MEMBERSHIP_UNFINISHED',
      message: expect.stringMatching(/finish it first: fedlab remove gamma/),
    });

    world.table.pending = () => [];
    const ballots = world.table.inputs.filter((i) => i.args[1] === 'ballot').length;
    const result = await world.lab.remove('m1', 'gamma', { federation: world.federation });
    expect(result).toMatchObject({ outcome: 'approved', epoch: 1, replicas: 2 });
    expect(result.members.map((m) => m.operator).sort()).toEqual(['alpha', 'beta']);
    expect(result.votes.map((v) => v.vote)).toEqual(['yes', 'yes', 'yes']);
    expect(world.table.inputs.filter((i) => i.args[1] === 'ballot')).toHaveLength(ballots); // no new vote
    expect(world.compose.calls).toContain('down fedlab-m1-gamma');
    expect(result.notes.join('\n')).toMatch(/VALID on alpha, beta/);
    expect(await exists(journalFile(world.paths))).toBe(false);
    expect((await world.lab.status('m1')).membership).toMatchObject({ epoch: 1, agree: true });
  });

  it('rotate-key: the old key drains before the config takes the new one; a failed drain resumes', async () => {
    const old = await keyOf('beta');
    world.table.pending = (voter) =>
      voter === old ? [{ id: 'c'.repeat(64), voters: [old], silent: [old] }] : [];
    await expect(world.lab.rotateKey('m1', 'beta', { federation: world.federation })).rejects.toMatchObject({
      code: 'MEMBERSHIP_INCOMPLETE',
      message: expect.stringMatching(/^epoch 1 is committed \(rotate-key beta; .*names beta's old key/),
    });
    expect(await keyOf('beta')).toBe(old); // still voting with the old key
    expect(world.docker.calls).not.toContain('restart node-beta');

    world.table.pending = () => [];
    const result = await world.lab.rotateKey('m1', 'beta', { federation: world.federation });
    expect(result).toMatchObject({ outcome: 'approved', epoch: 1 });
    const fresh = await keyOf('beta');
    expect(fresh).not.toBe(old);
    expect(world.table.current().members.find((m) => m.operator === 'beta')?.publicKey).toBe(fresh);
    expect(world.docker.calls).toContain('restart node-beta');
    expect(await exists(join(world.paths.operatorDir('beta'), 'rotation'))).toBe(false);
  });

  it('admit: a step failing after the commit is reported; run again, it finishes without a new vote or new keys', async () => {
    let failures = 1;
    world.compose.failFor = (_service, args) =>
      args.includes('create-user') && failures-- > 0
        ? new CommandFailedError(['bigchaindb', 'create-user'], 1, 'cluster not ready')
        : undefined;
    const options = { federation: world.federation, apiPort: world.spare[0]! };
    await expect(world.lab.admit('m1', 'delta', options)).rejects.toMatchObject({
      code: 'MEMBERSHIP_INCOMPLETE',
      message: expect.stringMatching(
        /^epoch 1 is committed \(admit delta; members: .*delta.*\), but "create delta's database user" failed/,
      ),
    });
    const key = await keyOf('delta');
    const result = await world.lab.admit('m1', 'delta', options);
    expect(result).toMatchObject({ outcome: 'approved', epoch: 1 });
    expect(await keyOf('delta')).toBe(key);
    expect(world.table.rows).toHaveLength(2);
    expect(result.notes.join('\n')).toMatch(/delta voted on block/);
  });
});
