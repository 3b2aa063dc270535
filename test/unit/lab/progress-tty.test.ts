import { PassThrough } from 'node:stream';
import { TtyProgress } from '../../../src/lab/progress/progress.js';

/** A stand-in terminal: listr2 draws on it as on a TTY. */
const terminal = (): { stream: NodeJS.WriteStream; text: () => string } => {
  const chunks: string[] = [];
  const stream = Object.assign(new PassThrough(), { isTTY: true, columns: 100, rows: 30 });
  stream.on('data', (c: Buffer) => chunks.push(c.toString()));
  return { stream: stream as unknown as NodeJS.WriteStream, text: () => chunks.join('') };
};

describe('TTY progress (listr2)', () => {
  it('draws each step, returns its value, records timings and rethrows the original error', async () => {
    const out = terminal();
    const other = terminal();
    const progress = new TtyProgress(out.stream, other.stream);
    const value = await progress.step('first step', async (detail) => {
      detail('waiting on something');
      return 42;
    });
    expect(value).toBe(42);
    progress.note('engine reqlite');
    const boom = new Error('boom');
    await expect(progress.step('second step', async () => Promise.reject(boom))).rejects.toBe(boom);
    await new Promise((resolve) => setImmediate(resolve));
    const text = out.text();
    expect(text).toContain('first step');
    expect(text).toContain('  engine reqlite\n');
    expect(text).toContain('second step');
    expect(progress.timings.map((t) => [t.title, t.ok])).toEqual([
      ['first step', true],
      ['second step', false],
    ]);
  });
});
