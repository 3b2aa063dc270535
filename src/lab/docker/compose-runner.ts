import { dirname } from 'node:path';
import { runCommand, type CommandResult } from '../process/run-command.js';

/** One compose project: a unique name and its file (the file's directory is the project directory). */
export interface ComposeProject {
  readonly name: string;
  readonly file: string;
}

export interface ComposeRunOptions {
  /**
   * Variables the one-off container gets, by NAME only on the command line (`-e NAME`): the values
   * reach compose through its own environment, so a secret never appears in argv (`ps`, errors).
   */
  env?: Readonly<Record<string, string>>;
  /** Each line of output as it arrives (progress of a long wait). */
  onLine?: (line: string) => void;
  timeoutMs?: number;
  /** Written to the one-off command's stdin (`bigchaindb import -`). */
  input?: string | Uint8Array;
}

export interface ComposeRunner {
  /** `up -d` (only `services` when given); never pulls: images are built locally. */
  up(project: ComposeProject, services?: readonly string[]): Promise<void>;
  /** `run --rm --no-deps -T SERVICE ARGS...`: a one-off command in a service's container. */
  run(
    project: ComposeProject,
    service: string,
    args: readonly string[],
    options?: ComposeRunOptions,
  ): Promise<CommandResult>;
  /** `down --remove-orphans` (and `--volumes`). */
  down(project: ComposeProject, options: { volumes: boolean }): Promise<void>;
}

export interface ComposeCliOptions {
  /** DOCKER_HOST for the CLI, so it talks to the same engine as the DockerClient. */
  dockerHost?: string;
  timeoutMs?: number;
  signal?: AbortSignal;
}

/** A name `docker compose run -e NAME` reads from its environment; anything else could carry a value. */
const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** Pure: the `run` arguments after `docker compose -p P -f F`; values of `env` never appear. */
export function runArgs(service: string, args: readonly string[], envNames: readonly string[]): string[] {
  for (const name of envNames) {
    if (!ENV_NAME.test(name)) throw new Error(`not an environment variable name: ${JSON.stringify(name)}`);
  }
  return ['run', '--rm', '--no-deps', '-T', ...envNames.flatMap((n) => ['-e', n]), service, ...args];
}

/** The real ComposeRunner: the `docker compose` v2 CLI, argv arrays, explicit cwd and env. */
export class ComposeCli implements ComposeRunner {
  constructor(private readonly options: ComposeCliOptions = {}) {}

  async up(project: ComposeProject, services: readonly string[] = []): Promise<void> {
    await this.compose(project, [
      'up',
      '--detach',
      '--pull',
      'never',
      '--no-build',
      '--no-deps',
      ...services,
    ]);
  }

  run(
    project: ComposeProject,
    service: string,
    args: readonly string[],
    options: ComposeRunOptions = {},
  ): Promise<CommandResult> {
    const env = options.env ?? {};
    return this.compose(project, runArgs(service, args, Object.keys(env)), {
      env,
      ...(options.onLine ? { onLine: options.onLine } : {}),
      ...(options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs }),
      ...(options.input === undefined ? {} : { input: options.input }),
    });
  }

  async down(project: ComposeProject, options: { volumes: boolean }): Promise<void> {
    await this.compose(project, ['down', '--remove-orphans', ...(options.volumes ? ['--volumes'] : [])]);
  }

  private compose(
    project: ComposeProject,
    args: readonly string[],
    extra: ComposeRunOptions = {},
  ): Promise<CommandResult> {
    return runCommand(
      ['docker', 'compose', '--project-name', project.name, '--file', project.file, ...args],
      {
        cwd: dirname(project.file),
        env: { ...extra.env, ...(this.options.dockerHost ? { DOCKER_HOST: this.options.dockerHost } : {}) },
        timeoutMs: extra.timeoutMs ?? this.options.timeoutMs ?? 300_000,
        ...(extra.onLine ? { onLine: extra.onLine } : {}),
        ...(extra.input === undefined ? {} : { input: extra.input }),
        ...(this.options.signal ? { signal: this.options.signal } : {}),
      },
    );
  }
}
