import { BASE58_KEY } from '../../shared/crypto/index.js';
import { CommandFailedError } from '../../shared/errors.js';
import type { DockerClient } from '../docker/docker-client.js';
import { tail } from '../process/run-command.js';
import { NODE_CONFIG_IN_CONTAINER } from '../compose/operator-compose.js';

/** The node CLI commands an operator runs on its own machine before the exchange. */
export interface NodeCli {
  /** `bigchaindb -c <dir>/.bigchaindb configure -y`: a config with a fresh keypair. */
  configure(operatorDir: string, env: Readonly<Record<string, string>>): Promise<void>;
  /** `bigchaindb -c <dir>/.bigchaindb export-my-pubkey`. */
  exportPubkey(operatorDir: string): Promise<string>;
}

export interface DockerNodeCliOptions {
  image: string;
  /** Labels of the one-off containers, so `down` finds any left behind. */
  labels: Readonly<Record<string, string>>;
  /** uid:gid to run as, so the files belong to the user running the lab. */
  user?: string;
}

/** The real NodeCli: runs the node image with the operator's directory mounted as /data. */
export class DockerNodeCli implements NodeCli {
  constructor(
    private readonly docker: DockerClient,
    private readonly options: DockerNodeCliOptions,
  ) {}

  async configure(operatorDir: string, env: Readonly<Record<string, string>>): Promise<void> {
    await this.run(operatorDir, ['configure', '-y'], env);
  }

  async exportPubkey(operatorDir: string): Promise<string> {
    const out = await this.run(operatorDir, ['export-my-pubkey'], {});
    const key = out.trim().split('\n').pop()?.trim() ?? '';
    if (!BASE58_KEY.test(key)) {
      throw new CommandFailedError(
        this.argv(operatorDir, ['export-my-pubkey']),
        0,
        `expected a base58 public key, got: ${tail(out, 3)}`,
      );
    }
    return key;
  }

  private async run(
    operatorDir: string,
    command: readonly string[],
    env: Readonly<Record<string, string>>,
  ): Promise<string> {
    const args = ['-c', NODE_CONFIG_IN_CONTAINER, ...command];
    const result = await this.docker.runOnce({
      image: this.options.image,
      args,
      env,
      binds: [`${operatorDir}:/data`],
      labels: this.options.labels,
      ...(this.options.user === undefined ? {} : { user: this.options.user }),
    });
    if (result.exitCode !== 0) {
      throw new CommandFailedError(
        this.argv(operatorDir, command),
        result.exitCode,
        tail(result.stderr || result.stdout),
      );
    }
    return result.stdout;
  }

  private argv(operatorDir: string, command: readonly string[]): string[] {
    return [
      'docker',
      'run',
      '--rm',
      '-v',
      `${operatorDir}:/data`,
      this.options.image,
      '-c',
      NODE_CONFIG_IN_CONTAINER,
      ...command,
    ];
  }
}

/** uid:gid of this process (POSIX), so containers write files the user can read back. */
export function currentUser(): string | undefined {
  return process.getuid && process.getgid ? `${process.getuid()}:${process.getgid()}` : undefined;
}
