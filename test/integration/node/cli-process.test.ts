/**
 * The `bigchaindb` command as an operator runs it: real processes (node dist/node/cli/main.js)
 * with BIGCHAINDB_* in the environment, against a real reqlite process on loopback. configure,
 * show-config, export-my-pubkey, init (twice), start -> CREATE (commit) -> SIGTERM -> start again,
 * and the failures an operator meets: an engine limitation, a malformed file, no database.
 */
import driver from 'bigchaindb-driver';
import { execa, type ResultPromise } from 'execa';
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { PROJECT_ROOT } from '../../../src/shared/images.js';
import { notYet, pollUntil, ready } from '../../../src/shared/poll.js';
import { freePort, startReqlite, type ReqliteProcess } from '../../support/reqlite-process.js';
import { namedSteps } from '../../support/named-steps.js';
import { describeCliRun, runCli, type CliRun } from '../../support/cli-run.js';

const CLI = join(PROJECT_ROOT, 'dist', 'node', 'cli', 'main.js');
/** How long a stopping node may take before the test calls it hung. */
const STOP_WITHIN_MS = 5_000;

let db: ReqliteProcess;
let dir: string;
let apiPort: number;
let env: Record<string, string>;
const transcript: string[] = [];
const running = new Set<ResultPromise>();

/** Runs `bigchaindb ...args` to completion; never throws on a non-zero exit. */
async function bigchaindb(
  args: string[],
  extraEnv: Record<string, string> = {},
  timeoutMs = 60_000,
): Promise<CliRun> {
  const run = await runCli(CLI, args, {
    cwd: dir,
    env: { ...env, ...extraEnv },
    extendEnv: false,
    stripFinalNewline: false,
    timeoutMs,
  });
  transcript.push(describeCliRun('bigchaindb', run));
  return run;
}

/** `bigchaindb start` in the background; `stderr()` is what it has logged so far. */
function startNode(extraEnv: Record<string, string> = {}): ResultPromise & { stderrSoFar: () => string } {
  const child = execa(process.execPath, [CLI, 'start'], {
    cwd: dir,
    env: { ...env, ...extraEnv },
    extendEnv: false,
    reject: false,
    stdin: 'ignore',
    forceKillAfterDelay: STOP_WITHIN_MS * 2,
  });
  running.add(child);
  void child.finally(() => running.delete(child));
  let logged = '';
  child.stderr.on('data', (chunk: Buffer) => (logged += chunk.toString()));
  return Object.assign(child, { stderrSoFar: () => logged });
}

const api = (path: string): string => `http://127.0.0.1:${apiPort}${path}`;

/** /health answers 200; fails at once when the process has exited. */
async function waitHealthy(child: ResultPromise, timeoutMs = 60_000): Promise<void> {
  await pollUntil(
    async () => {
      if (child.exitCode !== null) throw new Error(`bigchaindb start exited with ${child.exitCode}`);
      const res = await fetch(api('/health'));
      return res.status === 200 ? ready(undefined) : notYet(`HTTP ${res.status}: ${await res.text()}`);
    },
    { what: `GET ${api('/health')} -> 200`, timeoutMs, isFatal: (e) => /exited with/.test(String(e)) },
  );
}

/** SIGTERM, then the exit, which must come within STOP_WITHIN_MS. */
async function stopNode(
  child: ResultPromise,
): Promise<{ exitCode?: number; signal?: string; stderr: string }> {
  child.kill('SIGTERM');
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`bigchaindb start did not exit within ${STOP_WITHIN_MS} ms of SIGTERM`)),
      STOP_WITHIN_MS,
    );
  });
  try {
    const r = await Promise.race([child, late]);
    transcript.push(`$ bigchaindb start (SIGTERM) -> exit ${String(r.exitCode)}\n${r.stderr}`);
    return { exitCode: r.exitCode, signal: r.signal, stderr: String(r.stderr) };
  } finally {
    clearTimeout(timer);
  }
}

/** The structured log events (JSON lines on stderr) of a run. */
const events = (stderr: string): { event: string; level: string; [k: string]: unknown }[] =>
  stderr
    .split('\n')
    .filter((l) => l.startsWith('{'))
    .map((l) => JSON.parse(l) as { event: string; level: string });

