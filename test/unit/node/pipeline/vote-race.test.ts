// Two blocks holding the same transaction (a stalled node and the one that took its work over),
// or two conflicting spends, voted on while one voter's vote is slow to land: at most one of the
// two blocks may ever be VALID (the rule of BigchainDB's is_new_transaction: a voter votes a
// block invalid when one of its transactions is in ANOTHER block that is VALID or UNDECIDED).
import { makeBlock, makeVote, type Block, type Transaction } from '../../../../src/node/core/index.js';
import { createVoteStage } from '../../../../src/node/pipeline/vote-stage.js';
import type { Stage } from '../../../../src/node/pipeline/stage.js';
import { FakeLedger } from './fake-ledger.js';
import { contextOf, createTx, KEYS, MEMBERS, transferTx, until } from './federation-fixture.js';

const [A, B, C] = MEMBERS;

describe('voting on two blocks that share a transaction or spend one output', () => {
  let store: FakeLedger;
  const stages: Stage[] = [];
  beforeEach(() => {
    store = new FakeLedger(A, KEYS);
  });
  afterEach(async () => {
    await Promise.all(stages.splice(0).map((s) => s.stop()));
  });

  const voter = (m: (typeof MEMBERS)[number]): Stage => {
    const stage = createVoteStage(contextOf(m, store), { intervalMs: 60_000 });
    stages.push(stage);
    stage.start();
    return stage;
  };
  const voted = (key: string, block: Block): boolean => store.votes.has(`${block.id}/${key}`);

  /**
   * C votes on y alone (x is not written yet: the stalled node writes it late, with an older
   * timestamp). B's verdict on x is made, but its vote is held; meanwhile A votes on x then y.
   * Then B's vote lands and every voter finishes.
   */
  async function race(x: Block, y: Block): Promise<string[]> {
    await store.writeBlock(y);
    const c1 = voter(C);
    await until('C voted on y', () => voted(C.publicKey, y));
    await c1.stop();
    await store.writeBlock(x);

    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    let reached = false;
    store.voteGate = async (vote) => {
      if (vote.node_pubkey !== B.publicKey) return;
      reached = true;
      await held;
    };
    voter(B);
    await until("B's verdict on x", () => reached);
    voter(A);
    await until('A voted on x and y', () => voted(A.publicKey, x) && voted(A.publicKey, y));
    release();
    voter(C);
    await until('every vote', () => store.votes.size === 6);
    return [store.statusOf(x), store.statusOf(y)];
  }

  test('the same transaction in two blocks: at most one block is VALID', async () => {
    const tx = createTx(C, { n: 1 });
    const y = makeBlock([tx], B, KEYS, 2_000); // the node that took the work over
    const x = makeBlock([tx], A, KEYS, 1_000); // the stalled node, written late
    const statuses = await race(x, y);
    expect(statuses.filter((s) => s === 'valid')).toHaveLength(1);
  });

  test('two transactions spending one output: at most one block is VALID', async () => {
    const create = createTx(C, { n: 2 });
    await commit(store, create);
    const spend1: Transaction = transferTx(create, C, A.publicKey);
    const spend2: Transaction = transferTx(create, C, B.publicKey);
    const statuses = await race(makeBlock([spend1], A, KEYS, 1_000), makeBlock([spend2], B, KEYS, 2_000));
    expect(statuses.filter((s) => s === 'valid').length).toBeLessThanOrEqual(1);
  });
});

/** A block holding `tx`, with three valid votes. */
async function commit(store: FakeLedger, tx: Transaction): Promise<void> {
  const block = makeBlock([tx], A, KEYS, 500);
  await store.writeBlock(block);
  for (const m of MEMBERS) await store.writeVote(makeVote(block.id, store.genesis.id, true, null, m));
}
