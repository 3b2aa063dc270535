/** Registration of `membership show|sign-possession|ballot|commit|pending` (issues 12, 16). */
import type { Command } from 'commander';
import type { CliContext } from './context.js';

// Imported when a command runs (program.ts says why).
const membershipModule = () => import('./commands/membership.js');

export function addMembershipCommands(program: Command, ctx: () => CliContext): void {
  const membership = program
    .command('membership')
    .description('the federation membership epochs: show them, sign ballots, commit a decided change');
  membership
    .command('show')
    .description(
      'the epochs in the membership table, their members and ballots, and records ignored (with why)',
    )
    .option('--json', 'as JSON: {current, epochs, ignored}', false)
    .action(async (o: { json: boolean }) => (await membershipModule()).membershipShowCommand(ctx(), o));
  membership
    .command('sign-possession')
    .description('prove this node holds the key a proposal (JSON on stdin) names: prints {possession}')
    .action(async () => (await membershipModule()).signPossessionCommand(ctx()));
  membership
    .command('ballot')
    .description("sign this node's ballot on a proposal (JSON on stdin): prints the ballot")
    .option('--approve', 'vote yes')
    .option('--reject', 'vote no')
    .action(async (o: { approve?: boolean; reject?: boolean }) =>
      (await membershipModule()).ballotCommand(ctx(), o),
    );
  membership
    .command('commit')
    .description(
      "count the ballots ({proposal, ballots} on stdin) under the current epoch's rule; when approved, write the next epoch: prints {tally, record}",
    )
    .option(
      '--allow-pending',
      'commit even while blocks of an epoch older than the current one are undecided (they may then never be decided)',
      false,
    )
    .action(async (o: { allowPending: boolean }) => (await membershipModule()).commitCommand(ctx(), o));
  membership
    .command('pending')
    .description(
      'the undecided blocks (oldest first) and whose votes they wait for; --voter KEY: only those naming KEY as a voter',
    )
    .option('--voter <key>', 'only blocks that name this public key as a voter')
    .option('--json', 'as JSON: {epoch, count, olderEpochs, blocks}', false)
    .action(async (o: { voter?: string; json: boolean }) =>
      (await import('./commands/membership-pending.js')).membershipPendingCommand(ctx(), o),
    );
}
