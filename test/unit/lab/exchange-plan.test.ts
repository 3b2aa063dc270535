import { planExchange } from '../../../src/lab/exchange/plan.js';
import type { PublicBundle } from '../../../src/lab/exchange/public-bundle.js';
import { ExchangeError } from '../../../src/lab/errors.js';

const bundle = (operator: string, publicKey: string): PublicBundle => ({
  operator,
  rethinkdbHost: `rethinkdb-${operator}`,
  nodeApiUrl: `http://bigchaindb-${operator}:9984`,
  publicKey,
});
const A = bundle('alpha', 'AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA');
const B = bundle('beta', 'BBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBB');
const C = bundle('gamma', 'CCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCC');

describe('exchange plan', () => {
  it('gives each operator the join lines and keys of every other member, never its own', () => {
    expect(planExchange([A, B, C])).toEqual([
      {
        operator: 'alpha',
        joins: ['rethinkdb-beta:29015', 'rethinkdb-gamma:29015'],
        keyring: [B.publicKey, C.publicKey],
      },
      {
        operator: 'beta',
        joins: ['rethinkdb-alpha:29015', 'rethinkdb-gamma:29015'],
        keyring: [A.publicKey, C.publicKey],
      },
      {
        operator: 'gamma',
        joins: ['rethinkdb-alpha:29015', 'rethinkdb-beta:29015'],
        keyring: [A.publicKey, B.publicKey],
      },
    ]);
  });

  it('gives a lone operator nothing to join and an empty keyring', () => {
    expect(planExchange([A])).toEqual([{ operator: 'alpha', joins: [], keyring: [] }]);
  });

  it('refuses two members with the same key, name or host', () => {
    expect(() => planExchange([A, { ...B, publicKey: A.publicKey }])).toThrow(ExchangeError);
    expect(() => planExchange([A, { ...B, publicKey: A.publicKey }])).toThrow(
      /"alpha" and "beta" share the same public key/,
    );
    expect(() => planExchange([A, { ...A, publicKey: B.publicKey }])).toThrow(/same operator/);
    expect(() => planExchange([A, { ...B, rethinkdbHost: A.rethinkdbHost }])).toThrow(
      /same RethinkDB host name/,
    );
  });

  it('is pure: the same bundles give the same plan', () => {
    expect(planExchange([C, A, B])).toEqual(planExchange([C, A, B]));
  });
});