const lastLine = (text: string): string => text.trimEnd().split('\n').at(-1) ?? '';

/** An expected failure: exit 1, a message, never a stack trace. */
function expectCleanFailure(r: CliRun): void {
  expect(r.exitCode).toBe(1);
  expect(r.stderr).not.toMatch(/^\s+at /m);
  expect(r.stderr).not.toMatch(/unexpected error/);
}

const { step, failed } = namedSteps();

beforeAll(async () => {
  db = await startReqlite();
  dir = await mkdtemp(join(tmpdir(), 'fedlab-node-cli-'));
  apiPort = await freePort();
  // Only what an operator would set: no inherited BIGCHAINDB_* variables leak in.
  env = {
    PATH: process.env.PATH ?? '',
    HOME: dir,
    BIGCHAINDB_DATABASE_HOST: db.host,
    BIGCHAINDB_DATABASE_PORT: String(db.port),
    BIGCHAINDB_SERVER_BIND: `127.0.0.1:${apiPort}`,
  };
});

afterAll(async () => {
  for (const child of running) child.kill('SIGKILL');
  await Promise.allSettled([...running]);
  if (failed())
    process.stderr.write(`node CLI failure; runs:\n${transcript.join('\n')}\nreqlite:\n${db?.output()}\n`);
  await db?.stop();
  await rm(dir, { recursive: true, force: true });
});

