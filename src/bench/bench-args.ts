/** The node bench's flags: defaults < flags; a bad value is one clear line. */
import { ConfigError } from '../shared/errors.js';
import { imageVersions } from '../shared/images.js';
import type { Endpoint } from './bench-federation.js';
import type { BenchEngine } from './engine-run.js';

export interface BenchArgs {
  engines: BenchEngine[];
  seconds: number;
  clients: number;
  commitSeconds: number;
  /** reqlite engine only: use this server instead of starting one. */
  db: Endpoint | null;
  /** rethinkdb engine: the server image (default: images/versions.json). */
  rethinkdbImage: string;
}

export const USAGE =
  'node dist/bench/node-bench.js [--engine reqlite|rethinkdb|both] [--seconds 30] [--clients 24] ' +
  '[--commit-seconds 10] [--db HOST:PORT (reqlite engine: use this server)] [--rethinkdb-image IMAGE]';

const ENGINES: Record<string, BenchEngine[]> = {
  reqlite: ['reqlite'],
  rethinkdb: ['rethinkdb'],
  both: ['reqlite', 'rethinkdb'],
};

export function parseBenchArgs(argv: readonly string[]): BenchArgs {
  const problems: string[] = [];
  const get = (name: string): string | undefined => {
    const i = argv.indexOf(`--${name}`);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  const positive = (name: string, fallback: number): number => {
    const raw = get(name);
    const value = Number(raw ?? fallback);
    if (!Number.isFinite(value) || value <= 0)
      problems.push(`--${name}: must be a positive number, got "${raw}"`);
    return value;
  };
  const engine = get('engine') ?? 'both';
  const engines = ENGINES[engine] ?? [];
  if (engines.length === 0) problems.push(`--engine: must be reqlite, rethinkdb or both, got "${engine}"`);
  const dbFlag = get('db');
  const [host, port] = dbFlag?.split(':') ?? [];
  if (dbFlag !== undefined && !(Number(port) > 0)) problems.push(`--db: must be HOST:PORT, got "${dbFlag}"`);
  const args = {
    engines,
    seconds: positive('seconds', 30),
    clients: Math.floor(positive('clients', 24)),
    commitSeconds: positive('commit-seconds', 10),
    db: dbFlag === undefined ? null : { host: host || '127.0.0.1', port: Number(port) },
    rethinkdbImage: get('rethinkdb-image') ?? imageVersions().images.rethinkdb,
  };
  if (problems.length > 0) throw new ConfigError(`flags (usage: ${USAGE})`, problems);
  return args;
}
