import { buildCreate } from '../../../../src/protocol/index.js';
import { generateKeypair } from '../../../../src/shared/crypto/index.js';
import { createPrng } from '../../../../src/lab/load/prng.js';
import { Wallet, type OutputOwner } from '../../../../src/lab/load/wallet.js';

const kp = generateKeypair();
const owner: OutputOwner = { kind: 'single', keypair: kp };
const tx = (n: number) => buildCreate(kp, { n }, null, kp.publicKey, '5');

describe('wallet', () => {
  it('spends only outputs of transactions seen VALID', () => {
    const w = new Wallet();
    const a = tx(1);
    w.addPending(a, [{ owner, tag: 'divisible' }]);
    expect(w.take(createPrng(1))).toBeUndefined();
    expect(w.markValid(a.id)).toBe(true);
    expect(w.markValid(a.id)).toBe(false); // once
    const out = w.take(createPrng(1));
    expect(out).toMatchObject({ ref: `${a.id}:0`, amount: 5, tag: 'divisible', index: 0 });
    expect(w.take(createPrng(1))).toBeUndefined(); // taken for good
    expect(w.counts()).toEqual({ pendingTxs: 0, spendable: 0, taken: 1 });
  });

  it('forgets rejected transactions and filters by what fits', () => {
    const w = new Wallet();
    const [a, b, c] = [tx(1), tx(2), tx(3)];
    w.addPending(a, [{ owner, tag: 'plain' }]);
    w.addPending(b, [{ owner, tag: 'threshold' }]);
    w.addPending(c, [{ owner, tag: 'plain' }]);
    w.forget(c.id);
    expect(w.markValid(c.id)).toBe(false);
    w.markValid(a.id);
    w.markValid(b.id);
    expect(w.has((o) => o.tag === 'threshold')).toBe(true);
    expect(w.take(createPrng(2), (o) => o.tag === 'threshold')?.tx.id).toBe(b.id);
    expect(w.take(createPrng(2), (o) => o.tag === 'threshold')).toBeUndefined();
    expect(w.take(createPrng(2))?.tx.id).toBe(a.id);
  });

  it('chooses among spendable outputs with the PRNG (same seed, same choice)', () => {
    const fill = (): Wallet => {
      const w = new Wallet();
      for (const t of [tx(1), tx(2), tx(3), tx(4)]) {
        w.addPending(t, [{ owner, tag: 'plain' }]);
        w.markValid(t.id);
      }
      return w;
    };
    const order = (seed: number) => {
      const w = fill();
      const prng = createPrng(seed);
      return Array.from({ length: 4 }, () => w.take(prng)?.ref);
    };
    expect(order(9)).toEqual(order(9));
    expect(new Set(order(9)).size).toBe(4);
  });
});
