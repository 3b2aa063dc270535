import { chmod, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ComposeCli } from '../../../../src/lab/docker/compose-runner.js';

describe("compose run: input goes to the one-off command's stdin", () => {
  let dir: string;
  const path = process.env.PATH;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'fedlab-compose-input-'));
    // A stand-in `docker` that copies its stdin to a file.
    await writeFile(join(dir, 'docker'), '#!/bin/sh\ncat > "$FEDLAB_TEST_OUT/stdin"\necho ok\n');
    await chmod(join(dir, 'docker'), 0o755);
    process.env.PATH = `${dir}:${path}`;
    process.env.FEDLAB_TEST_OUT = dir;
  });
  afterAll(async () => {
    process.env.PATH = path;
    delete process.env.FEDLAB_TEST_OUT;
    await rm(dir, { recursive: true, force: true });
  });

  it('writes the input and closes stdin', async () => {
    const big = JSON.stringify({ rows: Array.from({ length: 20_000 }, (_, i) => `row-${i}`) });
    const project = { name: 'fedlab-x-alpha', file: join(dir, 'compose.yaml') };
    const result = await new ComposeCli().run(project, 'bigchaindb-alpha', ['import', '-'], { input: big });
    expect(result.stdout.trim()).toBe('ok');
    expect(await readFile(join(dir, 'stdin'), 'utf8')).toBe(big);
  });

  it('without input, stdin is empty (ignored)', async () => {
    const project = { name: 'fedlab-x-alpha', file: join(dir, 'compose.yaml') };
    await new ComposeCli().run(project, 'bigchaindb-alpha', ['export']);
    expect(await readFile(join(dir, 'stdin'), 'utf8')).toBe('');
  });
});
