// Issue 16: the membership chain has a fixed root. Each reader resolves from what IT was configured
// with; an epoch-0 row that differs is ignored and reported; several candidates per epoch coexist
// (the table is keyed by record id) and only an approved one is taken; records are bound to their
// federation and proofs of possession to the previous record.
import {
  decideProposal,
  genesisRecord,
  proposalFor,
  recordId,
  resolveChain,
  signBallot,
  signPossession,
  type Member,
  type MembershipChange,
  type MembershipRecord,
  type Proposal,
} from '../../../src/protocol/membership/index.js';
import { configSchema } from '../../../src/protocol/node-config.js';
import { MembershipView } from '../../../src/node/pipeline/membership-view.js';
import { membershipRootOf, pinnedGenesisOf } from '../../../src/node/pipeline/membership-root.js';
import { SCHEMA } from '../../../src/node/store/schema.js';
import { nodeUserGrants } from '../../../src/node/store/accounts.js';
import { silentLogger } from '../../../src/shared/log.js';
import type { Keypair } from '../../../src/shared/crypto/index.js';
import { seededKeypair } from '../core/fixtures.js';

const keys: Record<string, Keypair> = {
  alpha: seededKeypair(41),
  beta: seededKeypair(42),
  gamma: seededKeypair(43),
  delta: seededKeypair(44),
  stranger: seededKeypair(45),
};
const member = (op: string): Member => ({ operator: op, publicKey: keys[op]!.publicKey });
const founders = ['alpha', 'beta', 'gamma'].map(member);
const genesis = genesisRecord('demo', founders, 'majority');
const ballots = (proposal: Proposal, votes: Record<string, boolean>) =>
  Object.entries(votes).map(([op, yes]) => signBallot(proposal, yes, keys[op]!));

function admitProposal(current: MembershipRecord, op: string): Proposal {
  const change: MembershipChange = { kind: 'admit', operator: op, publicKey: keys[op]!.publicKey };
  const draft = proposalFor(current, change);
  return { ...draft, change: { ...change, possession: signPossession(draft, keys[op]!) } };
}
const approved = (current: MembershipRecord, p: Proposal, voters = ['alpha', 'beta']): MembershipRecord =>
  decideProposal(current, p, ballots(p, Object.fromEntries(voters.map((v) => [v, true])))).record!;

/** What beta's database user wrote on the real cluster: a well-formed epoch 0 naming a stranger. */
const strangerGenesis = genesisRecord('demo', [member('stranger')], 'majority');

/** A node config pinning the federation's genesis (what the lab writes since issue 16). */
const pinnedConfig = configSchema.parse({
  keyring: [keys.beta!.publicKey, keys.gamma!.publicKey],
  membership: {
    federation: 'demo',
    admission: 'majority',
    genesis_members: Object.fromEntries(founders.map((m) => [m.operator, m.publicKey])),
  },
});

describe('the chain is resolved from the reader’s own root', () => {
  const e1 = approved(genesis, admitProposal(genesis, 'delta'));

  test('a replaced epoch-0 row naming a stranger is ignored and reported; the configured genesis is followed', () => {
    const chain = resolveChain([strangerGenesis, e1], { record: genesis });
    expect(chain.epochs.map((e) => e.id)).toEqual([genesis.id, e1.id]);
    expect(chain.ignored).toEqual([
      {
        epoch: 0,
        id: strangerGenesis.id,
        reason: expect.stringMatching(/not the bootstrap epoch this node was configured with/),
      },
    ]);
  });

  test('a node with a pinned config never follows the stranger, even when the table holds nothing else', () => {
    const view = new MembershipView(membershipRootOf(pinnedConfig, keys.alpha!.publicKey), silentLogger);
    view.update([strangerGenesis]);
    expect(view.current()).toEqual({ epoch: 0, members: founders.map((m) => m.publicKey).sort() });
    const report = view.report();
    expect(report.root).toEqual({ source: 'pinned', id: genesis.id });
    expect(report.ignored.map((i) => i.id)).toEqual([strangerGenesis.id]);
    view.update([strangerGenesis, genesis, e1]);
    expect(view.current().epoch).toBe(1);
    expect(view.membersOf(1)).toContain(keys.delta!.publicKey);
  });

  test('an unpinned config derives its root from keyring plus self and says so; a stranger row is ignored', () => {
    const old = configSchema.parse({ keyring: [keys.beta!.publicKey, keys.gamma!.publicKey] });
    const root = membershipRootOf(old, keys.alpha!.publicKey);
    expect(root.source).toBe('derived');
    const view = new MembershipView(root, silentLogger);
    view.update([strangerGenesis, genesis]);
    expect(view.current().members).toEqual(founders.map((m) => m.publicKey).sort());
    expect(view.report().root).toEqual({ source: 'derived', id: genesis.id });
    expect(view.report().ignored.map((i) => i.id)).toEqual([strangerGenesis.id]);
    view.update([strangerGenesis]);
    expect(view.current().members).toEqual(founders.map((m) => m.publicKey).sort());
  });

  test('a newly admitted node pinned with the same genesis resolves the same chain (its keyring is not epoch 0)', () => {
    const deltaConfig = configSchema.parse({
      ...pinnedConfig,
      keyring: founders.map((m) => m.publicKey),
    });
    const view = new MembershipView(membershipRootOf(deltaConfig, keys.delta!.publicKey), silentLogger);
    view.update([genesis, e1]);
    expect(view.current().epoch).toBe(1);
    expect(view.membersOf(0)).toEqual(founders.map((m) => m.publicKey).sort());
  });

  test('the config pins the root with all three keys or none', () => {
    expect(pinnedGenesisOf(pinnedConfig)?.id).toBe(genesis.id);
    expect(
      configSchema.safeParse({ membership: { federation: 'demo', admission: 'majority' } }).success,
    ).toBe(false);
  });
});

