import { generateKeypair } from '../../../../src/shared/crypto/index.js';
import type { PublicBundle } from '../../../../src/lab/exchange/public-bundle.js';
import { membershipStatus } from '../../../../src/lab/status/membership-status.js';
import { renderStatus } from '../../../../src/lab/status/render.js';
import type { FederationStatus, OperatorStatus } from '../../../../src/lab/status/types.js';

const keys = Object.fromEntries(['alpha', 'beta', 'gamma'].map((op) => [op, generateKeypair().publicKey]));
const members = (...ops: string[]) => ops.map((operator) => ({ operator, publicKey: keys[operator]! }));
const bundles = (...ops: string[]) =>
  new Map<string, PublicBundle>(
    ops.map((op) => [
      op,
      { operator: op, rethinkdbHost: `rethinkdb-${op}`, nodeApiUrl: 'http://x:9984', publicKey: keys[op]! },
    ]),
  );
const node = (name: string, epoch: number, ...ops: string[]): OperatorStatus => ({
  name,
  containers: [],
  health: 'healthy',
  problems: [],
  keyringAgrees: true,
  membership: { epoch, members: members(...ops) },
});

describe('status: membership agreement (pure)', () => {
  it('agrees when nodes, bundles, keyrings and cluster servers name the same members', () => {
    const ops = [node('alpha', 1, 'alpha', 'beta'), node('beta', 1, 'beta', 'alpha')];
    expect(membershipStatus(ops, bundles('alpha', 'beta'), 'rethinkdb', ['beta', 'alpha'])).toEqual({
      epoch: 1,
      members: ['alpha', 'beta'],
      agree: true,
      problems: [],
    });
  });

  it('says what disagrees: epochs, bundles, keyrings, database servers', () => {
    const ops = [
      node('alpha', 2, 'alpha', 'beta'),
      { ...node('beta', 1, 'alpha', 'beta', 'gamma'), keyringAgrees: false },
    ];
    const status = membershipStatus(ops, bundles('alpha', 'beta', 'gamma'), 'rethinkdb', [
      'alpha',
      'beta',
      'gamma',
    ]);
    expect(status?.agree).toBe(false);
    expect(status?.problems).toEqual([
      'beta follows epoch 1, alpha epoch 2',
      'the public bundles name alpha, beta, gamma, the epoch alpha, beta',
      'keyrings differ from the members on beta',
      "the cluster's servers are alpha, beta, gamma, the members' alpha, beta",
    ]);
  });

  it('names members by their bundles when the node knows only keys (epoch 0 from its config)', () => {
    const keyed = {
      ...node('alpha', 0),
      membership: { epoch: 0, members: [{ operator: '', publicKey: keys.alpha! }] },
    };
    expect(membershipStatus([keyed], bundles('alpha'), 'reqlite', [])?.members).toEqual(['alpha']);
  });

  it('is absent when no node reports a membership; reqlite has no servers to compare', () => {
    const old = { ...node('alpha', 0, 'alpha'), membership: undefined };
    expect(membershipStatus([old], bundles('alpha'), 'rethinkdb', [])).toBeUndefined();
    expect(membershipStatus([node('alpha', 0, 'alpha')], bundles('alpha'), 'reqlite', [])?.agree).toBe(true);
  });

  it('is one line of the rendered status', () => {
    const status: FederationStatus = {
      name: 'f',
      engine: 'reqlite',
      engineNote: 'reqlite',
      database: { containers: [], servers: [] },
      operators: [node('alpha', 3, 'alpha')],
      allHealthy: true,
      keyringsAgree: true,
      membership: { epoch: 3, members: ['alpha'], agree: true, problems: [] },
    };
    expect(renderStatus(status)).toMatch(
      /^ {2}membership: epoch 3: alpha; keyrings, nodes and database agree$/m,
    );
  });
});
