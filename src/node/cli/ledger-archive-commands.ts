/** Registration of `export` and `import` (the ledger archive); each module is imported when run. */
import type { Command } from 'commander';
import type { CliContext } from './context.js';
import type { ExportFlags } from './commands/export.js';

export function addLedgerArchiveCommands(program: Command, ctx: () => CliContext): void {
  program
    .command('export')
    .description(
      'write the ledger (backlog, blocks, votes; consistent: backlog read first) as one JSON ledger archive',
    )
    .option('--out <file>', 'write to FILE (0600, atomically) instead of stdout ("-")')
    .option('--all-tables', 'also every other table, raw (for failure bundles)', false)
    .action(async (o: ExportFlags) => (await import('./commands/export.js')).exportCommand(ctx(), o));
  program
    .command('import [file]')
    .description(
      'write a ledger archive into this fresh ledger (same members only), rebuild the derived tables; prints a JSON summary',
    )
    .action(async (file: string | undefined) =>
      (await import('./commands/import.js')).importCommand(ctx(), file ?? '-'),
    );
}
