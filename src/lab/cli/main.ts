#!/usr/bin/env node
// The `fedlab` command. The only place in the lab that exits the process.
import { CommanderError } from 'commander';
import { describeError, isFedlabError } from '../../shared/errors.js';
import { buildProgram } from './program.js';
import type { CliIo } from './io.js';

async function main(argv: readonly string[]): Promise<number> {
  const controller = new AbortController();
  let interrupts = 0;
  process.on('SIGINT', () => {
    interrupts += 1;
    if (interrupts > 1) process.exit(130);
    process.stderr.write('\nfedlab: interrupted; stopping and cleaning up (Ctrl-C again to quit at once)\n');
    controller.abort();
  });
  const io: CliIo = {
    out: (line) => void process.stdout.write(line + '\n'),
    err: (line) => void process.stderr.write(line + '\n'),
    signal: controller.signal,
  };
  try {
    await buildProgram(io).parseAsync([...argv]);
    return controller.signal.aborted ? 130 : 0;
  } catch (error) {
    return reportError(error, io);
  }
}

function reportError(error: unknown, io: CliIo): number {
  if (error instanceof CommanderError) return error.exitCode; // commander already printed it
  if (isFedlabError(error)) {
    io.err(`fedlab: ${error.message} [${error.code}]`);
    return 1;
  }
  io.err(`fedlab: unexpected error: ${describeError(error)}`);
  if (error instanceof Error && error.stack) io.err(error.stack);
  return 70;
}

process.exitCode = await main(process.argv);
// Open handles (a followed log stream, keep-alive sockets) must not keep a finished command alive.
process.exit(process.exitCode);
