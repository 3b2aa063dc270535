import { DefaultRenderer, Listr, ListrLogger, PRESET_TIMER, ProcessOutput } from 'listr2';
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

/**
 * A live line per step on a terminal (spinner, elapsed time and what it waits on), drawn by
 * listr2's default renderer, one one-task list per step (our steps are called one at a time from
 * library code, not declared up front). Not used off a TTY: listr2's line renderers print neither
 * a start line nor our `ok`/`FAILED` words, which logs, CI and the e2e tests read, so
 * PlainProgress stays for that.
 */
/**
 * listr2's default renderer, drawing on the stream it is given. listr2 falls back to a line
 * renderer unless process.stdout is a TTY; we draw on stderr and only choose this renderer when
 * that stream is a TTY (createProgress), so stdout may be redirected.
 */
class StreamRenderer extends DefaultRenderer {
  static override nonTTY = true;
}

export class TtyProgress implements Progress {
  readonly timings: StepTiming[] = [];

  /** `stream` gets the display; writes to `other` during a step are held and shown after it. */
  constructor(
    private readonly stream: NodeJS.WriteStream,
    private readonly other: NodeJS.WriteStream = process.stdout,
  ) {}

  note(message: string): void {
    this.stream.write(`  ${message}\n`);
  }

  async step<T>(title: string, fn: (detail: (text: string) => void) => Promise<T>): Promise<T> {
    const start = performance.now();
    const result: { value?: T } = {};
    const list = new Listr(
      [
        {
          title,
          task: async (_ctx, task) => {
            result.value = await fn((text) => (task.output = text));
          },
          rendererOptions: { outputBar: 1 },
        },
      ],
      {
        renderer: StreamRenderer,
        rendererOptions: {
          timer: PRESET_TIMER,
          collapseErrors: false, // keep the step's title on failure, the error below it
          logger: new ListrLogger({
            useIcons: true,
            processOutput: new ProcessOutput(this.stream, this.other),
          }),
        },
        silentRendererCondition: false,
        // listr2 would exit the process on SIGINT; the CLI aborts its signal and cleans up instead.
        registerSignalListeners: false,
        exitOnError: true,
      },
    );
    try {
      await list.run();
    } catch (error) {
      this.timings.push({ title, ms: performance.now() - start, ok: false });
      throw error;
    }
    this.timings.push({ title, ms: performance.now() - start, ok: true });
    return result.value as T;
  }
}

/** A live display on a TTY, plain lines otherwise. */
export function createProgress(stream: NodeJS.WriteStream = process.stderr): Progress {
  return stream.isTTY ? new TtyProgress(stream) : new PlainProgress((line) => stream.write(line + '\n'));
}
