import type { Transaction } from '../../../../src/node/core/index.js';
import {
  isStale,
  planReassignments,
  staleCheckIntervalMs,
  staleCutoffMs,
} from '../../../../src/node/pipeline/stale.js';
import type { BacklogRow } from '../../../../src/node/store/ledger-store.js';

const row = (id: string, assignee: string, ts: number): BacklogRow => ({
  tx: { id } as Transaction,
  assignee,
  assignmentTimestampMs: ts,
});

describe('stale selection', () => {
  test('cutoff and staleness use seconds of delay', () => {
    expect(staleCutoffMs(10_000, 2)).toBe(8_000);
    expect(isStale(row('x', 'a', 7_999), 10_000, 2)).toBe(true);
    expect(isStale(row('x', 'a', 8_000), 10_000, 2)).toBe(false);
  });
  test('plans a different member for each stale row only', () => {
    const rows = [row('1', 'a', 0), row('2', 'b', 9_500), row('3', 'c', 100)];
    const plan = planReassignments(rows, ['a', 'b', 'c'], 10_000, 5, () => 0);
    expect(plan.map((p) => [p.row.tx.id, p.to])).toEqual([
      ['1', 'b'],
      ['3', 'a'],
    ]);
  });
  test('check interval is a quarter of the delay, bounded', () => {
    expect(staleCheckIntervalMs(0.1)).toBe(200);
    expect(staleCheckIntervalMs(8)).toBe(2_000);
    expect(staleCheckIntervalMs(120)).toBe(5_000);
  });
});
