// NodeApi.postTransaction as a client should be (issue 16): a 503 with Retry-After (the node's
// database is electing a primary) is posted again after that wait; other refusals throw at once.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { NodeApi } from '../../../src/lab/node-api/node-api.js';

let server: Server;
let answers: { status: number; headers?: Record<string, string> }[];
let seen: number;

beforeEach(async () => {
  seen = 0;
  server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      const next = answers[Math.min(seen++, answers.length - 1)]!;
      res.writeHead(next.status, { 'content-type': 'application/json', ...next.headers });
      res.end(JSON.stringify({ status: next.status, message: `answer ${seen}` }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
});
afterEach(() => new Promise<void>((resolve) => server.close(() => resolve())));

const api = () => new NodeApi(`http://127.0.0.1:${(server.address() as AddressInfo).port}`, 2_000);

test('503 with Retry-After: waits that long, posts the same transaction again, resolves on 202', async () => {
  answers = [{ status: 503, headers: { 'retry-after': '1' } }, { status: 202 }];
  const started = Date.now();
  await api().postTransaction({ id: 'x' });
  expect(seen).toBe(2);
  expect(Date.now() - started).toBeGreaterThanOrEqual(950);
});

test.each([
  ['503 without Retry-After', { status: 503 }],
  ['a Retry-After beyond what is waited for', { status: 503, headers: { 'retry-after': '3600' } }],
  ['400', { status: 400 }],
  ['500', { status: 500 }],
])('%s: throws at once with the answer', async (_, answer) => {
  answers = [answer];
  await expect(api().postTransaction({ id: 'x' })).rejects.toThrow(/HTTP \d+: answer 1/);
  expect(seen).toBe(1);
});

test('submitTransaction (the load) never posts again: it records what the node said', async () => {
  answers = [{ status: 503, headers: { 'retry-after': '1' } }, { status: 202 }];
  await expect(api().submitTransaction({ id: 'x' })).resolves.toEqual({
    httpStatus: 503,
    message: 'answer 1',
  });
  expect(seen).toBe(1);
});
