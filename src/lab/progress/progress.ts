import { describeError } from '../../shared/errors.js';

export interface StepTiming {
  readonly title: string;
  readonly ms: number;
  readonly ok: boolean;
}

/** Reports a long operation as named steps with their times. */
export interface Progress {
  /** Runs `fn` as a step; `detail` updates what the step is waiting on right now. */
  step<T>(title: string, fn: (detail: (text: string) => void) => Promise<T>): Promise<T>;
  /** A plain message between steps (the engine in use, where the APIs are, ...). */
  note(message: string): void;
  readonly timings: readonly StepTiming[];
}

export const formatMs = (ms: number): string =>
  ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(1)} s`;

/** Records timings and prints nothing (library callers and tests). */
export class SilentProgress implements Progress {
  readonly timings: StepTiming[] = [];
  protected started(_title: string): void {}
  protected detailed(_title: string, _detail: string): void {}
  protected finished(_timing: StepTiming, _error?: unknown): void {}
  note(_message: string): void {}

  async step<T>(title: string, fn: (detail: (text: string) => void) => Promise<T>): Promise<T> {
    const start = performance.now();
    this.started(title);
    try {
      const value = await fn((text) => this.detailed(title, text));
      this.record({ title, ms: performance.now() - start, ok: true });
      return value;
    } catch (error) {
      this.record({ title, ms: performance.now() - start, ok: false }, error);
      throw error;
    }
  }

  private record(timing: StepTiming, error?: unknown): void {
    this.timings.push(timing);
    this.finished(timing, error);
  }
}

/** One line when a step starts and one when it ends: for logs and CI (not a TTY). */
export class PlainProgress extends SilentProgress {
  constructor(private readonly write: (line: string) => void) {
    super();
  }
  override note(message: string): void {
    this.write(`  ${message}`);
  }
  protected override started(title: string): void {
    this.write(`- ${title} ...`);
  }
  protected override finished(timing: StepTiming, error?: unknown): void {
    const tail = error === undefined ? '' : `: ${describeError(error).split('\n')[0]}`;
    this.write(`${timing.ok ? 'ok' : 'FAILED'} ${timing.title} (${formatMs(timing.ms)})${tail}`);
  }
}

const FRAMES = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];

/** A live line per step on a terminal: spinner, elapsed time and what it waits on. */
export class TtyProgress extends SilentProgress {
  private timer: NodeJS.Timeout | undefined;
  private line = { title: '', detail: '', start: 0, frame: 0 };

  constructor(private readonly stream: NodeJS.WriteStream) {
    super();
  }
  override note(message: string): void {
    this.clear();
    this.stream.write(`  ${message}\n`);
  }
  protected override started(title: string): void {
    this.line = { title, detail: '', start: performance.now(), frame: 0 };
    this.timer = setInterval(() => this.render(), 100);
    this.timer.unref();
    this.render();
  }
  protected override detailed(_title: string, detail: string): void {
    this.line.detail = detail;
  }
  protected override finished(timing: StepTiming, error?: unknown): void {
    clearInterval(this.timer);
    this.clear();
    const mark = timing.ok ? '\x1b[32m✓\x1b[0m' : '\x1b[31m✗\x1b[0m';
    const tail = error === undefined ? '' : `  ${describeError(error).split('\n')[0]}`;
    this.stream.write(`${mark} ${timing.title}  ${formatMs(timing.ms)}${tail}\n`);
  }
  private render(): void {
    const { title, detail, start } = this.line;
    const frame = FRAMES[this.line.frame++ % FRAMES.length] ?? '-';
    const text = `${frame} ${title}  ${formatMs(performance.now() - start)}${detail ? `  ${detail}` : ''}`;
    this.stream.write(`\r\x1b[2K${text.slice(0, Math.max(20, (this.stream.columns || 100) - 1))}`);
  }
  private clear(): void {
    this.stream.write('\r\x1b[2K');
  }
}

/** A live display on a TTY, plain lines otherwise. */
export function createProgress(stream: NodeJS.WriteStream = process.stderr): Progress {
  return stream.isTTY ? new TtyProgress(stream) : new PlainProgress((line) => stream.write(line + '\n'));
}
