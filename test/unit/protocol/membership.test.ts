// Membership epochs (issue 12): ballots, the governance rule, changes, and the chain a node
// follows. Every record a node accepts must be approved by the previous epoch's members; every
// other row is ignored with a reason.
import {
  applyChange,
  decideProposal,
  genesisRecord,
  membersOfEpoch,
  proposalFor,
  recordId,
  resolveChain,
  signBallot,
  signPossession,
  tallyBallots,
  verifyBallot,
  type Member,
  type MembershipChange,
  type MembershipRecord,
  type Proposal,
} from '../../../src/protocol/membership/index.js';
import type { Keypair } from '../../../src/shared/crypto/index.js';
import { seededKeypair } from '../core/fixtures.js';

const keys: Record<string, Keypair> = {
  alpha: seededKeypair(31),
  beta: seededKeypair(32),
  gamma: seededKeypair(33),
  delta: seededKeypair(34),
};
const outsider = seededKeypair(35);
const member = (op: string): Member => ({ operator: op, publicKey: keys[op]!.publicKey });
const genesis = genesisRecord('demo', ['alpha', 'beta', 'gamma'].map(member), 'majority');

function admit(current: MembershipRecord, op: string, key = keys[op]!): Proposal {
  const change: MembershipChange = { kind: 'admit', operator: op, publicKey: key.publicKey };
  const draft = proposalFor(current, change);
  return { ...draft, change: { ...change, possession: signPossession(draft, key) } };
}
const ballots = (proposal: Proposal, votes: Record<string, boolean>) =>
  Object.entries(votes).map(([op, yes]) => signBallot(proposal, yes, keys[op]!));

describe('ballots', () => {
  test('a ballot verifies for its proposal only, and not with its answer flipped', () => {
    const p = admit(genesis, 'delta');
    const b = signBallot(p, true, keys.alpha!);
    expect(verifyBallot(p, b)).toBe(true);
    expect(verifyBallot(p, { ...b, approve: false })).toBe(false);
    expect(verifyBallot({ ...p, epoch: 2 }, b)).toBe(false);
    expect(verifyBallot(p, { ...b, voter: keys.beta!.publicKey })).toBe(false);
  });
});

describe('the rule', () => {
  const p = admit(genesis, 'delta');
  const voters = genesis.members.map((m) => m.publicKey);
  test.each([
    ['majority', { alpha: true, beta: true }, 'approved'],
    ['majority', { alpha: true }, 'pending'],
    ['majority', { alpha: true, beta: false }, 'pending'],
    ['majority', { alpha: false, beta: false }, 'rejected'],
    ['unanimous', { alpha: true, beta: true }, 'pending'],
    ['unanimous', { alpha: true, beta: true, gamma: true }, 'approved'],
    ['unanimous', { alpha: true, beta: true, gamma: false }, 'rejected'],
  ] as const)('%s with %j: %s', (rule, votes, outcome) => {
    expect(tallyBallots(rule, voters, p, ballots(p, votes)).outcome).toBe(outcome);
  });
  test('majority of four needs three yes; two no already reject', () => {
    const four = [...voters, keys.delta!.publicKey];
    const yes2 = ballots(p, { alpha: true, beta: true });
    expect(tallyBallots('majority', four, p, yes2).outcome).toBe('pending');
    expect(
      tallyBallots('majority', four, p, ballots(p, { alpha: true, beta: true, delta: true })).outcome,
    ).toBe('approved');
    expect(tallyBallots('majority', four, p, ballots(p, { alpha: false, beta: false })).outcome).toBe(
      'rejected',
    );
  });
  test('outsiders, forged and second ballots do not count, and say why', () => {
    const forged = { ...signBallot(p, true, keys.alpha!), voter: keys.beta!.publicKey };
    const tally = tallyBallots('majority', voters, p, [
      signBallot(p, true, outsider),
      forged,
      signBallot(p, true, keys.alpha!),
      signBallot(p, false, keys.alpha!),
    ]);
    expect(tally.outcome).toBe('pending');
    expect(tally.approvals).toEqual([keys.alpha!.publicKey]);
    expect(tally.ignored.map((i) => i.reason)).toEqual(['not_a_member', 'bad_signature', 'duplicate']);
    expect(tally.silent.sort()).toEqual([keys.beta!.publicKey, keys.gamma!.publicKey].sort());
  });
});

