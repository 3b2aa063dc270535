import { Command } from 'commander';
import { DEFAULT_FEDERATION_FILE } from '../federation-file/parse.js';
import { registerCommands, type LabFactory } from './commands.js';
import type { CliIo } from './io.js';

/** The `fedlab` program (commands and global options), without exiting: main.ts does that. */
export function buildProgram(io: CliIo, makeLab?: LabFactory): Command {
  const program = new Command('fedlab')
    .description('run a multi-operator BigchainDB-style federation, as the seed document sets one up')
    .option('-f, --file <path>', 'federation file', DEFAULT_FEDERATION_FILE)
    .option('--state-dir <dir>', 'where generated material lives', '.fedlab')
    .option('--docker-socket <path>', 'Docker engine socket (default $DOCKER_HOST or /var/run/docker.sock)')
    .exitOverride()
    .showHelpAfterError();
  registerCommands(program, io, makeLab);
  return program;
}
