import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PlainProgress } from '../../../src/lab/progress/progress.js';
import { capturedIo } from '../../support/captured-io.js';
import { buildProgram } from '../../../src/lab/cli/program.js';
import { parseFederationFile } from '../../../src/lab/federation-file/parse.js';

describe('plain progress', () => {
  it('prints a line per step start and end with its time, and notes', async () => {
    const lines: string[] = [];
    const progress = new PlainProgress((l) => lines.push(l));
    await progress.step('first', async () => 1);
    progress.note('engine reqlite');
    await expect(
      progress.step('second', async () => Promise.reject(new Error('boom\nmore'))),
    ).rejects.toThrow('boom');
    expect(lines[0]).toBe('- first ...');
    expect(lines[1]).toMatch(/^ok first \(\d+ ms\)$/);
    expect(lines[2]).toBe('  engine reqlite');
    expect(lines[4]).toMatch(/^FAILED second \(\d+ ms\): boom$/);
    expect(progress.timings.map((t) => [t.title, t.ok])).toEqual([
      ['first', true],
      ['second', false],
    ]);
  });
});

describe('fedlab CLI', () => {
  let dir: string;
  const { io, out } = capturedIo();
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'fedlab-cli-'));
    out.length = 0;
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  it('init writes a valid commented example and refuses to overwrite it', async () => {
    const file = join(dir, 'federation.yaml');
    await buildProgram(io).parseAsync(['node', 'fedlab', '-f', file, 'init', '--name', 'lab9']);
    const text = await readFile(file, 'utf8');
    expect(text).toMatch(/# How are federation-level decisions/);
    expect(parseFederationFile(text).name).toBe('lab9');
    await expect(buildProgram(io).parseAsync(['node', 'fedlab', '-f', file, 'init'])).rejects.toMatchObject({
      code: 'FILE_EXISTS',
    });
  });

  it('commands that need the file say how to create it', async () => {
    await expect(
      buildProgram(io).parseAsync(['node', 'fedlab', '-f', join(dir, 'missing.yaml'), 'down']),
    ).rejects.toThrow(/fedlab init/);
  });
});
