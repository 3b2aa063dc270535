/**
 * `fedlab api-key issue|list|revoke <operator>` (issue 16): read API keys of one operator's node,
 * for a federation whose policy.read is "api-key". `issue` prints the key once; only its sha256
 * is kept, in that operator's .bigchaindb.
 */
import type { Command } from 'commander';
import { createLab } from '../lab.js';
import { renderIssued, renderList, renderRevoked } from '../api-keys/render.js';
import type { LabFactory } from './commands.js';
import { federationName, labOptions, type CliIo, type GlobalOptions } from './io.js';

interface KeyFlags {
  name?: string;
  label?: string;
  json?: boolean;
}

export function registerApiKeyCommands(program: Command, io: CliIo, makeLab: LabFactory = createLab): void {
  const group = program
    .command('api-key')
    .description('read API keys of one operator\'s node (policy.read "api-key"): issue, list, revoke');
  const run = async (c: Command, opts: KeyFlags) => {
    const global = c.optsWithGlobals<GlobalOptions>();
    return { lab: makeLab(labOptions(global, io)), name: await federationName(global, opts.name) };
  };
  const print = (opts: KeyFlags, value: unknown, lines: string[]) =>
    (opts.json ? [JSON.stringify(value, null, 2)] : lines).forEach((l) => io.out(l));

  group
    .command('issue <operator>')
    .description("a new key for the operator's node, printed once; its hash is stored, the node restarted")
    .option('--label <label>', 'who or what the key is for', '')
    .option('--name <name>', 'federation name (default: from the federation file)')
    .option('--json', 'print the result as JSON (it holds the key)')
    .action(async (operator: string, opts: KeyFlags, c: Command) => {
      const { lab, name } = await run(c, opts);
      const issued = await lab.apiKeys.issue(name, operator, opts.label ?? '');
      print(opts, issued, renderIssued(issued));
    });

  group
    .command('list <operator>')
    .description("the operator's keys: ids, labels, when issued (never a key or hash)")
    .option('--name <name>', 'federation name (default: from the federation file)')
    .option('--json', 'print JSON')
    .action(async (operator: string, opts: KeyFlags, c: Command) => {
      const { lab, name } = await run(c, opts);
      const keys = await lab.apiKeys.list(name, operator);
      print(opts, keys, renderList(operator, keys));
    });

  group
    .command('revoke <operator> <id>')
    .description("remove a key from the operator's node (restarted, it refuses the key from then on)")
    .option('--name <name>', 'federation name (default: from the federation file)')
    .option('--json', 'print the result as JSON')
    .action(async (operator: string, id: string, opts: KeyFlags, c: Command) => {
      const { lab, name } = await run(c, opts);
      const revoked = await lab.apiKeys.revoke(name, operator, id);
      print(opts, revoked, renderRevoked(revoked));
    });
}
