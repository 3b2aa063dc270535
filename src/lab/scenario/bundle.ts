import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describeError } from '../../shared/errors.js';
import type { LabContext } from '../context.js';
import { writeFailureBundle } from '../failure/failure-bundle.js';
import { FederationPaths } from '../material/paths.js';
import { exportLedger } from './deps.js';
import { maskSecrets, SECRET_FILE } from './mask.js';

export interface BundleInput {
  /** The scenario's run directory (report.json is written there too). */
  dir: string;
  federation: string;
  operators: readonly string[];
  error: unknown;
}

/** The failure bundle's own paths: the scenario's run directory instead of failure-<time>/. */
class BundlePaths extends FederationPaths {
  constructor(
    stateDir: string,
    federation: string,
    private readonly dir: string,
  ) {
    super(stateDir, federation);
  }
  override failureDir(): string {
    return this.dir;
  }
}

/**
 * What a failed scenario leaves to read: up's failure bundle (error, every container's state and
 * log, compose files, rethinkdb.conf, public bundles), every operator's directory with its
 * secrets masked (files/operators/), and the contents of every table (tables.json).
 */
export async function writeScenarioBundle(ctx: LabContext, input: BundleInput): Promise<void> {
  const paths = new BundlePaths(ctx.stateDir, input.federation, input.dir);
  await writeFailureBundle(ctx.docker, paths, input.operators, input.error);
  for (const op of input.operators)
    await copyMasked(paths.operatorDir(op), join(input.dir, 'files', 'operators', op));
  await exportLedger(ctx, input.federation, { allTables: true }).then(
    (archive) => writeFile(join(input.dir, 'tables.json'), JSON.stringify(archive, null, 2) + '\n'),
    (error: unknown) => writeFile(join(input.dir, 'tables-ERROR.txt'), describeError(error) + '\n'),
  );
}

/** Copies a directory tree; secret files are replaced by a note, secret JSON values masked. */
export async function copyMasked(from: string, to: string): Promise<void> {
  const entries = await readdir(from, { withFileTypes: true }).catch(() => []);
  await mkdir(to, { recursive: true });
  for (const entry of entries) {
    const source = join(from, entry.name);
    const target = join(to, entry.name);
    if (entry.isDirectory()) await copyMasked(source, target);
    else if (!entry.isFile()) continue;
    else if (SECRET_FILE.test(entry.name)) await writeFile(target, '(masked: this file holds a secret)\n');
    else await writeFile(target, maskSecrets(entry.name, await readFile(source, 'utf8')));
  }
}
