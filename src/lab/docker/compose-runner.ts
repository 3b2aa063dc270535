import { dirname } from 'node:path';
import { runCommand, type CommandResult } from '../process/run-command.js';

/** One compose project: a unique name and its file (the file's directory is the project directory). */
export interface ComposeProject {
  readonly name: string;
  readonly file: string;
}

export interface ComposeRunner {
  /** `up -d` (only `services` when given); never pulls: images are built locally. */
  up(project: ComposeProject, services?: readonly string[]): Promise<void>;
  /** `run --rm --no-deps SERVICE ARGS...`: a one-off command in a service's container. */
  run(project: ComposeProject, service: string, args: readonly string[]): Promise<CommandResult>;
  /** `down --remove-orphans` (and `--volumes`). */
  down(project: ComposeProject, options: { volumes: boolean }): Promise<void>;
}

export interface ComposeCliOptions {
  /** DOCKER_HOST for the CLI, so it talks to the same engine as the DockerClient. */
  dockerHost?: string;
  timeoutMs?: number;
  signal?: AbortSignal;
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

  run(project: ComposeProject, service: string, args: readonly string[]): Promise<CommandResult> {
    return this.compose(project, ['run', '--rm', '--no-deps', service, ...args]);
  }

  async down(project: ComposeProject, options: { volumes: boolean }): Promise<void> {
    await this.compose(project, ['down', '--remove-orphans', ...(options.volumes ? ['--volumes'] : [])]);
  }

  private compose(project: ComposeProject, args: readonly string[]): Promise<CommandResult> {
    return runCommand(
      ['docker', 'compose', '--project-name', project.name, '--file', project.file, ...args],
      {
        cwd: dirname(project.file),
        env: { ...(this.options.dockerHost ? { DOCKER_HOST: this.options.dockerHost } : {}) },
        timeoutMs: this.options.timeoutMs ?? 300_000,
        ...(this.options.signal ? { signal: this.options.signal } : {}),
      },
    );
  }
}
