/**
 * Runs reqlite (a RethinkDB wire-protocol server in JavaScript) as a real, separate process on
 * a free loopback port, for integration tests of the ledger store and pipelines.
 *
 * reqlite's launcher has a bug (`--driver-port N` listens on N + 28015) and listens on all
 * interfaces, so we start its Server class from a small inline CommonJS script and force the
 * listen address to 127.0.0.1.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { createRequire } from 'node:module';
import { TimeoutError } from '../../src/shared/errors.js';

export interface ReqliteProcess {
  host: string;
  port: number;
  /** Kill the server and wait for it to exit; idempotent. */
  stop(): Promise<void>;
  /** Everything the server wrote to stderr/stdout (kept for failure reports). */
  output(): string;
}

const SCRIPT = `
const net = require('net');
const listen = net.Server.prototype.listen;
net.Server.prototype.listen = function (port, cb) { return listen.call(this, port, '127.0.0.1', cb); };
const Server = require(process.env.REQLITE_MAIN);
new Server({ 'driver-port': Number(process.env.REQLITE_PORT) });
`;

/** A port that was free a moment ago on 127.0.0.1. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

function reqliteMain(): string {
  return createRequire(import.meta.url).resolve('reqlite');
}

function waitReady(child: ChildProcess, log: { text: string }, timeoutMs: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new TimeoutError('reqlite "Server ready"', timeoutMs, log.text.slice(-500)));
    }, timeoutMs);
    const onData = (chunk: Buffer): void => {
      log.text += chunk.toString();
      if (log.text.includes('Server ready')) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stderr?.on('data', onData);
    child.stdout?.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`reqlite exited with code ${String(code)} before ready: ${log.text.slice(-500)}`));
    });
  });
}

/**
 * Start reqlite on a free loopback port (or on `port`, e.g. to restart a server in place) and
 * wait for its "Server ready" line.
 */
export async function startReqlite(
  options: { port?: number; timeoutMs?: number } = {},
): Promise<ReqliteProcess> {
  const port = options.port ?? (await freePort());
  const timeoutMs = options.timeoutMs ?? 15_000;
  const log = { text: '' };
  const child = spawn(process.execPath, ['-e', SCRIPT], {
    cwd: process.cwd(),
    env: { ...process.env, REQLITE_MAIN: reqliteMain(), REQLITE_PORT: String(port) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  await waitReady(child, log, timeoutMs);
  let exited: Promise<void> | undefined;
  return {
    host: '127.0.0.1',
    port,
    output: () => log.text,
    stop: () => {
      exited ??=
        child.exitCode !== null || child.signalCode !== null
          ? Promise.resolve()
          : new Promise<void>((resolve) => {
              child.once('exit', () => resolve());
              child.kill('SIGTERM');
            });
      return exited;
    },
  };
}
