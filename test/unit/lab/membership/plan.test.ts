import { generateKeypair } from '../../../../src/shared/crypto/index.js';
import type { PublicBundle } from '../../../../src/lab/exchange/public-bundle.js';
import { defineFederation } from '../../../../src/lab/federation-file/parse.js';
import { resolveFederation } from '../../../../src/lab/federation/model.js';
import { planAdmission, planRemoval, planRotation } from '../../../../src/lab/membership/plan.js';
import {
  candidateSpec,
  replicasFor,
  rosterFromFederation,
  federationWithRoster,
  runnerOf,
} from '../../../../src/lab/membership/roster.js';

const federation = (replicas?: number) =>
  resolveFederation(
    defineFederation({
      name: 'p',
      operators: [{ name: 'alpha' }, { name: 'beta' }, { name: 'gamma' }],
      ...(replicas === undefined ? {} : { replicas }),
    }),
  );
const bundleOf = (operator: string): PublicBundle => ({
  operator,
  rethinkdbHost: `rethinkdb-${operator}`,
  nodeApiUrl: `http://bigchaindb-${operator}:9984`,
  publicKey: generateKeypair().publicKey,
});

describe('membership plans (pure)', () => {
  const roster = rosterFromFederation(federation(), 'rethinkdb');
  const bundles = ['alpha', 'beta', 'gamma'].map(bundleOf);

  it('a candidate gets the next position, default host names and the next API port', () => {
    const spec = candidateSpec(roster, 'delta');
    expect(spec).toEqual({
      name: 'delta',
      index: 3,
      rethinkdbHost: 'rethinkdb-delta',
      nodeHost: 'bigchaindb-delta',
      apiPort: 9987,
      project: 'fedlab-p-delta',
    });
    expect(candidateSpec(roster, 'delta', { apiPort: 12000 }).apiPort).toBe(12000);
    expect(() => candidateSpec(roster, 'delta', { apiPort: 9985 })).toThrow(/API port of member "beta"/);
    expect(() => candidateSpec(roster, 'db')).toThrow(/reserved/);
    expect(() => candidateSpec(roster, 'x', { hostnames: { rethinkdb: 'rethinkdb-alpha' } })).toThrow(
      /share a host name with member "alpha"/,
    );
  });

  it('admission: every member gains the candidate in its keyring and join= lines; replicas min(R, members)', () => {
    const delta = bundleOf('delta');
    const plan = planAdmission(roster, bundles, candidateSpec(roster, 'delta'), delta);
    expect(plan.roster.operators.map((o) => o.name)).toEqual(['alpha', 'beta', 'gamma', 'delta']);
    expect(plan.exchange.find((e) => e.operator === 'alpha')?.keyring).toContain(delta.publicKey);
    expect(plan.exchange.find((e) => e.operator === 'delta')?.joins).toEqual([
      'rethinkdb-alpha:29015',
      'rethinkdb-beta:29015',
      'rethinkdb-gamma:29015',
    ]);
    expect(plan.replicas).toBe(3);
    expect(() =>
      planAdmission(roster, bundles, candidateSpec(roster, 'delta'), {
        ...delta,
        publicKey: bundles[0]!.publicKey,
      }),
    ).toThrow(/share the same public key/);
  });

  it('removal: the others lose it; the last member cannot leave', () => {
    const plan = planRemoval(roster, bundles, 'beta');
    expect(plan.roster.operators.map((o) => o.name)).toEqual(['alpha', 'gamma']);
    expect(plan.exchange.map((e) => e.operator)).toEqual(['alpha', 'gamma']);
    expect(plan.exchange[0]?.keyring).toEqual([bundles[2]!.publicKey]);
    expect(plan.replicas).toBe(2);
    const alone = rosterFromFederation(
      resolveFederation(defineFederation({ name: 'p', operators: [{ name: 'alpha' }] })),
      'rethinkdb',
    );
    expect(() => planRemoval(alone, [bundles[0]!], 'alpha')).toThrow(/last member/);
    expect(() => planRemoval(roster, bundles, 'omega')).toThrow(/no operator "omega"/);
  });

  it('rotation: its bundle names the new key and the others keyrings follow', () => {
    const fresh = generateKeypair().publicKey;
    const plan = planRotation(roster, bundles, 'gamma', fresh);
    expect(plan.bundles.find((b) => b.operator === 'gamma')?.publicKey).toBe(fresh);
    expect(plan.exchange.find((e) => e.operator === 'alpha')?.keyring).toEqual([
      bundles[1]!.publicKey,
      fresh,
    ]);
  });

  it('replicas never exceed the servers or the federation file; the runner skips the subject', () => {
    const one = rosterFromFederation(federation(1), 'rethinkdb');
    expect(replicasFor(one, 4)).toBe(1);
    expect(replicasFor(roster, 2)).toBe(2);
    expect(replicasFor(roster, 5)).toBe(3);
    expect(runnerOf(roster, 'alpha').name).toBe('beta');
    expect(runnerOf(roster).name).toBe('alpha');
  });
});

describe('up after membership changes', () => {
  it("brings up the roster's operators with the file's settings, and says who came and went", () => {
    const file = federation();
    const roster = rosterFromFederation(file, 'rethinkdb');
    const delta = candidateSpec(roster, 'delta');
    const changed = { ...roster, operators: [...roster.operators.filter((op) => op.name !== 'beta'), delta] };
    const { federation: fed, admitted, removed } = federationWithRoster(file, changed);
    expect(fed.operators.map((op) => op.name)).toEqual(['alpha', 'gamma', 'delta']);
    expect(fed.replicas).toBe(file.replicas);
    expect({ admitted, removed }).toEqual({ admitted: ['delta'], removed: ['beta'] });
  });
  it('without a roster, the file as it is', () => {
    const file = federation();
    expect(federationWithRoster(file, undefined)).toEqual({ federation: file, admitted: [], removed: [] });
  });
});
