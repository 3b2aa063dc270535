import type { Transaction } from '../../../../src/node/core/index.js';
import {
  isStale,
  planReassignments,
  staleCheckIntervalMs,
  staleCutoffMs,
  type ReassignmentInput,
} from '../../../../src/node/pipeline/stale.js';
import type { BacklogRow } from '../../../../src/node/store/ledger-store.js';

const row = (id: string, assignee: string, ts: number): BacklogRow => ({
  tx: { id } as Transaction,
  assignee,
  assignmentTimestampMs: ts,
});

const plan = (over: Partial<ReassignmentInput>) =>
  planReassignments({
    rows: [],
    members: ['a', 'b', 'c'],
    live: null,
    self: 'a',
    nowMs: 10_000,
    reassignDelaySec: 5,
    random: () => 0,
    ...over,
  }).map((p) => [p.row.tx.id, p.to, p.why]);

describe('stale selection', () => {
  test('cutoff and staleness use seconds of delay', () => {
    expect(staleCutoffMs(10_000, 2)).toBe(8_000);
    expect(isStale(row('x', 'a', 7_999), 10_000, 2)).toBe(true);
    expect(isStale(row('x', 'a', 8_000), 10_000, 2)).toBe(false);
  });

  test('liveness unknown: a different member for each stale row only (as before liveness)', () => {
    const rows = [row('1', 'a', 0), row('2', 'b', 9_500), row('3', 'c', 100)];
    expect(plan({ rows })).toEqual([
      ['1', 'b', 'stale'],
      ['3', 'a', 'stale'],
    ]);
  });

  test('a dead member’s rows move at once, to live members only', () => {
    const live = { alive: ['a', 'b'], dead: ['c'] };
    const rows = [row('fresh', 'c', 9_999), row('old', 'c', 0)];
    for (const x of [0, 0.5, 0.999]) {
      const moves = plan({ rows, live, random: () => x });
      expect(moves.map(([id, , why]) => [id, why])).toEqual([
        ['fresh', 'dead'],
        ['old', 'dead'],
      ]);
      for (const [, to] of moves) expect(['a', 'b']).toContain(to);
    }
  });

  test('a slow but live member keeps its rows within the delay; after it they go to a live member', () => {
    const live = { alive: ['a', 'b'], dead: ['c'] };
    expect(plan({ rows: [row('recent', 'b', 9_000)], live })).toEqual([]);
    for (const x of [0, 0.5, 0.999])
      expect(plan({ rows: [row('late', 'b', 1_000)], live, random: () => x })).toEqual([
        ['late', 'a', 'stale'],
      ]);
  });

  test('no one else alive: dead members’ rows come to me; my own stale rows stay (re-stamped)', () => {
    const live = { alive: ['a'], dead: ['b', 'c'] };
    expect(plan({ rows: [row('1', 'b', 9_999), row('2', 'a', 0)], live })).toEqual([
      ['1', 'a', 'dead'],
      ['2', 'a', 'stale'],
    ]);
  });

  test('a row found both as stale and as a dead member’s is planned once', () => {
    const live = { alive: ['a', 'b'], dead: ['c'] };
    const r = row('1', 'c', 0);
    expect(plan({ rows: [r, r], live })).toHaveLength(1);
  });

  test('check interval is a quarter of the delay, bounded', () => {
    expect(staleCheckIntervalMs(0.1)).toBe(200);
    expect(staleCheckIntervalMs(8)).toBe(2_000);
    expect(staleCheckIntervalMs(120)).toBe(5_000);
  });
});
