/**
 * The `bigchaindb` command line (commander). `runCli` returns the exit code instead of exiting,
 * so tests run commands in-process; only main.ts exits the process.
 *   0  success
 *   1  an expected failure (FedlabError): one line `error: <message>` on stderr
 *   2  wrong usage (unknown command or option, missing argument)
 *   70 a bug (unexpected error): the stack on stderr
 * Each command's module is imported when that command runs: importing every command (the ledger
 * core, its crypto-conditions, the store) made even `configure` load all of it (a one-shot
 * container of `--help` took 1.4 s, 0.7 s with this; measured on a 2-core machine), and the lab
 * runs several one-shot containers of this CLI for each `up`.
 */
import { Command, CommanderError } from 'commander';
import { FedlabError } from '../../shared/errors.js';
import { CliUsageError } from './cli-errors.js';
import type { CliContext } from './context.js';
import type { InitFlags } from './commands/init.js';
import type { SetAdminPasswordFlags } from './commands/set-admin-password.js';
import type { ClusterFlags } from './cluster-options.js';
import { addLedgerArchiveCommands } from './ledger-archive-commands.js';
import { addMembershipCommands } from './membership-commands.js';

export const EXIT_OK = 0;
export const EXIT_FAILURE = 1;
export const EXIT_USAGE = 2;
export const EXIT_BUG = 70;

type Ctx = Omit<CliContext, 'configPath'>;

function withConfig(program: Command, base: Ctx): CliContext {
  return { ...base, configPath: program.opts<{ config?: string }>().config };
}

function addCommands(program: Command, base: Ctx): void {
  const ctx = (): CliContext => withConfig(program, base);
  program
    .command('configure')
    .description('write a config file with a fresh keypair (values from BIGCHAINDB_* environment variables)')
    .option('-y, --yes', 'overwrite an existing config file', false)
    .action(async (o: { yes: boolean }) =>
      (await import('./commands/configure.js')).configureCommand(ctx(), o),
    );
  program
    .command('show-config')
    .description('print the effective config, private key masked')
    .action(async () => (await import('./commands/show-config.js')).showConfigCommand(ctx()));
  program
    .command('export-my-pubkey')
    .description("print this node's public key")
    .action(async () => (await import('./commands/export-my-pubkey.js')).exportMyPubkeyCommand(ctx()));
  program
    .command('init')
    .description(
      'create what is missing of the database, tables and indexes, wait until ready, write the genesis block',
    )
    .option('--wait-servers <n>', 'first wait until the cluster has at least N servers')
    .option('--shards <s>', 'then set every table to S shards (as set-shards)')
    .option('--replicas <r>', 'then set every table to R replicas (as set-replicas)')
    .option(
      '--heartbeat-timeout <sec>',
      "set RethinkDB's cluster heartbeat timeout (how soon a silent server counts as lost; default 10)",
    )
    .option(
      '--admission <rule>',
      'governance rule of membership changes written into epoch 0: majority or unanimous',
      'majority',
    )
    .option(
      '--users <names...>',
      'then create or update these database users as create-user does (passwords from $BIGCHAINDB_USER_PASSWORD_<NAME>)',
    )
    .option('--keep-existing', 'a database that exists already is kept and said, not refused', false)
    .option('--json', 'end with one JSON object: {database: created|existed, users, status}', false)
    .option('--timeout <sec>', 'bound every wait (servers, readiness, replicas)', '120')
    .action(async (o: InitFlags) => (await import('./commands/init.js')).initCommand(ctx(), o));
  program
    .command('drop')
    .description('drop the database')
    .option('-y, --yes', 'do not ask for confirmation', false)
    .action(async (o: { yes: boolean }) => (await import('./commands/drop.js')).dropCommand(ctx(), o));
  program
    .command('start')
    .description('init if needed, then run the pipelines and the HTTP API')
    .action(async () => (await import('./commands/start.js')).startCommand(ctx()));
  program
    .command('set-shards <n>')
    .description('set the number of shards of every table')
    .action(async (n: string) =>
      (await import('./commands/reconfigure.js')).reconfigureCommand(ctx(), 'shards', n),
    );
  program
    .command('set-replicas <r>')
    .description('set the number of replicas of every table')
    .action(async (r: string) =>
      (await import('./commands/reconfigure.js')).reconfigureCommand(ctx(), 'replicas', r),
    );
  addClusterCommands(program, ctx);
  addLedgerArchiveCommands(program, ctx);
  addMembershipCommands(program, ctx);
}

function addClusterCommands(program: Command, ctx: () => CliContext): void {
  program
    .command('cluster-status')
    .description(
      "the database cluster: engine, servers, admin password set, the ledger's tables and readiness",
    )
    .option('--wait-servers <n>', 'first wait until the cluster has at least N servers')
    .option('--timeout <sec>', 'bound connecting and waiting', '120')
    .option('--json', 'print one JSON object', false)
    .action(async (o: ClusterFlags & { json: boolean }) =>
      (await import('./commands/cluster-status.js')).clusterStatusCommand(ctx(), o),
    );
  program
    .command('set-admin-password')
    .description(
      'set the admin password from database.password (BIGCHAINDB_DATABASE_PASSWORD) on a fresh cluster',
    )
    .option('--wait-servers <n>', 'first wait until the cluster has at least N servers')
    .option('--timeout <sec>', 'bound connecting and waiting', '120')
    .option('--json', 'print one JSON object: {adminPassword: set|already set, servers}', false)
    .action(async (o: SetAdminPasswordFlags) =>
      (await import('./commands/set-admin-password.js')).setAdminPasswordCommand(ctx(), o),
    );
  program
    .command('create-user <names...>')
    .description(
      'create or update database users (password of NAME from $BIGCHAINDB_USER_PASSWORD_<NAME>) with read/write on the ledger database and read on rethinkdb',
    )
    .action(async (names: string[]) =>
      (await import('./commands/create-user.js')).createUserCommand(ctx(), names),
    );
}

export function buildProgram(base: Ctx): Command {
  const program = new Command('bigchaindb')
    .description('a BigchainDB-style federation node (fedlab)')
    .option('-c, --config <path>', 'config file (default: $BIGCHAINDB_CONFIG_PATH, else ~/.bigchaindb)')
    .exitOverride()
    .showHelpAfterError()
    .configureOutput({
      writeOut: (s) => base.io.out(s.replace(/\n$/, '')),
      writeErr: (s) => base.io.err(s.replace(/\n$/, '')),
    });
  addCommands(program, base);
  return program;
}

/** Runs one command line; resolves with the exit code. */
export async function runCli(argv: readonly string[], base: Ctx): Promise<number> {
  const program = buildProgram(base);
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return EXIT_OK;
  } catch (e) {
    if (e instanceof CommanderError) {
      return e.exitCode === 0 ? EXIT_OK : EXIT_USAGE;
    }
    if (e instanceof CliUsageError) {
      base.io.err(`error: ${e.message}`);
      return EXIT_USAGE;
    }
    if (e instanceof FedlabError) {
      base.io.err(`error: ${e.message}`);
      return EXIT_FAILURE;
    }
    base.io.err(
      `unexpected error (a bug; please report it):\n${e instanceof Error ? (e.stack ?? e.message) : String(e)}`,
    );
    return EXIT_BUG;
  }
}
