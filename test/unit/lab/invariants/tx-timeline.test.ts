// A slow transaction's story from the tables: which blocks held it, who made them when, every
// vote with its time, and when it became VALID; and the one line a failed latency check prints.
import { makeBlock, makeGenesisBlock, makeVote, type Keypair } from '../../../../src/node/core/index.js';
import { txTimelines } from '../../../../src/lab/invariants/tx-timeline.js';
import { explainSlow } from '../../../../src/lab/scenario/latency-explain.js';
import type { PostedTx } from '../../../../src/lab/load/types.js';
import { alice, bob, createFor } from '../../core/fixtures.js';
import { archiveOf as archive, memberKeys, members, OPERATORS } from './fixtures.js';

const [alphaKp, betaKp, gammaKp] = members as [Keypair, Keypair, Keypair];
const PREV = '0'.repeat(64);
const names = new Map(members.map((m, i) => [m.publicKey, OPERATORS[i] as string]));
const nameOf = (k: string) => names.get(k) ?? '?';

describe('txTimelines', () => {
  const tx = createFor(alice);
  const other = createFor(bob);
  const genesis = makeGenesisBlock(alphaKp, 1);
  const first = makeBlock([tx], gammaKp, memberKeys, 2_000);
  const second = makeBlock([tx, other], betaKp, memberKeys, 9_000);
  const votes = [
    makeVote(first.id, PREV, false, null, alphaKp, 2_500),
    makeVote(first.id, PREV, false, null, betaKp, 2_600),
    makeVote(second.id, PREV, true, null, gammaKp, 9_900),
    makeVote(second.id, PREV, true, null, betaKp, 9_100),
  ];
  const timelines = txTimelines(archive([genesis, second, first], votes));

  test('lists every block holding a transaction, earliest made first, with its votes in time order', () => {
    const t = timelines.get(tx.id);
    expect(t?.blocks.map((b) => [b.creator, b.madeAtMs, b.status])).toEqual([
      [gammaKp.publicKey, 2_000, 'invalid'],
      [betaKp.publicKey, 9_000, 'valid'],
    ]);
    expect(t?.blocks[1]?.votes.map((v) => [v.voter, v.atMs, v.valid])).toEqual([
      [betaKp.publicKey, 9_100, true],
      [gammaKp.publicKey, 9_900, true],
    ]);
    expect(t?.decidedAtMs).toBe(9_900);
  });

  test('only the transactions asked for, and none for the genesis block', () => {
    const only = txTimelines(archive([genesis, second], votes), new Set([other.id]));
    expect([...only.keys()]).toEqual([other.id]);
  });

  test('a failed latency check prints where the time went, relative to the POST', () => {
    const posted: PostedTx = {
      id: tx.id,
      kind: 'create',
      operator: 'alpha',
      postedAtMs: 1_000,
      answeredAtMs: 1_300,
      accepted: true,
      spends: [],
    };
    const slow = explainSlow(posted, timelines.get(tx.id), 9_900, nameOf);
    expect(slow.line).toBe(
      `${tx.id.slice(0, 12)} (create) via alpha: answered +0.3 s; ` +
        `block ${first.id.slice(0, 10)} by gamma made +1.0 s [invalid], votes alpha +1.5 s invalid, beta +1.6 s invalid; ` +
        `block ${second.id.slice(0, 10)} by beta made +8.0 s [valid], votes beta +8.1 s valid, gamma +8.9 s valid; ` +
        'VALID +8.9 s',
    );
    expect(slow.validAfterMs).toBe(8_900);
    expect(explainSlow(posted, undefined, undefined, nameOf).line).toMatch(/in no block; never VALID$/);
    const into = explainSlow(posted, undefined, undefined, nameOf, {
      action: 'partition',
      operator: 'gamma',
      fromMs: 400,
    });
    expect(into.line).toMatch(/ via alpha \(posted 0\.6 s into partition gamma\): answered/);
    expect(into.postedIntoFaultMs).toBe(600);
  });
});
