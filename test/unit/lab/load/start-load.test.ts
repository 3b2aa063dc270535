// startLoad against a small in-memory fake of the nodes (the LoadTransport seam): pacing,
// recording of failed posts, tracking to VALID, double-spend pairs, the in-flight cap, stop().
import { startLoad } from '../../../../src/lab/load/start-load.js';
import type { LoadTransport } from '../../../../src/lab/load/transport.js';
import type { LoadSpec, LoadTarget } from '../../../../src/lab/load/types.js';
import type { Transaction, TxStatus } from '../../../../src/protocol/index.js';

const targets: LoadTarget[] = ['alpha', 'beta', 'gamma'].map((operator) => ({
  operator,
  apiUrl: `http://${operator}.invalid`,
}));

/** One shared ledger: a tx is VALID `commitMs` after its post, unless its output was spent first. */
class FakeNodes implements LoadTransport {
  readonly postedAt = new Map<string, number>();
  readonly losers = new Set<string>();
  readonly spentBy = new Map<string, string>();
  down = new Set<string>();
  hold: Promise<void> | null = null;
  constructor(private readonly commitMs = 30) {}

  async post(target: LoadTarget, tx: Transaction): Promise<{ httpStatus: number }> {
    if (this.hold) await this.hold;
    if (this.down.has(target.operator)) throw new Error('connect ECONNREFUSED');
    for (const input of tx.inputs) {
      if (input.fulfills === null) continue;
      const ref = `${input.fulfills.transaction_id}:${input.fulfills.output_index}`;
      if (this.spentBy.has(ref))
        this.losers.add(tx.id); // accepted, but will end INVALID
      else this.spentBy.set(ref, tx.id);
    }
    this.postedAt.set(tx.id, Date.now());
    return { httpStatus: 202 };
  }

  async status(target: LoadTarget, txId: string): Promise<TxStatus | undefined> {
    if (this.down.has(target.operator)) throw new Error('connect ECONNREFUSED');
    const at = this.postedAt.get(txId);
    if (at === undefined) return undefined;
    if (this.losers.has(txId)) return 'invalid';
    return Date.now() - at >= this.commitMs ? 'valid' : 'backlog';
  }
}

const spec = (over: Partial<LoadSpec> = {}): LoadSpec => ({
  rate: 100,
  durationMs: 400,
  seed: 4,
  mix: { create: 1, transfer: 1, divisible: 1, threshold: 1, 'double-spend': 1 },
  ...over,
});

describe('startLoad', () => {
  it('posts at the rate, tracks every accepted tx to VALID and records the pairs', async () => {
    const fake = new FakeNodes();
    const result = await startLoad(spec(), () => targets, { transport: fake, trackIntervalMs: 10 }).done;
    const slots = result.posted.length - result.posted.filter((p) => p.conflictsWith).length / 2;
    expect(slots).toBeGreaterThanOrEqual(35);
    expect(slots).toBeLessThanOrEqual(41);
    expect(result).toMatchObject({ rejected: 0, skipped: 0, notSeenValid: 0 });
    expect(result.accepted).toBe(result.posted.length);
    const pairs = result.posted.filter((p) => p.conflictsWith !== undefined);
    expect(pairs.length).toBeGreaterThan(0);
    for (const p of result.posted) {
      const lost = fake.losers.has(p.id);
      expect(p.validAtMs === undefined).toBe(lost);
      if (!lost) expect(p.validAtMs as number).toBeGreaterThanOrEqual(p.postedAtMs + 30);
    }
    expect(new Set(result.posted.map((p) => p.kind)).size).toBe(5);
  });

  it('records failed posts (never throws) and tracks through another node', async () => {
    const fake = new FakeNodes(150);
    setTimeout(() => fake.down.add('beta'), 100);
    const result = await startLoad(spec({ durationMs: 250 }), () => targets, {
      transport: fake,
      trackIntervalMs: 10,
    }).done;
    const failed = result.posted.filter((p) => !p.accepted);
    expect(failed.length).toBeGreaterThan(0);
    expect(failed.every((p) => p.operator === 'beta' && /ECONNREFUSED/.test(p.error ?? ''))).toBe(true);
    expect(result.rejected).toBe(failed.length);
    expect(result.notSeenValid).toBe(0);
    const viaOther = result.posted.filter(
      (p) => p.accepted && p.operator === 'beta' && !fake.losers.has(p.id),
    );
    expect(viaOther.length).toBeGreaterThan(0);
    expect(viaOther.every((p) => p.validAtMs !== undefined && p.validSeenOn !== undefined)).toBe(true);
  });

  it('uses only the operators of the spec and the live targets', async () => {
    const fake = new FakeNodes();
    const result = await startLoad(spec({ operators: ['alpha', 'gamma'], durationMs: 200 }), () => targets, {
      transport: fake,
      trackIntervalMs: 10,
    }).done;
    expect(new Set(result.posted.map((p) => p.operator))).toEqual(new Set(['alpha', 'gamma']));
    const none = await startLoad(spec({ durationMs: 100 }), () => [], { transport: fake }).done;
    expect(none.posted).toEqual([]);
    expect(none.skipped).toBeGreaterThan(5);
  });

  it('skips slots over the in-flight cap instead of queueing them', async () => {
    const fake = new FakeNodes();
    let release = (): void => undefined;
    fake.hold = new Promise((r) => (release = r));
    const handle = startLoad(spec({ mix: { create: 1 }, durationMs: 200 }), () => targets, {
      transport: fake,
      maxInFlight: 3,
      trackIntervalMs: 10,
    });
    setTimeout(release, 250);
    const result = await handle.done;
    expect(result.posted.length).toBe(3);
    expect(result.skipped).toBeGreaterThan(10);
  });

  it('stop() ends posting early and done still resolves', async () => {
    const handle = startLoad(spec({ durationMs: 60_000 }), () => targets, {
      transport: new FakeNodes(),
      trackIntervalMs: 10,
    });
    setTimeout(() => handle.stop(), 100);
    const result = await handle.done;
    expect(result.posted.length).toBeLessThan(30);
    expect(result.endedAtMs - result.startedAtMs).toBeLessThan(5_000);
  });

  it('refuses a spec it cannot pace', () => {
    expect(() => startLoad(spec({ rate: 0 }), () => targets)).toThrow(/LOAD_SPEC_INVALID|rate must be > 0/);
    expect(() => startLoad(spec({ mix: { create: 0 } }), () => targets)).toThrow(/mix/);
  });
});
