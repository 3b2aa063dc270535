import { InvalidArgumentError, type Command } from 'commander';
import { writeExampleFederationFile } from '../federation-file/example.js';
import type { LabOptions } from '../context.js';
import { FAULT_ACTIONS, parseFaultAction, parseFaultTarget } from '../fault/plan.js';
import { faultSummary } from '../fault/record.js';
import { createLab, type Lab } from '../lab.js';
import { renderStatus, statusSummary } from '../status/render.js';
import type { FederationStatus } from '../status/types.js';
import { FedlabError } from '../../shared/errors.js';
import { formatMs } from '../progress/progress.js';
import { runDemo } from '../demo.js';
import { federationName, labOptions, type CliIo, type GlobalOptions } from './io.js';
import { registerScenarioCommand } from './scenario-commands.js';
import { registerSoakCommand } from './soak-command.js';
import { registerLedgerCommands } from './ledger-commands.js';
import { registerMembershipCommands } from './membership-commands.js';
import { registerApiKeyCommands } from './api-key-commands.js';

const globals = (cmd: Command): GlobalOptions => cmd.optsWithGlobals<GlobalOptions>();
const int = (value: string): number => {
  const n = Number(value);
  // commander reports an InvalidArgumentError as a usage error (one line, exit 1), not a crash.
  if (value.trim() === '' || !Number.isInteger(n)) throw new InvalidArgumentError('not an integer');
  return n;
};

/** How commands get their Lab; tests pass one over fakes (only `fault` uses it so far). */
export type LabFactory = (options: LabOptions) => Lab;

export function registerCommands(program: Command, io: CliIo, makeLab: LabFactory = createLab): void {
  program
    .command('init')
    .description("write a commented example federation file (answers the seed's basic questions)")
    .option('--name <name>', 'federation name', 'demo')
    .option('--force', 'overwrite an existing file')
    .action(async (opts: { name: string; force?: boolean }, cmd: Command) => {
      const { file } = globals(cmd);
      await writeExampleFederationFile(file, { name: opts.name, ...(opts.force ? { force: true } : {}) });
      io.out(`wrote ${file}; edit it, then run: fedlab up`);
    });

  program
    .command('up')
    .description(
      'generate keys and config per operator, exchange public bundles, start everything, wait for "federation ready"',
    )
    .option('--keep-on-failure', 'leave the containers of a failed up running for inspection')
    .option('--no-build', 'never build missing images (fail and say how to build them)')
    .action(async (opts: { keepOnFailure?: boolean; build: boolean }, cmd: Command) => {
      const global = globals(cmd);
      const lab = createLab({ ...labOptions(global, io), buildImages: opts.build });
      const running = await lab.up({ file: global.file }, opts.keepOnFailure ? { keepOnFailure: true } : {});
      io.out(`federation "${running.name}" ready in ${formatMs(running.readyAfterMs)} (${running.engine})`);
      for (const op of running.operators) io.out(`  ${op.name.padEnd(10)} ${op.apiUrl}/api/v1/`);
      io.out(`status: fedlab status   logs: fedlab logs [operator]   stop: fedlab down [--volumes]`);
    });

  program
    .command('status')
    .description('operators, containers, node health, keyring agreement, database, blocks, votes, backlog')
    .option('--name <name>', 'federation name (default: from the federation file)')
    .option('--json', 'print JSON')
    .option('--check', 'exit 1 unless every operator is healthy and all keyrings agree (for scripts and CI)')
    .action(async (opts: { name?: string; json?: boolean; check?: boolean }, cmd: Command) => {
      const global = globals(cmd);
      const status = await createLab(labOptions(global, io)).status(await federationName(global, opts.name));
      io.out(opts.json ? JSON.stringify(status, null, 2) : renderStatus(status).trimEnd());
      if (opts.check) requireHealthy(status);
    });

  program
    .command('logs [operator]')
    .description("containers' logs, each line prefixed by its operator")
    .option('--name <name>', 'federation name (default: from the federation file)')
    .option('-F, --follow', 'keep streaming')
    .option('--tail <lines>', 'only the last lines of each container', int)
    .action(
      async (
        operator: string | undefined,
        opts: { name?: string; follow?: boolean; tail?: number },
        cmd: Command,
      ) => {
        const global = globals(cmd);
        const lab = createLab(labOptions(global, io));
        const logOptions = {
          follow: opts.follow ?? false,
          ...(operator ? { operator } : {}),
          ...(opts.tail === undefined ? {} : { tail: opts.tail }),
        };
        await lab.logs(await federationName(global, opts.name), logOptions, io.out);
      },
    );

  program
    .command('down')
    .description('remove exactly what this federation made (found by labels); idempotent')
    .option('--name <name>', 'federation name (default: from the federation file)')
    .option('-v, --volumes', 'also remove its data volumes')
    .action(async (opts: { name?: string; volumes?: boolean }, cmd: Command) => {
      const global = globals(cmd);
      const name = await federationName(global, opts.name);
      const done = await createLab(labOptions(global, io)).down(name, { volumes: opts.volumes ?? false });
      const what = `${done.containers.length} containers, ${done.networks.length} networks, ${done.volumes.length} volumes`;
      io.out(
        done.containers.length + done.networks.length + done.volumes.length === 0
          ? `nothing of "${name}" left to remove`
          : `removed ${what} of "${name}"`,
      );
    });

  program
    .command('fault <action> <operator>')
    .description(
      `make a fault on one operator and record it in faults.jsonl; action: ${FAULT_ACTIONS.join('|')} ` +
        '(partition: off the federation network, its node still reaching its own server; heal: back on)',
    )
    .option('--name <name>', 'federation name (default: from the federation file)')
    .option('--target <target>', 'node | database | both (default both: its node and its RethinkDB server)')
    .action(
      async (action: string, operator: string, opts: { name?: string; target?: string }, cmd: Command) => {
        const global = globals(cmd);
        // Checked before anything else, so a typo fails at once and names what exists.
        const checked = parseFaultAction(action);
        const target = opts.target === undefined ? undefined : parseFaultTarget(opts.target);
        const lab = makeLab(labOptions(global, io));
        const name = await federationName(global, opts.name);
        const record = await lab.fault(name, checked, operator, target === undefined ? {} : { target });
        io.out(faultSummary(record));
      },
    );

  program
    .command('demo')
    .description(
      'up a 3-operator federation "demo", CREATE via alpha, TRANSFER via beta, both VALID everywhere; leave it running',
    )
    .option('--base-port <port>', 'first host port of the node APIs', int)
    .option('--engine <engine>', 'rethinkdb | reqlite | auto', 'auto')
    .action(async (opts: { basePort?: number; engine: 'rethinkdb' | 'reqlite' | 'auto' }, cmd: Command) => {
      await runDemo({
        ...labOptions(globals(cmd), io),
        engine: opts.engine,
        ...(opts.basePort ? { basePort: opts.basePort } : {}),
        write: io.out,
      });
    });

  registerLedgerCommands(program, io, makeLab);
  registerScenarioCommand(program, io, makeLab);
  registerSoakCommand(program, io, makeLab);
  registerMembershipCommands(program, io, makeLab);
  registerApiKeyCommands(program, io, makeLab);
}

/** `status --check`: a federation that is not fully healthy is an error (exit 1) for scripts. */
function requireHealthy(status: FederationStatus): void {
  if (status.allHealthy && status.keyringsAgree) return;
  throw new FedlabError(
    'FEDERATION_NOT_HEALTHY',
    `federation "${status.name}" is not healthy: ${statusSummary(status)}; see the table above, or fedlab logs`,
    { details: { name: status.name } },
  );
}
