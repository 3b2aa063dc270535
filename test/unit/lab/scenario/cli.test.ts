import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { capturedIo } from '../../../support/captured-io.js';
import { buildProgram } from '../../../../src/lab/cli/program.js';
import { createLab } from '../../../../src/lab/lab.js';
import { FakeDocker } from '../../../support/lab-fakes.js';

describe('fedlab scenario', () => {
  let dir: string;
  const { io, out } = capturedIo();
  const program = () => buildProgram(io, () => createLab({ docker: new FakeDocker(), stateDir: dir }));
  const argv = (...args: string[]) => ['node', 'fedlab', ...args];
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'fedlab-scenario-cli-'));
    out.length = 0;
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  it('--list names each built-in with its description and the engines it is limited to', async () => {
    await program().parseAsync(argv('scenario', '--list'));
    expect(out.map((l) => l.split(' ')[0])).toEqual([
      'admission',
      'backup-restore',
      'database-server-loss',
      'membership-under-load',
      'node-crash',
      'node-pause',
      'partition',
      'removal',
      'rotate-key',
      'stale',
    ]);
    expect(out.find((l) => l.startsWith('partition'))).toMatch(/cut gamma off .* \[rethinkdb only\]$/);
  });

  it('refuses an unknown name, a bad file and a federation that is not running, saying what to do', async () => {
    await expect(program().parseAsync(argv('scenario', 'nope'))).rejects.toMatchObject({
      code: 'SCENARIO_UNKNOWN',
    });
    const bad = join(dir, 'bad.yaml');
    await writeFile(bad, 'name: bad\nsteps:\n  - wait: soon\n');
    await expect(program().parseAsync(argv('scenario', bad))).rejects.toMatchObject({
      code: 'CONFIG_INVALID',
      problems: [`steps.0.wait: must be a duration like "500ms", "5s" or "2m" (${bad}:3)`],
    });
    const good = join(dir, 'good.yaml');
    await writeFile(good, 'name: good\nsteps: [{ wait: 1ms }]\n');
    await expect(program().parseAsync(argv('scenario', good, '--federation', 'nope'))).rejects.toMatchObject({
      code: 'FEDERATION_NOT_FOUND',
    });
    await expect(program().parseAsync(argv('scenario'))).rejects.toMatchObject({ code: 'SCENARIO_MISSING' });
    await expect(
      program().parseAsync(argv('scenario', good, '--federation', 'demo', '--engine', 'reqlite')),
    ).rejects.toMatchObject({ code: 'SCENARIO_USAGE', message: expect.stringMatching(/leave --engine out/) });
  });
});
