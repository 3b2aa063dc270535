/**
 * Runs `bigchaindb` commands in-process with the real context (real store and cluster sessions)
 * but captured output, logs and a given environment; keeps a transcript for failure reports.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { processContext } from '../../../src/node/cli/process-context.js';
import { runCli } from '../../../src/node/cli/program.js';

export interface InProcessRun {
  code: number;
  out: string[];
  err: string[];
  logs: string[];
  /** Everything it printed or logged, one string (to check that no secret shows). */
  all: string;
}

export class InProcessCli {
  dir = '';
  readonly transcript: string[] = [];

  constructor(private readonly baseEnv: () => Record<string, string>) {}

  async setup(): Promise<void> {
    this.dir = await mkdtemp(join(tmpdir(), 'fedlab-cli-real-'));
  }
  async teardown(): Promise<void> {
    if (this.dir) await rm(this.dir, { recursive: true, force: true });
  }

  async run(argv: string[], env: Record<string, string> = {}): Promise<InProcessRun> {
    const out: string[] = [];
    const err: string[] = [];
    const logs: string[] = [];
    const real = processContext();
    const code = await runCli(['-c', join(this.dir, '.bigchaindb'), ...argv], {
      ...real,
      io: { out: (l) => out.push(l), err: (l) => err.push(l), confirm: async () => null },
      env: { HOME: this.dir, PATH: process.env.PATH ?? '', ...this.baseEnv(), ...env },
      logSink: (l) => logs.push(l),
    });
    const all = [...out, ...err, ...logs].join('\n');
    this.transcript.push(`$ bigchaindb ${argv.join(' ')} -> ${code}\n${all}`);
    return { code, out, err, logs, all };
  }
}
