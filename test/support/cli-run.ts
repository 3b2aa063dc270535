import { execa } from 'execa';

/** One finished run of a built CLI, kept for assertions and for the transcript on failure. */
export interface CliRun {
  args: string[];
  exitCode: number | undefined;
  stdout: string;
  stderr: string;
  ms: number;
}

export interface CliRunOptions {
  cwd: string;
  env?: Record<string, string>;
  /** false: the child sees only `env` (an operator's bare environment). Default true. */
  extendEnv?: boolean;
  stripFinalNewline?: boolean;
  timeoutMs: number;
}

/** Runs `node <cli> ...args` to completion; never throws on a non-zero exit. */
export async function runCli(cli: string, args: string[], options: CliRunOptions): Promise<CliRun> {
  const started = performance.now();
  const r = await execa(process.execPath, [cli, ...args], {
    cwd: options.cwd,
    env: options.env ?? {},
    extendEnv: options.extendEnv ?? true,
    reject: false,
    stdin: 'ignore',
    stripFinalNewline: options.stripFinalNewline ?? true,
    timeout: options.timeoutMs,
  });
  return { args, exitCode: r.exitCode, stdout: r.stdout, stderr: r.stderr, ms: performance.now() - started };
}

/** `$ name args -> exit N in M ms` plus both streams, for failure transcripts. */
export const describeCliRun = (name: string, r: CliRun): string =>
  `$ ${name} ${r.args.join(' ')}  -> exit ${String(r.exitCode)} in ${Math.round(r.ms)} ms\n` +
  `[stdout]\n${r.stdout}\n[stderr]\n${r.stderr}\n`;
