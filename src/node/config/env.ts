/**
 * Environment overrides: BIGCHAINDB_<PATH_IN_UPPER_CASE> for every config leaf, coerced to the
 * type of the key (lists split on ":", as BigchainDB did for BIGCHAINDB_KEYRING).
 */
import { configLeaves, type ConfigLeaf } from './leaves.js';
import { setPath, type ConfigLayer } from './merge.js';

export type Env = Readonly<Record<string, string | undefined>>;

export interface EnvOverrides {
  layer: ConfigLayer;
  /** Which env variable set which config path (joined by "."), to name it in errors. */
  sources: ReadonlyMap<string, string>;
  problems: string[];
}

const TRUE = new Set(['true', '1', 'yes', 'on']);
const FALSE = new Set(['false', '0', 'no', 'off']);

function splitList(raw: string): string[] {
  return raw === ''
    ? []
    : raw
        .split(':')
        .map((s) => s.trim())
        .filter((s) => s !== '');
}

/** The value of `raw` as the leaf's kind, or an error message. */
export function coerceEnvValue(leaf: ConfigLeaf, raw: string): { value: unknown } | { error: string } {
  if (leaf.nullable && raw === '') return { value: null };
  switch (leaf.kind) {
    case 'string':
      return { value: raw };
    case 'number': {
      const n = Number(raw);
      return raw.trim() !== '' && Number.isFinite(n) ? { value: n } : { error: `"${raw}" is not a number` };
    }
    case 'boolean': {
      const lower = raw.trim().toLowerCase();
      if (TRUE.has(lower)) return { value: true };
      if (FALSE.has(lower)) return { value: false };
      return { error: `"${raw}" is not a boolean (use true or false)` };
    }
    case 'list':
      return { value: splitList(raw) };
    case 'string-or-list':
      return { value: raw === leaf.defaultValue ? raw : splitList(raw) };
    case 'json':
      try {
        return { value: JSON.parse(raw) as unknown };
      } catch (e) {
        return { error: `not valid JSON (${(e as Error).message})` };
      }
  }
}

/** The config layer given by the BIGCHAINDB_* variables of `env` (unknown ones are ignored). */
export function envOverrides(env: Env): EnvOverrides {
  let layer: ConfigLayer = {};
  const sources = new Map<string, string>();
  const problems: string[] = [];
  for (const leaf of configLeaves()) {
    const raw = env[leaf.envName];
    if (raw === undefined) continue;
    const dotted = leaf.path.join('.');
    const result = coerceEnvValue(leaf, raw);
    if ('error' in result) {
      problems.push(`${dotted}: ${result.error} (from ${leaf.envName})`);
      continue;
    }
    layer = setPath(layer, leaf.path, result.value);
    sources.set(dotted, leaf.envName);
  }
  return { layer, sources, problems };
}
