import { mkdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { ScenarioStepError } from '../errors.js';
import type { ScenarioRun } from '../run-state.js';

/** A backup step: the ledger to a file (default backup-<step>.json in the run's directory). */
export async function runBackup(run: ScenarioRun, file: string | undefined, index: number): Promise<string> {
  const target = file === undefined ? join(run.dir, `backup-${index}.json`) : resolve(file);
  // The run's own directory is written at the end (report.json): make it now for the backup.
  if (file === undefined) await mkdir(run.dir, { recursive: true });
  const summary = await run.services.backup(run.federation, target);
  run.lastBackup = target;
  return `${summary.blocks} blocks, ${summary.votes} votes, ${summary.transactions} transactions -> ${target}`;
}

/**
 * A restore step (default: the last backup's file). `fresh`: down --volumes, then up the same
 * federation (same keys: the operators' directories stay), then restore into its empty tables.
 */
export async function runRestore(
  run: ScenarioRun,
  restore: { file?: string | undefined; fresh: boolean },
  stepName: string,
): Promise<string> {
  const file = restore.file === undefined ? run.lastBackup : resolve(restore.file);
  if (file === undefined)
    throw new ScenarioStepError(stepName, 'no backup to restore; add a backup step or a file');
  if (restore.fresh) {
    if (!run.source)
      throw new ScenarioStepError(
        stepName,
        'restore with fresh: true needs the federation the scenario brings up; run it without --federation',
      );
    await run.lab.down(run.federation, { volumes: true });
    run.resetFaults(run.services.now());
    const running = await run.lab.up(run.source);
    run.operators = running.operators.map(({ name, apiUrl, publicKey }) => ({ name, apiUrl, publicKey }));
  }
  const summary = await run.services.restore(run.federation, file);
  const rebuilt = Object.values(summary.rebuilt).reduce((a, b) => a + b, 0);
  return `${summary.blocks} blocks, ${summary.votes} votes, ${summary.backlog} backlog rows restored (${rebuilt} derived rows rebuilt)${restore.fresh ? ' into a fresh federation' : ''}`;
}
