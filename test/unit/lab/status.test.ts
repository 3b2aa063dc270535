import { renderStatus } from '../../../src/lab/status/render.js';
import { countsOf } from '../../../src/lab/status/health-counts.js';
import type { FederationStatus } from '../../../src/lab/status/types.js';
import { keyringProblem } from '../../../src/lab/up/wait-ready.js';

const key = (c: string) => c.repeat(44);
const bundles = ['alpha', 'beta', 'gamma'].map((operator, i) => ({
  operator,
  rethinkdbHost: `rethinkdb-${operator}`,
  nodeApiUrl: `http://bigchaindb-${operator}:9984`,
  publicKey: key('ABC'[i]!),
}));

describe('keyring agreement', () => {
  it('accepts the member list minus itself, in any order', () => {
    expect(keyringProblem(bundles[0]!, bundles, { publicKey: key('A'), keyring: [key('C'), key('B')] })).toBe(
      '',
    );
  });
  it('names what is missing, unexpected, or a wrong identity', () => {
    expect(keyringProblem(bundles[0]!, bundles, { publicKey: key('A'), keyring: [key('A'), key('B')] })).toBe(
      "alpha's keyring lacks gamma, has unexpected alpha",
    );
    expect(keyringProblem(bundles[1]!, bundles, { publicKey: key('A'), keyring: [] })).toMatch(
      /beta reports public key A+, expected B+/,
    );
  });
});

describe('health counts', () => {
  it('reads numbers at the top level, in a counts object or as {count}', () => {
    expect(countsOf({ blocks: 3, votes: { count: 9 }, counts: { backlog: 1 } })).toEqual({
      blocks: 3,
      votes: 9,
      backlog: 1,
    });
    expect(countsOf({ healthy: true })).toEqual({});
  });
});

describe('status table', () => {
  const status: FederationStatus = {
    name: 'f1',
    engine: 'reqlite',
    engineNote: 'engine reqlite: ONE shared in-memory reqlite server ...',
    database: {
      containers: [{ name: 'db', role: 'shared-database', state: 'running', status: 'Up' }],
      servers: ['reqlite (shared)'],
    },
    operators: [
      {
        name: 'alpha',
        containers: [{ name: 'n', role: 'node', state: 'running', status: 'Up' }],
        apiUrl: 'http://127.0.0.1:9984',
        health: 'healthy',
        problems: [],
        keyringAgrees: true,
        blocks: 4,
        votes: 12,
        backlog: 0,
      },
      {
        name: 'beta',
        containers: [{ name: 'n', role: 'node', state: 'exited', status: 'Exited (1)' }],
        health: 'not running',
        problems: ['node container is not running'],
      },
    ],
    allHealthy: false,
    keyringsAgree: false,
  };

  it('shows engine, database, one row per operator and the problems', () => {
    const text = renderStatus(status);
    expect(text).toContain('engine reqlite: ONE shared');
    expect(text).toContain('database: 1/1 containers running; servers reqlite (shared)');
    expect(text).toMatch(/OPERATOR\s+CONTAINERS\s+NODE\s+KEYRING\s+BLOCKS\s+VOTES\s+BACKLOG\s+API/);
    expect(text).toMatch(/alpha\s+1\/1 running\s+healthy\s+agrees\s+4\s+12\s+0\s+http:\/\/127\.0\.0\.1:9984/);
    expect(text).toMatch(/beta\s+0\/1 running\s+not running\s+\?\s+-\s+-\s+-\s+-/);
    expect(text).toContain('  beta: node container is not running');
    expect(text).toContain('1/2 operators healthy; keyrings do NOT all agree');
  });
});
