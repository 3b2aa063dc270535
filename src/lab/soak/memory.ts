/**
 * Whether a node's memory grows during a soak (pure). Memory is read from outside, as `docker
 * stats` shows it, never from the node's own counters. A node restarted by a fault starts low
 * again, so growth is judged on the steady state: the median of the samples in the last third of
 * the run against the median of the first third (after the first `warmupShare` of the run, while
 * caches fill). Allowed: `allowedBytes` or `allowedShare` of the first figure, whichever is more.
 */
export interface MemorySample {
  atMs: number;
  bytes: number;
}

export interface MemoryFigures {
  operator: string;
  samples: number;
  firstMedianBytes: number;
  lastMedianBytes: number;
  peakBytes: number;
  growthBytes: number;
  allowedGrowthBytes: number;
  grew: boolean;
}

export const MEMORY_RULE = { warmupShare: 0.15, allowedBytes: 64 * 1024 * 1024, allowedShare: 0.5 } as const;
/** Fewer samples than this (an operator admitted late, removed early): reported, not judged. */
export const MIN_SAMPLES = 6;

const median = (xs: readonly number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 === 1 ? (s[mid] as number) : ((s[mid - 1] as number) + (s[mid] as number)) / 2;
};

export function memoryFigures(
  operator: string,
  samples: readonly MemorySample[],
  rule: typeof MEMORY_RULE = MEMORY_RULE,
): MemoryFigures | undefined {
  if (samples.length === 0) return undefined;
  const start = Math.min(...samples.map((s) => s.atMs));
  const end = Math.max(...samples.map((s) => s.atMs));
  const from = start + (end - start) * rule.warmupShare;
  const steady = samples.filter((s) => s.atMs >= from);
  const span = end - from;
  const first = steady.filter((s) => s.atMs <= from + span / 3).map((s) => s.bytes);
  const last = steady.filter((s) => s.atMs >= end - span / 3).map((s) => s.bytes);
  const firstMedianBytes = first.length > 0 ? median(first) : (samples[0] as MemorySample).bytes;
  const lastMedianBytes = last.length > 0 ? median(last) : firstMedianBytes;
  const growthBytes = lastMedianBytes - firstMedianBytes;
  const allowedGrowthBytes = Math.max(rule.allowedBytes, firstMedianBytes * rule.allowedShare);
  return {
    operator,
    samples: samples.length,
    firstMedianBytes,
    lastMedianBytes,
    peakBytes: Math.max(...samples.map((s) => s.bytes)),
    growthBytes,
    allowedGrowthBytes,
    grew: samples.length >= MIN_SAMPLES && growthBytes > allowedGrowthBytes,
  };
}

const mib = (bytes: number): string => `${(bytes / 1024 / 1024).toFixed(1)} MiB`;

/** One line per node: "alpha: 61.2 MiB -> 63.0 MiB (peak 70.1 MiB, +1.8 MiB of 64.0 MiB allowed)". */
export function describeMemory(f: MemoryFigures): string {
  const sign = f.growthBytes >= 0 ? '+' : '-';
  const judged = f.samples >= MIN_SAMPLES ? '' : ` (only ${f.samples} samples: not judged)`;
  return (
    `${f.operator}: ${mib(f.firstMedianBytes)} -> ${mib(f.lastMedianBytes)} ` +
    `(peak ${mib(f.peakBytes)}, ${sign}${mib(Math.abs(f.growthBytes))} of ${mib(f.allowedGrowthBytes)} allowed)` +
    `${f.grew ? ' GREW' : ''}${judged}`
  );
}
