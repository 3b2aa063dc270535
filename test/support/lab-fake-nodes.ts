// Tiny stand-ins for node HTTP APIs on 127.0.0.1, answering what the lab asks during `up`/status.
import { createServer, type Server } from 'node:http';
import { readFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import type { NodeHealth } from '../../src/node/runtime/index.js';
import { healthAnswer, nodeHealth } from './node-health.js';
import { hashApiKey } from '../../src/protocol/index.js';

export interface FakeNodeOptions {
  /** Reads the operator's .bigchaindb at request time (as the real node reads its config). */
  configFile: string;
  /** Transaction ids every fake node knows (one shared "database"). */
  ledger: Set<string>;
  /** Overrides the reported keyring (to simulate a disagreeing node). */
  keyring?: string[];
  /** What its /health reports beyond a healthy node's defaults (built by the node's own code). */
  health?: (publicKey: string) => Partial<NodeHealth>;
  /**
   * Who votes on every block: with it, a known transaction sits in block `blk-<id>` (GET
   * /api/v1/blocks?transaction_id=) and GET /api/v1/votes?block_id= lists these voters.
   */
  voters?: () => Promise<string[]>;
}

export async function freePorts(n: number): Promise<number[]> {
  const servers = await Promise.all(Array.from({ length: n }, () => listen(createServer(), 0)));
  const ports = servers.map((s) => (s.address() as AddressInfo).port);
  await Promise.all(servers.map((s) => new Promise((r) => s.close(r))));
  return ports;
}

function listen(server: Server, port: number): Promise<Server> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve(server));
  });
}

export async function startFakeNode(port: number, options: FakeNodeOptions): Promise<Server> {
  const server = createServer((req, res) => {
    const send = (status: number, body: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    void (async () => {
      if (req.method === 'POST' && url.pathname === '/api/v1/transactions') {
        let body = '';
        for await (const chunk of req) body += chunk;
        options.ledger.add((JSON.parse(body) as { id: string }).id);
        return send(202, {});
      }
      if (url.pathname === '/api/v1/') return send(200, { transactions: '/api/v1/transactions/' });
      if (url.pathname === '/') {
        const config = await readConfig(options.configFile);
        return send(200, {
          software: 'fake',
          public_key: config.keypair.public,
          keyring: options.keyring ?? config.keyring,
        });
      }
      if (url.pathname === '/health') {
        const key = (await readConfig(options.configFile)).keypair.public;
        const answer = await healthAnswer(nodeHealth(key, options.health?.(key)));
        return send(answer.status, answer.body);
      }
      // policy.read "api-key", as the node: the ledger's routes need a listed key's hash.
      if (!(await mayRead(options.configFile, req.headers['x-api-key'])))
        return send(401, { status: 401, message: 'send X-Api-Key: <key>' });
      const id = url.searchParams.get('transaction_id') ?? '';
      if (url.pathname === '/api/v1/statuses')
        return options.ledger.has(id)
          ? send(200, { status: 'valid' })
          : send(404, { status: 404, message: 'not found' });
      if (options.voters && url.pathname === '/api/v1/blocks')
        return send(200, options.ledger.has(id) ? [`blk-${id}`] : []);
      if (options.voters && url.pathname === '/api/v1/votes')
        return send(
          200,
          (await options.voters()).map((k) => ({ node_pubkey: k })),
        );
      return send(404, { status: 404, message: 'no route' });
    })();
  });
  return listen(server, port);
}

async function mayRead(file: string, presented: string | string[] | undefined): Promise<boolean> {
  const config = JSON.parse(await readFile(file, 'utf8')) as {
    policy?: { read?: string };
    api_keys?: { sha256: string }[];
  };
  if (config.policy?.read !== 'api-key') return true;
  return (
    typeof presented === 'string' && (config.api_keys ?? []).some((k) => k.sha256 === hashApiKey(presented))
  );
}

async function readConfig(file: string): Promise<{ keypair: { public: string }; keyring: string[] }> {
  return JSON.parse(await readFile(file, 'utf8')) as { keypair: { public: string }; keyring: string[] };
}
