import {
  assigneeFor,
  membersOf,
  otherAssigneeFor,
  pickAssignee,
  pickOtherAssignee,
} from '../../../../src/node/pipeline/members.js';
import { createTx, transferTx, MEMBERS } from './federation-fixture.js';

describe('federation decisions', () => {
  test('membersOf adds self, dedups and sorts', () => {
    expect(membersOf('b', ['c', 'a', 'b', 'c'])).toEqual(['a', 'b', 'c']);
  });
  test('pickAssignee spans every member', () => {
    const members = ['a', 'b', 'c'];
    expect([0, 0.34, 0.99].map((x) => pickAssignee(members, () => x))).toEqual(['a', 'b', 'c']);
    expect(() => pickAssignee([], () => 0)).toThrow(RangeError);
  });
  test('pickOtherAssignee never picks the current one, unless alone', () => {
    for (const x of [0, 0.5, 0.999]) expect(pickOtherAssignee(['a', 'b', 'c'], 'b', () => x)).not.toBe('b');
    expect(pickOtherAssignee(['a'], 'a', () => 0.5)).toBe('a');
  });
  test('assigneeFor: conflicting spends get one member whatever the random choice; CREATEs stay random', () => {
    const [a, b] = MEMBERS;
    const create = createTx(a, { n: 1 });
    const spends = [transferTx(create, a, b.publicKey), transferTx(create, a, a.publicKey)];
    const members = ['k1', 'k2', 'k3'];
    const picks = spends.flatMap((tx) => [0, 0.5, 0.99].map((x) => assigneeFor(tx, members, () => x)));
    expect(new Set(picks).size).toBe(1);
    expect(assigneeFor(spends[0]!, [...members].reverse(), () => 0)).toBe(picks[0]); // order-free
    expect([0, 0.5, 0.99].map((x) => assigneeFor(create, members, () => x))).toEqual(members);
    expect(otherAssigneeFor(spends[0]!, members, picks[0]!, () => 0)).not.toBe(picks[0]);
  });
  test('assigneeFor spreads TRANSFERs evenly over the members', () => {
    const [a] = MEMBERS;
    const counts = new Map<string, number>();
    const create = createTx(a, { n: 2 });
    for (let i = 0; i < 3_000; i++) {
      const tx = { ...transferTx(create, a, a.publicKey) };
      tx.inputs = [
        { ...tx.inputs[0]!, fulfills: { transaction_id: `${i}`.padStart(64, 'a'), output_index: i % 3 } },
      ];
      const who = assigneeFor(tx, ['k1', 'k2', 'k3']);
      counts.set(who, (counts.get(who) ?? 0) + 1);
    }
    for (const n of counts.values()) expect(n).toBeGreaterThan(850);
    expect(counts.size).toBe(3);
  });
});