describe('bigchaindb CLI as a process, on reqlite', () => {
  let publicKey: string;
  let privateKey: string;
  let createId: string;

  step('configure -y writes ~/.bigchaindb, mode 0600, with the BIGCHAINDB_* values', async () => {
    const r = await bigchaindb(['configure', '-y']);
    expect(r.exitCode).toBe(0);
    const file = join(dir, '.bigchaindb');
    expect(r.stderr).toContain(`wrote ${file} (mode 0600)`);
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    const config = JSON.parse(await readFile(file, 'utf8')) as {
      database: { host: string; port: number };
      server: { bind: string };
      keypair: { public: string; private: string };
    };
    expect(config.database).toMatchObject({ host: db.host, port: db.port });
    expect(config.server.bind).toBe(`127.0.0.1:${apiPort}`);
    ({ public: publicKey, private: privateKey } = config.keypair);
    expect(r.stderr).toContain(publicKey);
    expect(r.stderr).not.toContain(privateKey);
  });

  step('show-config prints the effective config with the private key masked', async () => {
    const r = await bigchaindb(['show-config']);
    expect(r.exitCode).toBe(0);
    const shown = JSON.parse(r.stdout) as {
      config_path: string;
      keypair: { public: string; private: string };
    };
    expect(shown.config_path).toBe(join(dir, '.bigchaindb'));
    expect(shown.keypair).toEqual({ public: publicKey, private: '********' });
    expect(r.stdout + r.stderr).not.toContain(privateKey);
  });

  step('export-my-pubkey prints exactly the public key', async () => {
    const r = await bigchaindb(['export-my-pubkey']);
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toBe(`${publicKey}\n`);
  });

  step('init creates the database; init again fails with a clear message', async () => {
    const first = await bigchaindb(['init']);
    expect(first.exitCode).toBe(0);
    expect(lastLine(first.stderr)).toBe(`initialized database "bigchain" on ${db.host}:${db.port}`);
    const again = await bigchaindb(['init']);
    expectCleanFailure(again);
    expect(lastLine(again.stderr)).toBe(
      'error: database "bigchain" already exists; run `bigchaindb drop` first to start over',
    );
  });

  step('start serves the API; a CREATE posted with mode=commit answers 200', async () => {
    const node = startNode();
    await waitHealthy(node);
    const alice = new driver.Ed25519Keypair();
    const tx = driver.Transaction.signTransaction(
      driver.Transaction.makeCreateTransaction(
        { test: 'cli-process', at: Date.now() },
        { via: 'bigchaindb start' },
        [driver.Transaction.makeOutput(driver.Transaction.makeEd25519Condition(alice.publicKey))],
        alice.publicKey,
      ),
      alice.privateKey,
    );
    const res = await fetch(api('/api/v1/transactions?mode=commit'), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(tx),
    });
    expect(res.status).toBe(200);
    expect(((await res.json()) as { id: string }).id).toBe(tx.id);
    createId = tx.id;

    const stopped = await stopNode(node);
    expect(stopped).toMatchObject({ exitCode: 0 });
    const seen = events(stopped.stderr);
    expect(seen).toContainEqual(expect.objectContaining({ event: 'shutdown_requested', signal: 'SIGTERM' }));
    expect(seen.at(-1)).toMatchObject({ event: 'shutdown_complete' });
    expect(seen.filter((e) => e.level === 'error')).toEqual([]);
  });

  step('start again: the transaction is still there', async () => {
    const node = startNode();
    await waitHealthy(node);
    const res = await fetch(api(`/api/v1/transactions/${createId}`));
    expect(res.status).toBe(200);
    expect(((await res.json()) as { id: string }).id).toBe(createId);
    expect(await stopNode(node)).toMatchObject({ exitCode: 0 });
  });

  step('start with its API port taken fails with one line naming the address', async () => {
    const holder = createServer();
    await new Promise<void>((resolve) => holder.listen(apiPort, '127.0.0.1', resolve));
    try {
      const r = await bigchaindb(['start']);
      expectCleanFailure(r);
      expect(lastLine(r.stderr)).toBe(
        `error: cannot listen on 127.0.0.1:${apiPort}: the address is already in use (EADDRINUSE); ` +
          'stop what holds it, or set server.bind (BIGCHAINDB_SERVER_BIND)',
      );
    } finally {
      await new Promise((resolve) => holder.close(resolve));
    }
  });

  step('SIGTERM while start still waits for the database stops it at once', async () => {
    const node = startNode({ BIGCHAINDB_DATABASE_PORT: String(await freePort()) });
    await pollUntil(
      async () =>
        node.stderrSoFar().includes('"event":"db_connect_retry"') ? ready(undefined) : notYet('no retry yet'),
      { what: 'start to log db_connect_retry', timeoutMs: 15_000 },
    );
    const stopped = await stopNode(node);
    expect(stopped).toMatchObject({ exitCode: 0 });
    expect(events(stopped.stderr)).toContainEqual(
      expect.objectContaining({ event: 'shutdown_requested', signal: 'SIGTERM', while: 'starting' }),
    );
  });

  step('set-replicas 3 on reqlite fails naming the engine limitation', async () => {
    const r = await bigchaindb(['set-replicas', '3']);
    expectCleanFailure(r);
    expect(lastLine(r.stderr)).toMatch(
      /^error: reqlite cannot set-replicas \(reconfigure\): .*rethinkdb engine/,
    );
  });

  step('a config file with malformed JSON fails naming the file', async () => {
    const broken = join(dir, 'broken.json');
    await writeFile(broken, '{ "server": { "bind": "127.0.0.1:1" ', { mode: 0o600 });
    for (const command of ['show-config', 'init']) {
      const r = await bigchaindb(['-c', broken, command]);
      expectCleanFailure(r);
      // ConfigError lists its problems one per line under the file name.
      expect(r.stderr.trimEnd()).toMatch(
        new RegExp(
          `^error: ${broken.replace(/[.]/g, '\\.')} is invalid:\\n {2}\\(root\\): not valid JSON \\(.+\\)$`,
        ),
      );
    }
  });

  step('init with the database unreachable fails with a clear message in bounded time', async () => {
    const closed = await freePort(); // nothing listens there
    const r = await bigchaindb(['init'], { BIGCHAINDB_DATABASE_PORT: String(closed) }, 90_000);
    expectCleanFailure(r);
    expect(lastLine(r.stderr)).toMatch(
      new RegExp(
        `^error: database 127\\.0\\.0\\.1:${closed} is unavailable \\(cannot connect: .*ECONNREFUSED`,
      ),
    );
    expect(r.ms).toBeLessThan(45_000);
  });
});
