/** Plain-object helpers for config layers (defaults < file < env < flags). */

export type ConfigLayer = Record<string, unknown>;

export function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Deep merge: objects merge key by key; arrays and scalars from `over` replace `base`. */
export function mergeLayers(base: unknown, over: unknown): unknown {
  if (over === undefined) return base;
  if (!isPlainObject(base) || !isPlainObject(over)) return over;
  const out: Record<string, unknown> = { ...base };
  for (const [k, v] of Object.entries(over)) out[k] = mergeLayers(base[k], v);
  return out;
}

/** A copy of `obj` with `value` at `path`, creating objects on the way. */
export function setPath(obj: ConfigLayer, path: readonly string[], value: unknown): ConfigLayer {
  const [head, ...rest] = path;
  if (head === undefined) return obj;
  const child = obj[head];
  const next = rest.length === 0 ? value : setPath(isPlainObject(child) ? child : {}, rest, value);
  return { ...obj, [head]: next };
}

/** The value at `path`, or undefined when any step is missing. */
export function getPath(obj: unknown, path: readonly (string | number | symbol)[]): unknown {
  let cur: unknown = obj;
  for (const key of path) {
    if (typeof key === 'symbol') return undefined;
    if (Array.isArray(cur) && typeof key === 'number') cur = cur[key];
    else if (isPlainObject(cur)) cur = cur[String(key)];
    else return undefined;
  }
  return cur;
}
