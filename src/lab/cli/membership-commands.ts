/**
 * `fedlab admit <operator>`, `fedlab remove <operator>`, `fedlab rotate-key <operator>` (issue 12):
 * membership changes of a running federation by the governance rule; `--reject-by` makes the
 * named members vote no (to demonstrate a rejection).
 */
import { InvalidArgumentError, type Command } from 'commander';
import { loadFederationFile } from '../federation-file/parse.js';
import { resolveFederation, type Federation } from '../federation/model.js';
import { createLab, type MembershipOptions } from '../lab.js';
import { renderMembershipResult } from '../membership/render.js';
import type { MembershipResult } from '../membership/types.js';
import type { LabFactory } from './commands.js';
import { labOptions, type CliIo, type GlobalOptions } from './io.js';

interface MembershipFlags {
  name?: string;
  rejectBy?: string[];
  json?: boolean;
  apiPort?: number;
}

const list = (value: string): string[] =>
  value
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
const port = (value: string): number => {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1024 || n > 65535)
    throw new InvalidArgumentError('not a port (1024-65535)');
  return n;
};

/**
 * The federation and, when readable, its file: until a first change writes roster.json, the lab
 * knows the members' host names and ports from the file the federation was brought up with.
 */
async function target(
  global: GlobalOptions,
  name: string | undefined,
): Promise<{ name: string; federation?: Federation }> {
  try {
    const federation = resolveFederation(await loadFederationFile(global.file));
    return { name: name ?? federation.name, federation };
  } catch (error) {
    if (name) return { name };
    throw error;
  }
}

type Run = (
  name: string,
  operator: string,
  options: MembershipOptions & { apiPort?: number },
) => Promise<MembershipResult>;

function register(
  program: Command,
  io: CliIo,
  makeLab: LabFactory,
  usage: { command: string; description: string; admit?: boolean },
  pick: (lab: ReturnType<LabFactory>) => Run,
): void {
  const cmd = program
    .command(`${usage.command} <operator>`)
    .description(usage.description)
    .option('--name <name>', 'federation name (default: from the federation file)')
    .option(
      '--reject-by <operators>',
      'these members (comma-separated) vote no: to demonstrate a rejection',
      list,
    )
    .option('--json', 'print the result as JSON');
  if (usage.admit)
    cmd.option('--api-port <port>', "host port of the candidate's node API (default: next free)", port);
  cmd.action(async (operator: string, opts: MembershipFlags, c: Command) => {
    const global = c.optsWithGlobals<GlobalOptions>();
    const lab = makeLab(labOptions(global, io));
    const { name, federation } = await target(global, opts.name);
    const result = await pick(lab)(name, operator, {
      ...(federation ? { federation } : {}),
      ...(opts.rejectBy ? { rejectBy: opts.rejectBy } : {}),
      ...(opts.apiPort === undefined ? {} : { apiPort: opts.apiPort }),
    });
    (opts.json ? [JSON.stringify(result, null, 2)] : renderMembershipResult(result)).forEach((l) =>
      io.out(l),
    );
  });
}

/** Adds admit, remove and rotate-key to the program (call from registerCommands). */
export function registerMembershipCommands(
  program: Command,
  io: CliIo,
  makeLab: LabFactory = createLab,
): void {
  register(
    program,
    io,
    makeLab,
    {
      command: 'admit',
      description:
        'admit a new operator: it makes its keys and config, the members vote (governance.admission); approved, it joins and votes',
      admit: true,
    },
    (lab) => lab.admit,
  );
  register(
    program,
    io,
    makeLab,
    {
      command: 'remove',
      description: "remove a member by the members' vote; approved, its containers go, the rest still commit",
    },
    (lab) => lab.remove,
  );
  register(
    program,
    io,
    makeLab,
    {
      command: 'rotate-key',
      description:
        "give a member a new keypair by the members' vote (a new epoch; the old key stops counting)",
    },
    (lab) => lab.rotateKey,
  );
}
