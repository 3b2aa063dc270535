import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { capturedIo } from '../../../support/captured-io.js';
import { buildProgram } from '../../../../src/lab/cli/program.js';
import { fakeFederation, type World } from './fake-federation.js';

describe('fedlab admit / remove / rotate-key (CLI over the fake federation)', () => {
  let stateDir: string;
  let world: World;
  let file: string;
  const { io, out } = capturedIo();
  const fedlab = (...args: string[]) =>
    buildProgram(io, () => world.lab).parseAsync(['node', 'fedlab', '-f', file, ...args]);
  beforeEach(async () => {
    stateDir = await mkdtemp(join(tmpdir(), 'fedlab-membership-cli-'));
    world = await fakeFederation(stateDir);
    file = join(stateDir, 'federation.yaml');
    await writeFile(file, stringify(world.federation));
    await world.lab.up(world.federation);
    out.length = 0;
  });
  afterEach(async () => {
    await world.close();
    await rm(stateDir, { recursive: true, force: true });
  });

  it('admit --reject-by prints who voted how and that nothing changed', async () => {
    await fedlab('admit', 'delta', '--reject-by', 'beta,gamma', '--api-port', String(world.spare[0]));
    expect(out[0]).toMatch(
      /^admit delta \(federation m1\): REJECTED under majority \(1 yes, 2 no, 0 silent of 3\)$/,
    );
    expect(
      out
        .slice(1, 4)
        .map((l) => l.trim().split(/\s+/).slice(0, 2).join(' '))
        .sort(),
    ).toEqual(['alpha yes', 'beta no', 'gamma no']);
    expect(out).toContainEqual(expect.stringMatching(/^epoch 0 /));
    expect(out).toContainEqual("not admitted: delta's material was removed; nothing else changed");
  });

  it('rotate-key --json prints the result; remove takes --name', async () => {
    await fedlab('rotate-key', 'gamma', '--json');
    const result = JSON.parse(out.join('\n')) as { outcome: string; epoch: number; change: string };
    expect(result).toMatchObject({ outcome: 'approved', epoch: 1, change: 'rotate-key' });
    out.length = 0;
    await fedlab('remove', 'gamma', '--name', 'm1');
    expect(out[0]).toMatch(/^remove gamma \(federation m1\): APPROVED under majority/);
    expect(out).toContainEqual(expect.stringMatching(/^tables: 2 replicas each$/));
  });
});
