import { chmod, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inspect } from 'node:util';
import { ComposeCli, runArgs } from '../../../src/lab/docker/compose-runner.js';
import { CommandFailedError } from '../../../src/shared/errors.js';

describe('compose run: environment passed by name only', () => {
  it('puts -e NAME (never a value) before the service', () => {
    expect(runArgs('bigchaindb-alpha', ['-c', '/data/.bigchaindb', 'init'], ['A_B', 'PASS'])).toEqual([
      'run',
      '--rm',
      '--no-deps',
      '-T',
      '-e',
      'A_B',
      '-e',
      'PASS',
      'bigchaindb-alpha',
      '-c',
      '/data/.bigchaindb',
      'init',
    ]);
  });

  it('refuses a "name" that would carry a value or an option', () => {
    expect(() => runArgs('s', [], ['PASSWORD=hunter2'])).toThrow(/not an environment variable name/);
    expect(() => runArgs('s', [], ['--privileged'])).toThrow(/not an environment variable name/);
  });

  describe('through the real ComposeCli, with a stand-in `docker` program', () => {
    let dir: string;
    const path = process.env.PATH;
    beforeAll(async () => {
      dir = await mkdtemp(join(tmpdir(), 'fedlab-compose-cli-'));
      // Records its argv, the two variables it was given (one per line) and its stdin; exits 3 on "fail".
      await writeFile(
        join(dir, 'docker'),
        '#!/bin/sh\nprintf "%s\\n" "$@" > "$FEDLAB_TEST_OUT/argv"\ncat > "$FEDLAB_TEST_OUT/stdin"\n' +
          'printf "%s\\n%s\\n" "$SECRET_ONE" "$SECRET_TWO" > "$FEDLAB_TEST_OUT/env"\n' +
          'case "$*" in *fail*) echo "it failed" >&2; exit 3;; esac\necho ok\n',
      );
      await chmod(join(dir, 'docker'), 0o755);
      process.env.PATH = `${dir}:${path}`;
      process.env.FEDLAB_TEST_OUT = dir;
    });
    afterAll(async () => {
      process.env.PATH = path;
      delete process.env.FEDLAB_TEST_OUT;
      await rm(dir, { recursive: true, force: true });
    });

    const project = () => ({ name: 'fedlab-x-alpha', file: join(dir, 'compose.yaml') });
    const env = { SECRET_ONE: 'pw-one-1234567890', SECRET_TWO: 'pw-two-0987654321' };

    it('gives the values to compose through its environment, not its argv', async () => {
      const result = await new ComposeCli().run(project(), 'bigchaindb-alpha', ['create-user', 'u'], { env });
      expect(result.stdout.trim()).toBe('ok');
      const argv = (await readFile(join(dir, 'argv'), 'utf8')).trim().split('\n');
      expect(argv).toEqual([
        'compose',
        '--project-name',
        'fedlab-x-alpha',
        '--file',
        join(dir, 'compose.yaml'),
        'run',
        '--rm',
        '--no-deps',
        '-T',
        '-e',
        'SECRET_ONE',
        '-e',
        'SECRET_TWO',
        'bigchaindb-alpha',
        'create-user',
        'u',
      ]);
      expect((await readFile(join(dir, 'env'), 'utf8')).trim().split('\n')).toEqual([
        env.SECRET_ONE,
        env.SECRET_TWO,
      ]);
    });

    it('a failure names the command without any value', async () => {
      const error = await new ComposeCli()
        .run(project(), 'bigchaindb-alpha', ['fail'], { env })
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(CommandFailedError);
      const text = JSON.stringify((error as CommandFailedError).toJSON());
      expect(text).toMatch(/-e SECRET_ONE -e SECRET_TWO bigchaindb-alpha fail/);
      expect(text).toMatch(/it failed/);
      // Nor does the error chain a failure bundle writes (execa's result is the cause).
      const chain = inspect(error, { depth: 6 });
      for (const value of Object.values(env)) {
        expect(text).not.toContain(value);
        expect(chain).not.toContain(value);
      }
    });

    it("writes the input to the one-off command's stdin and closes it", async () => {
      const big = JSON.stringify({ rows: Array.from({ length: 20_000 }, (_, i) => `row-${i}`) });
      const result = await new ComposeCli().run(project(), 'bigchaindb-alpha', ['import', '-'], {
        input: big,
      });
      expect(result.stdout.trim()).toBe('ok');
      expect(await readFile(join(dir, 'stdin'), 'utf8')).toBe(big);
    });

    it('without input, stdin is empty (ignored)', async () => {
      await new ComposeCli().run(project(), 'bigchaindb-alpha', ['export']);
      expect(await readFile(join(dir, 'stdin'), 'utf8')).toBe('');
    });
  });
});
