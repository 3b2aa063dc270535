/**
 * Mutations of a JSON value for the fuzz suite: a value at a random path replaced, deleted, or
 * given a sibling with an odd key; and the transaction fields worth a direct hit.
 */
import fc from 'fast-check';
import { badAmount, badOperation, badVersion, hostileValue, oddKey } from './hostile-values.js';

const MAX_ENTRIES = 12;

export type Path = (string | number)[];

/** Paths of every value inside `v` (not the root), at most `depth` deep. */
function pathsOf(v: unknown, depth = 6, at: Path = []): Path[] {
  if (depth === 0 || v === null || typeof v !== 'object') return [];
  // The first few entries of each container only: a huge array (bigValue) would cost 40,000 paths.
  const entries: [string | number, unknown][] = (
    Array.isArray(v)
      ? v.slice(0, MAX_ENTRIES).map((x: unknown, i) => [i, x])
      : Object.entries(v).slice(0, MAX_ENTRIES)
  ) as [string | number, unknown][];
  return entries.flatMap(([k, x]) => [[...at, k], ...pathsOf(x, depth - 1, [...at, k])]);
}

type Container = Record<string | number, unknown>;

export function parentOf(root: unknown, path: Path): Container {
  let v = root as Container;
  for (const k of path.slice(0, -1)) v = v[k] as Container;
  return v;
}

export type Mutation = { op: 'set' | 'delete' | 'add'; pick: number; key: string; value: unknown };

export const mutation: fc.Arbitrary<Mutation> = fc.record({
  op: fc.constantFrom('set', 'set', 'delete', 'add'),
  pick: fc.nat(),
  key: oddKey,
  value: hostileValue,
});

/** Applies `m` to a copy of `value` (the copy is returned). */
export function mutate(value: unknown, m: Mutation): unknown {
  const copy = structuredClone(value);
  const paths = pathsOf(copy);
  const path = paths[m.pick % Math.max(1, paths.length)];
  if (path === undefined) return copy;
  const parent = parentOf(copy, path);
  const key = path[path.length - 1] as string | number;
  if (m.op === 'set') parent[key] = m.value;
  else if (m.op === 'delete' && Array.isArray(parent)) parent.splice(key as number, 1);
  else if (m.op === 'delete') delete parent[key];
  else {
    const target = parent[key];
    const isObject = (o: unknown): o is Container => o !== null && typeof o === 'object' && !Array.isArray(o);
    const obj = isObject(target) ? target : isObject(parent) ? parent : undefined;
    if (obj === undefined) return copy;
    Object.defineProperty(obj, m.key, {
      value: m.value,
      enumerable: true,
      writable: true,
      configurable: true,
    });
  }
  return copy;
}

/** Fields worth a direct hit, with what to put there. */
export const TARGETED: [Path, fc.Arbitrary<unknown>][] = [
  [['version'], badVersion],
  [['operation'], badOperation],
  [['outputs', 0, 'amount'], badAmount],
];
