/**
 * The one error base class of fedlab. Every expected failure is a FedlabError with a stable
 * `code` (SCREAMING_SNAKE, never renamed once shipped), a message that quotes the values involved
 * and says what to do next, and the values themselves in `details` for programs.
 */
export class FedlabError extends Error {
  readonly code: string;
  readonly details: Readonly<Record<string, unknown>>;

  constructor(
    code: string,
    message: string,
    options: { details?: Record<string, unknown>; cause?: unknown } = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.code = code;
    this.details = Object.freeze({ ...(options.details ?? {}) });
  }

  toJSON(): { code: string; message: string; details: Record<string, unknown> } {
    return { code: this.code, message: this.message, details: { ...this.details } };
  }
}

/** A configuration or input file that failed validation; `problems` are `path: message` lines. */
export class ConfigError extends FedlabError {
  readonly problems: readonly string[];
  constructor(file: string, problems: readonly string[], cause?: unknown) {
    super('CONFIG_INVALID', `${file} is invalid:\n  ${problems.join('\n  ')}`, {
      details: { file, problems },
      cause,
    });
    this.problems = problems;
  }
}

/** A program run by fedlab (docker, compose, ...) exited badly. */
export class CommandFailedError extends FedlabError {
  constructor(command: readonly string[], exitCode: number | undefined, stderrTail: string, cause?: unknown) {
    super(
      'COMMAND_FAILED',
      `\`${command.join(' ')}\` failed${exitCode === undefined ? '' : ` with exit code ${exitCode}`}` +
        (stderrTail ? `:\n${stderrTail}` : ''),
      { details: { command, exitCode, stderrTail }, cause },
    );
  }
}

/** A readiness condition was not met in time. */
export class TimeoutError extends FedlabError {
  constructor(what: string, timeoutMs: number, lastProblem?: string) {
    super(
      'TIMEOUT',
      `timed out after ${timeoutMs} ms waiting for ${what}` +
        (lastProblem ? ` (last problem: ${lastProblem})` : ''),
      { details: { what, timeoutMs, lastProblem } },
    );
  }
}

export function isFedlabError(e: unknown): e is FedlabError {
  return e instanceof FedlabError;
}

/** A short, one-line description of any thrown value, for logs and CLI output. */
export function describeError(e: unknown): string {
  if (e instanceof Error) return e.message;
  return String(e);
}