describe('an unapproved row cannot squat an epoch', () => {
  test('a row at epoch 1 without ballots does not block the approved epoch-1 record written later', () => {
    const p = admitProposal(genesis, 'delta');
    const squatter = { ...approved(genesis, p), ballots: [] };
    const e1 = approved(genesis, p);
    const other = approved(genesis, admitProposal(genesis, 'stranger'), ['alpha']); // 1 of 3: undefined
    expect(other).toBeUndefined();
    const chain = resolveChain([genesis, squatter, e1], { record: genesis });
    expect(chain.epochs.map((e) => e.epoch)).toEqual([0, 1]);
    expect(chain.epochs[1]!.ballots).toHaveLength(2);
  });

  test('the membership table is keyed by record id, so both rows can be stored', () => {
    const table = SCHEMA.find((t) => t.name === 'membership')!;
    expect(table.primaryKey ?? 'id').toBe('id');
  });

  test('two different approved records for one epoch: the chain stops before it and reports the conflict', () => {
    const a = approved(genesis, admitProposal(genesis, 'delta'), ['alpha', 'beta']);
    const b = approved(genesis, admitProposal(genesis, 'stranger'), ['alpha', 'gamma']); // alpha signed both
    const chain = resolveChain([genesis, b, a], { record: genesis });
    expect(chain.epochs).toEqual([genesis]);
    expect(chain.conflict).toEqual({ epoch: 1, ids: [a.id, b.id].sort() });
    expect(chain.ignored.map((i) => i.reason)).toEqual([
      expect.stringMatching(/^conflict: 2 different records are approved as epoch 1/),
      expect.stringMatching(/^conflict/),
    ]);
  });
});

describe('records are bound to their federation and their previous record', () => {
  test('a record for another federation is ignored', () => {
    const p = admitProposal(genesis, 'delta');
    const honest = approved(genesis, p);
    const { id: _id, ballots: counted, ...body } = honest;
    const foreignBody = { ...body, federation: 'other' };
    const foreign = { ...foreignBody, id: recordId(foreignBody), ballots: counted };
    const chain = resolveChain([genesis, foreign], { record: genesis });
    expect(chain.epochs).toEqual([genesis]);
    expect(chain.ignored).toEqual([
      { epoch: 1, id: foreign.id, reason: 'is a record of federation "other", not "demo"' },
    ]);
  });

  test('a proof of possession replayed onto another previous record is refused', () => {
    const otherGenesis = genesisRecord('demo', founders, 'unanimous'); // same name, another chain
    const original = admitProposal(otherGenesis, 'delta');
    const replayed: Proposal = { ...original, previous: genesis.id };
    expect(() => decideProposal(genesis, replayed, ballots(replayed, { alpha: true, beta: true }))).toThrow(
      /did not sign the possession statement/,
    );
  });
});

describe('permissions', () => {
  test('a node user may read the membership table but not write it (a table grant over the database grant)', () => {
    expect(nodeUserGrants('bigchain')).toContainEqual({
      database: 'bigchain',
      table: 'membership',
      permissions: { read: true, write: false },
    });
  });
});
