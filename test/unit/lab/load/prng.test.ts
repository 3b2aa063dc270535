import { createPrng, deriveSeed } from '../../../../src/lab/load/prng.js';

const draw = (seed: number, n = 20): number[] => {
  const prng = createPrng(seed);
  return Array.from({ length: n }, () => prng.next());
};

describe('seeded PRNG', () => {
  it('gives the same sequence for the same seed, another for another seed', () => {
    expect(draw(42)).toEqual(draw(42));
    expect(draw(42)).not.toEqual(draw(43));
    // Pinned: a change of algorithm would silently change every recorded scenario's load.
    expect(createPrng(1).next()).toBeCloseTo(0.6270739405881613, 15);
  });

  it('stays in range and covers it', () => {
    const prng = createPrng(7);
    const ints = Array.from({ length: 2000 }, () => prng.int(1, 6));
    expect(new Set(ints)).toEqual(new Set([1, 2, 3, 4, 5, 6]));
    const floats = Array.from({ length: 2000 }, () => prng.next());
    expect(Math.min(...floats)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...floats)).toBeLessThan(1);
  });

  it('chooses by weight, never a zero weight, whatever the key order', () => {
    const a = createPrng(3);
    const b = createPrng(3);
    const seen = { create: 0, transfer: 0, threshold: 0 };
    for (let i = 0; i < 3000; i++) {
      const k = a.weighted({ create: 3, transfer: 1, threshold: 0 });
      expect(b.weighted({ threshold: 0, transfer: 1, create: 3 })).toBe(k);
      if (k) seen[k]++;
    }
    expect(seen.threshold).toBe(0);
    expect(seen.create / seen.transfer).toBeGreaterThan(2.4);
    expect(seen.create / seen.transfer).toBeLessThan(3.7);
    expect(createPrng(1).weighted({ create: 0 })).toBeUndefined();
  });

  it('derives independent streams', () => {
    expect(deriveSeed(5, 1)).toBe(deriveSeed(5, 1));
    expect(deriveSeed(5, 1)).not.toBe(deriveSeed(5, 2));
    expect(draw(deriveSeed(5, 1))).not.toEqual(draw(5));
  });
});
