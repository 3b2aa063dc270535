/** One reqlite process on a free loopback port: the database of the bench's reqlite engine. */
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { performance } from 'node:perf_hooks';

export interface ReqliteServer {
  host: string;
  port: number;
  /** From spawn to "Server ready". */
  bringUpMs: number;
  stop(): void;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

// reqlite's launcher mis-handles --driver-port and binds every interface: start its Server
// class directly, on loopback only.
const REQLITE_SCRIPT = `
const net = require('net');
const listen = net.Server.prototype.listen;
net.Server.prototype.listen = function (port, cb) { return listen.call(this, port, '127.0.0.1', cb); };
new (require(process.env.REQLITE_MAIN))({ 'driver-port': Number(process.env.REQLITE_PORT) });
`;

export async function startReqlite(timeoutMs = 15_000): Promise<ReqliteServer> {
  const started = performance.now();
  const port = await freePort();
  const main = createRequire(import.meta.url).resolve('reqlite');
  const child = spawn(process.execPath, ['-e', REQLITE_SCRIPT], {
    env: { ...process.env, REQLITE_MAIN: main, REQLITE_PORT: String(port) },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  const stop = (): void => {
    child.kill('SIGTERM');
  };
  try {
    await new Promise<void>((resolve, reject) => {
      let text = '';
      const timer = setTimeout(
        () => reject(new Error(`reqlite did not start in ${timeoutMs} ms`)),
        timeoutMs,
      );
      child.stderr?.on('data', (chunk: Buffer) => {
        text += chunk.toString();
        if (text.includes('Server ready')) {
          clearTimeout(timer);
          resolve();
        }
      });
      child.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`reqlite exited (${String(code)}) before it was ready: ${text.slice(-500)}`));
      });
    });
  } catch (e) {
    stop();
    throw e;
  }
  return { host: '127.0.0.1', port, bringUpMs: performance.now() - started, stop };
}
