/**
 * `fedlab backup <file> [--name F] [--json]` and `fedlab restore <file> [--name F] [--json]`:
 * the ledger of a running federation to a file (JSON; gzip when FILE ends in .gz), and back
 * into a fresh federation with the same members (src/lab/ledger/).
 */
import type { Command } from 'commander';
import { createLab } from '../lab.js';
import { describeBackup } from '../ledger/backup-file.js';
import { backupFederation, describeRestore, restoreFederation } from '../ledger/ledger-io.js';
import type { LabFactory } from './commands.js';
import { federationName, labOptions, type CliIo, type GlobalOptions } from './io.js';

interface LedgerCommandOptions {
  name?: string;
  json?: boolean;
}

export async function backupCommand(
  file: string,
  opts: LedgerCommandOptions,
  global: GlobalOptions,
  io: CliIo,
  makeLab: LabFactory = createLab,
): Promise<void> {
  const lab = makeLab(labOptions(global, io));
  const summary = await backupFederation(lab.context, await federationName(global, opts.name), file);
  (opts.json ? [JSON.stringify(summary, null, 2)] : describeBackup(summary)).forEach((l) => io.out(l));
}

export async function restoreCommand(
  file: string,
  opts: LedgerCommandOptions,
  global: GlobalOptions,
  io: CliIo,
  makeLab: LabFactory = createLab,
): Promise<void> {
  const lab = makeLab(labOptions(global, io));
  const summary = await restoreFederation(lab.context, await federationName(global, opts.name), file);
  (opts.json ? [JSON.stringify(summary, null, 2)] : describeRestore(summary)).forEach((l) => io.out(l));
}

/** Adds `backup` and `restore` to the program (call from registerCommands). */
export function registerLedgerCommands(program: Command, io: CliIo, makeLab: LabFactory = createLab): void {
  const globals = (cmd: Command): GlobalOptions => cmd.optsWithGlobals<GlobalOptions>();
  program
    .command('backup <file>')
    .description(
      "write the running federation's ledger (blocks, votes, backlog; consistent) to FILE (0600; gzip if it ends in .gz) and say what it holds",
    )
    .option('--name <name>', 'federation name (default: from the federation file)')
    .option('--json', 'print the summary as JSON')
    .action((file: string, opts: LedgerCommandOptions, cmd: Command) =>
      backupCommand(file, opts, globals(cmd), io, makeLab),
    );
  program
    .command('restore <file>')
    .description(
      'write a backup into a FRESH federation with the same members (fedlab down --volumes, fedlab up, then restore)',
    )
    .option('--name <name>', 'federation name (default: from the federation file)')
    .option('--json', 'print the summary as JSON')
    .action((file: string, opts: LedgerCommandOptions, cmd: Command) =>
      restoreCommand(file, opts, globals(cmd), io, makeLab),
    );
}
