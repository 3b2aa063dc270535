/**
 * A tiny seeded PRNG (mulberry32: 32-bit state, period 2^32, fast, good enough to choose load);
 * the same seed gives the same sequence on every platform. Not for keys that guard value.
 */
export interface Prng {
  /** Uniform in [0, 1). */
  next(): number;
  /** Integer in [min, max] (both included). */
  int(min: number, max: number): number;
  /** One element of a non-empty list. */
  pick<T>(items: readonly T[]): T;
  /** A key chosen with probability proportional to its weight (weights <= 0 never chosen). */
  weighted<K extends string>(weights: Partial<Record<K, number>>): K | undefined;
  /** `n` bytes (e.g. a key seed). */
  bytes(n: number): Buffer;
}

export function createPrng(seed: number): Prng {
  let state = seed >>> 0;
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (min: number, max: number): number => min + Math.floor(next() * (max - min + 1));
  return {
    next,
    int,
    pick: <T>(items: readonly T[]): T => {
      if (items.length === 0) throw new RangeError('pick from an empty list');
      return items[int(0, items.length - 1)] as T;
    },
    weighted: <K extends string>(weights: Partial<Record<K, number>>): K | undefined => {
      // Sorted keys: the choice must not depend on the order the caller wrote the object in.
      const entries = (Object.entries(weights) as [K, number][])
        .filter(([, w]) => w > 0)
        .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
      const total = entries.reduce((sum, [, w]) => sum + w, 0);
      if (total <= 0) return undefined;
      let roll = next() * total;
      for (const [key, w] of entries) {
        roll -= w;
        if (roll < 0) return key;
      }
      return entries[entries.length - 1]?.[0];
    },
    bytes: (n: number): Buffer => Buffer.from(Array.from({ length: n }, () => int(0, 255))),
  };
}

/** A second, independent stream from the same seed (so key material does not shift choices). */
export function deriveSeed(seed: number, stream: number): number {
  return (Math.imul(seed ^ 0x9e3779b9, 0x85ebca6b) + Math.imul(stream, 0xc2b2ae35)) >>> 0;
}
