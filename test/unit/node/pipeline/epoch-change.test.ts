// Issue 16: an epoch change never strands a block. A block of epoch 0 that has only some of its
// votes when the federation moves to epoch 1 (a member removed) is still decided: the remaining
// members vote on its merits, the removed key still votes on the blocks naming it (and on no
// later ones), and an old-epoch block decided INVALID returns its transactions to the backlog.
import { makeBlock, makeVote, type Keypair } from '../../../../src/node/core/index.js';
import {
  decideProposal,
  genesisRecord,
  membersNamedByKey,
  proposalFor,
  signBallot,
  type MembershipRecord,
} from '../../../../src/protocol/membership/index.js';
import { createElectionStage } from '../../../../src/node/pipeline/election-stage.js';
import type { PipelineContext } from '../../../../src/node/pipeline/context.js';
import { createVoteStage } from '../../../../src/node/pipeline/vote-stage.js';
import { FakeLedger } from './fake-ledger.js';
import { contextOf, createTx, KEYS, MEMBERS, Running, until } from './federation-fixture.js';

const [A, B, C] = MEMBERS;

/** Epoch 0 = A, B, C; epoch 1 removes C (A and B approve). */
function removalOfC(): MembershipRecord[] {
  const genesis = genesisRecord('bigchain', membersNamedByKey(KEYS), 'majority');
  const operator = genesis.members.find((m) => m.publicKey === C.publicKey)!.operator;
  const proposal = proposalFor(genesis, { kind: 'remove', operator, previousKey: C.publicKey });
  const { record } = decideProposal(
    genesis,
    proposal,
    [A, B].map((k) => signBallot(proposal, true, k)),
  );
  return [genesis, record!];
}

describe('an epoch change never strands a block (issue 16)', () => {
  let store: FakeLedger;
  const running = new Running();
  beforeEach(async () => {
    store = new FakeLedger(A, KEYS);
    for (const record of removalOfC()) await store.insertMembership(record);
  });
  afterEach(() => running.stopAll());

  /** A member's context that already follows the table (epoch 1), as its membership stage does. */
  async function following(me: Keypair): Promise<PipelineContext<FakeLedger>> {
    const ctx = contextOf(me, store);
    ctx.membership.update(await store.membershipRows());
    expect(ctx.membership.current().epoch).toBe(1);
    return ctx;
  }
  const voteOf = (blockId: string, voter: Keypair) =>
    store.votesOf(blockId).find((v) => v.node_pubkey === voter.publicKey);

  test("an epoch-0 block with only A's vote is decided VALID once B, in epoch 1, votes on it", async () => {
    const old = makeBlock([createTx(A, { n: 1 })], A, KEYS, 1_000, 0);
    await store.writeBlock(old);
    await store.writeVote(makeVote(old.id, store.genesis.id, true, null, A));
    expect(store.statusOf(old)).toBe('undecided');

    running.start(createVoteStage(await following(B), { intervalMs: 60_000 }));
    await until("B's vote", () => voteOf(old.id, B) !== undefined);
    expect(voteOf(old.id, B)!.vote).toMatchObject({ is_block_valid: true, invalid_reason: null });
    expect(store.statusOf(old)).toBe('valid');
  });

  test('the removed key still votes on the blocks that name it, never on a later epoch’s', async () => {
    const old = makeBlock([createTx(A, { n: 1 })], A, KEYS, 1_000, 0);
    const later = makeBlock([createTx(B, { n: 2 })], B, [A.publicKey, B.publicKey], 2_000, 1);
    const after = makeBlock([createTx(A, { n: 3 })], A, KEYS, 3_000, 0); // a lagging creator's
    for (const b of [old, later, after]) await store.writeBlock(b);
    await store.writeVote(makeVote(old.id, store.genesis.id, true, null, A));

    const stage = createVoteStage(await following(C), { intervalMs: 60_000 });
    running.start(stage);
    await until("C's two votes", () => voteOf(old.id, C) !== undefined && voteOf(after.id, C) !== undefined);
    await running.ticks();
    expect(voteOf(old.id, C)!.vote.is_block_valid).toBe(true);
    expect(voteOf(later.id, C)).toBeUndefined();
    expect(store.statusOf(old)).toBe('valid');
  });

  test('an old-epoch block decided INVALID returns its transactions to the backlog, for current members', async () => {
    const tx = createTx(C, { n: 1 });
    const old = makeBlock([tx], C, KEYS, 1_000, 0);
    await store.writeBlock(old);
    for (const v of [A, B]) await store.writeVote(makeVote(old.id, store.genesis.id, false, 'no', v));
    expect(store.statusOf(old)).toBe('invalid');

    running.start(createElectionStage(await following(A), { intervalMs: 60_000 }));
    await until('re-queued', () => store.requeued.has(old.id));
    expect([...store.backlog.keys()]).toEqual([tx.id]);
    expect([A.publicKey, B.publicKey]).toContain(store.backlog.get(tx.id)!.assignee);
  });
});
