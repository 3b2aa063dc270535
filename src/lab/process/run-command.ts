import { execa } from 'execa';
import { CommandFailedError } from '../../shared/errors.js';

export interface RunOptions {
  cwd: string;
  env?: Readonly<Record<string, string>>;
  timeoutMs?: number;
  signal?: AbortSignal;
  /** Called with each line of output as it arrives (progress for long builds). */
  onLine?: (line: string) => void;
  /** Written to the program's stdin (then closed); without it stdin is ignored. */
  input?: string | Uint8Array;
}

export interface CommandResult {
  stdout: string;
  stderr: string;
  exitCode: number;
}

const STDERR_TAIL_LINES = 20;

/** The last lines of a program's error output, for error messages. */
export function tail(text: string, lines = STDERR_TAIL_LINES): string {
  return text.trimEnd().split('\n').slice(-lines).join('\n');
}

/**
 * Runs a program from an argv array (never a shell string) with explicit cwd and env; a non-zero
 * exit, a timeout or a missing program becomes CommandFailedError with the stderr tail.
 */
export async function runCommand(argv: readonly string[], options: RunOptions): Promise<CommandResult> {
  const [file, ...args] = argv;
  if (file === undefined) throw new Error('runCommand needs a program');
  const child = execa(file, args, {
    cwd: options.cwd,
    env: { ...options.env },
    extendEnv: true,
    reject: false,
    ...(options.input === undefined ? { stdin: 'ignore' as const } : { input: options.input }),
    ...(options.timeoutMs === undefined ? {} : { timeout: options.timeoutMs }),
    ...(options.signal === undefined ? {} : { cancelSignal: options.signal }),
  });
  if (options.onLine) forwardLines(child, options.onLine);
  const result = await child;
  const stdout = String(result.stdout ?? '');
  const stderr = String(result.stderr ?? '');
  if (result.failed) {
    const why = result.timedOut
      ? `timed out after ${options.timeoutMs} ms\n`
      : result.isCanceled
        ? 'cancelled\n'
        : '';
    const notFound =
      result.exitCode === undefined && result.originalMessage ? `${result.originalMessage}\n` : '';
    throw new CommandFailedError(argv, result.exitCode, tail(why + notFound + (stderr || stdout)), result);
  }
  return { stdout, stderr, exitCode: result.exitCode ?? 0 };
}

function forwardLines(child: ReturnType<typeof execa>, onLine: (line: string) => void): void {
  for (const stream of [child.stdout, child.stderr]) {
    let partial = '';
    stream?.on('data', (chunk: Buffer) => {
      const lines = (partial + chunk.toString('utf8')).split('\n');
      partial = lines.pop() ?? '';
      for (const line of lines) if (line.trim()) onLine(line);
    });
  }
}