describe('changes', () => {
  test('admit adds, remove takes out, rotate-key swaps the key; members stay sorted by key', () => {
    const added = applyChange(genesis.members, {
      kind: 'admit',
      operator: 'delta',
      publicKey: keys.delta!.publicKey,
    });
    expect(added.map((m) => m.operator).sort()).toEqual(['alpha', 'beta', 'delta', 'gamma']);
    expect(added.map((m) => m.publicKey)).toEqual([...added.map((m) => m.publicKey)].sort());
    const removed = applyChange(genesis.members, { kind: 'remove', operator: 'beta' });
    expect(removed.map((m) => m.operator).sort()).toEqual(['alpha', 'gamma']);
    const rotated = applyChange(genesis.members, {
      kind: 'rotate-key',
      operator: 'beta',
      publicKey: outsider.publicKey,
    });
    expect(rotated.find((m) => m.operator === 'beta')?.publicKey).toBe(outsider.publicKey);
  });
  test('refused before counting: admitting a member twice, a key without proof, removing a stranger', () => {
    const votes = { alpha: true, beta: true, gamma: true };
    const twice = admit(genesis, 'alpha', outsider);
    expect(() => decideProposal(genesis, twice, ballots(twice, votes))).toThrow(
      /operator alpha is already a member/,
    );
    const unproven = proposalFor(genesis, {
      kind: 'admit',
      operator: 'delta',
      publicKey: keys.delta!.publicKey,
    });
    expect(() => decideProposal(genesis, unproven, ballots(unproven, votes))).toThrow(
      /did not sign the possession/,
    );
    const stolen = admit(genesis, 'delta');
    const wrongProof = {
      ...stolen,
      change: { ...stolen.change, possession: signPossession(stolen, outsider) },
    };
    expect(() => decideProposal(genesis, wrongProof, [])).toThrow(/did not sign the possession/);
    const stranger = proposalFor(genesis, {
      kind: 'remove',
      operator: 'delta',
      previousKey: keys.delta!.publicKey,
    });
    expect(() => decideProposal(genesis, stranger, [])).toThrow(/delta is not a member/);
    const stale = { ...admit(genesis, 'delta'), epoch: 5 };
    expect(() => decideProposal(genesis, stale, [])).toThrow(/not after epoch 0/);
  });
});

describe('the chain a node follows', () => {
  const p1 = admit(genesis, 'delta');
  const e1 = decideProposal(genesis, p1, ballots(p1, { alpha: true, beta: true, gamma: false })).record!;
  const p2 = proposalFor(e1, { kind: 'remove', operator: 'beta', previousKey: keys.beta!.publicKey });
  const e2 = decideProposal(e1, p2, ballots(p2, { alpha: true, gamma: true, delta: true })).record!;

  test('approved records chain epoch by epoch, in any row order; each epoch has its members', () => {
    expect(e1.epoch).toBe(1);
    expect(e1.ballots).toHaveLength(3);
    const chain = resolveChain([e2, genesis, e1], genesis.id);
    expect(chain.ignored).toEqual([]);
    expect(chain.epochs.map((e) => e.epoch)).toEqual([0, 1, 2]);
    expect(membersOfEpoch(chain, 0)).toHaveLength(3);
    expect(membersOfEpoch(chain, 1)).toContain(keys.delta!.publicKey);
    expect(membersOfEpoch(chain, 2)).not.toContain(keys.beta!.publicKey);
    expect(membersOfEpoch(chain, 3)).toBeUndefined();
  });
  test('a rejected or pending proposal makes no record', () => {
    const p = admit(genesis, 'delta');
    expect(
      decideProposal(genesis, p, ballots(p, { alpha: true, beta: false, gamma: false })).record,
    ).toBeUndefined();
    expect(decideProposal(genesis, p, ballots(p, { alpha: true })).tally.outcome).toBe('pending');
  });
  test('a record without valid ballots is ignored, with the reason, and so is all after it', () => {
    const forged = { ...e1, ballots: ballots(p1, { alpha: true }) };
    const chain = resolveChain([genesis, forged, e2], genesis.id);
    expect(chain.epochs.map((e) => e.epoch)).toEqual([0]);
    expect(chain.ignored.map((i) => i.reason)).toEqual([
      expect.stringMatching(/not approved under majority \(1 of 3/),
      'no valid epoch 1 before it',
    ]);
  });
  test('tampered members, a wrong id, a wrong previous, a foreign genesis and malformed rows are ignored', () => {
    const extra = [...e1.members, { operator: 'mallory', publicKey: outsider.publicKey }];
    const sneaky = { ...e1, members: extra };
    const resigned = { ...sneaky, id: recordId(sneaky) };
    const otherGenesis = genesisRecord('demo', [member('alpha')], 'majority');
    const chain = resolveChain(
      [genesis, otherGenesis, sneaky, resigned, { epoch: 1, nonsense: true }],
      genesis.id,
    );
    expect(chain.epochs).toHaveLength(1);
    const reasons = chain.ignored.map((i) => i.reason).join('\n');
    expect(reasons).toMatch(/not the bootstrap epoch/);
    expect(reasons).toMatch(/its id does not match its content/);
    expect(reasons).toMatch(/not the previous members with its change applied/);
    expect(reasons).toMatch(/malformed/);
  });
});
