// The planner: same seed and same events -> the same plan; every kind appears, and every
// transaction it builds is valid for the node's own rules against the ledger so far (divisible
// splits, 2-of-3 threshold locks and spends included).
import { MemoryLedgerFacts, validateTransaction } from '../../../../src/node/core/index.js';
import { LoadPlanner, type PlannedPost } from '../../../../src/lab/load/planner.js';
import type { TxKind } from '../../../../src/lab/load/types.js';

const ALL: Partial<Record<TxKind, number>> = {
  create: 1,
  transfer: 1,
  divisible: 1,
  threshold: 1,
  'double-spend': 1,
};
const OPS = ['alpha', 'beta', 'gamma'];

/** Runs `steps` posts; every post becomes VALID `lag` steps later (a pair's second half never). */
function run(seed: number, steps: number, lag = 2, ops = OPS): PlannedPost[] {
  const planner = new LoadPlanner({ seed, mix: ALL, nonce: 'test' });
  const plan: PlannedPost[] = [];
  const due: string[][] = [];
  for (let i = 0; i < steps; i++) {
    const posts = planner.next(ops);
    plan.push(...posts);
    due.push(posts.filter((p, j) => p.conflictsWith === undefined || j === 0).map((p) => p.tx.id));
    for (const id of due[i - lag] ?? []) planner.onValid(id);
  }
  return plan;
}

const summary = (plan: PlannedPost[]) =>
  plan.map((p) => [p.kind, p.operator, p.tx.id, p.spends.join(','), p.plannedKind ?? ''].join(' '));

describe('load planner', () => {
  it('makes the same plan for the same seed and events, another for another seed', () => {
    expect(summary(run(11, 60))).toEqual(summary(run(11, 60)));
    expect(summary(run(11, 60))).not.toEqual(summary(run(12, 60)));
  });

  it('falls back to a CREATE while nothing is spendable, saying what it wanted', () => {
    const planner = new LoadPlanner({ seed: 1, mix: { transfer: 1 }, nonce: 'n' });
    const [first] = planner.next(OPS);
    expect(first).toMatchObject({ kind: 'create', plannedKind: 'transfer', spends: [] });
    planner.onValid(first?.tx.id ?? '');
    const [second] = planner.next(OPS);
    expect(second).toMatchObject({ kind: 'transfer', spends: [`${first?.tx.id}:0`] });
    expect(second?.plannedKind).toBeUndefined();
  });

  it('posts each double-spend pair to two different operators, each naming the other', () => {
    const pairs = run(5, 200).filter((p) => p.kind === 'double-spend');
    expect(pairs.length).toBeGreaterThan(4);
    for (let i = 0; i < pairs.length; i += 2) {
      const [a, b] = [pairs[i], pairs[i + 1]] as [PlannedPost, PlannedPost];
      expect(a.conflictsWith).toBe(b.tx.id);
      expect(b.conflictsWith).toBe(a.tx.id);
      expect(a.spends).toEqual(b.spends);
      expect(a.operator).not.toBe(b.operator);
    }
  });

  it('turns a double-spend into a plain transfer with one operator', () => {
    const kinds = new Set(run(5, 200, 2, ['solo']).map((p) => p.kind));
    expect(kinds.has('double-spend')).toBe(false);
    expect(kinds.has('transfer')).toBe(true);
  });

  it('goes round robin over the operators', () => {
    const ops = run(3, 30, 2)
      .filter((p) => p.conflictsWith === undefined)
      .map((p) => p.operator);
    const counts = OPS.map((o) => ops.filter((x) => x === o).length);
    expect(Math.max(...counts) - Math.min(...counts)).toBeLessThanOrEqual(3);
  });

  it('builds only transactions the node accepts, of every kind and shape', async () => {
    const plan = run(21, 300);
    const facts = new MemoryLedgerFacts();
    for (const [i, p] of plan.entries()) {
      const rival = plan[i + 1];
      const isLoser = p.conflictsWith !== undefined && plan[i - 1]?.tx.id === p.conflictsWith;
      if (isLoser) continue; // validated with its rival, before the rival was VALID
      await expect(validateTransaction(p.tx, facts)).resolves.toBe(p.tx);
      if (p.conflictsWith !== undefined && rival !== undefined)
        await expect(validateTransaction(rival.tx, facts)).resolves.toBe(rival.tx);
      facts.addBlock(`b${i}`.padEnd(64, '0'), [p.tx], 'valid');
    }
    const kinds = new Set(plan.map((p) => p.kind));
    expect([...kinds].sort()).toEqual(['create', 'divisible', 'double-spend', 'threshold', 'transfer']);
    const thresholdOut = (p: PlannedPost) =>
      p.tx.outputs.some((o) => o.condition.details.type === 'threshold-sha-256');
    const thresholdIn = (p: PlannedPost) => p.tx.inputs.some((i) => i.owners_before.length === 3);
    expect(plan.some((p) => p.kind === 'threshold' && thresholdOut(p))).toBe(true);
    expect(plan.some((p) => p.kind === 'threshold' && thresholdIn(p))).toBe(true);
    const splits = plan.filter((p) => p.kind === 'divisible' && p.tx.operation === 'TRANSFER');
    expect(splits.length).toBeGreaterThan(0);
    expect(splits.every((p) => p.tx.outputs.length >= 2)).toBe(true);
    expect(
      plan.some(
        (p) => p.kind === 'divisible' && p.tx.operation === 'CREATE' && Number(p.tx.outputs[0]?.amount) >= 10,
      ),
    ).toBe(true);
  });

  it('a losing rival is never spent from', () => {
    const planner = new LoadPlanner({ seed: 2, mix: { 'double-spend': 1 }, nonce: 'n' });
    const [c] = planner.next(OPS);
    planner.onValid(c?.tx.id ?? '');
    const [a, b] = planner.next(OPS);
    planner.onValid(a?.tx.id ?? '');
    planner.onValid(b?.tx.id ?? ''); // too late: forgotten when its rival was seen VALID
    expect(planner.wallet.counts()).toMatchObject({ spendable: 1 });
  });
});
