import { demuxFrames } from './demux.js';
import type { LogSink } from './docker-client.js';

/** Feeds a followed (multiplexed) log stream to `sink` until it ends or the signal aborts. */
export function followLogStream(
  stream: NodeJS.ReadableStream,
  sink: LogSink,
  signal?: AbortSignal,
): Promise<void> {
  return new Promise((resolve, reject) => {
    let pending = Buffer.alloc(0);
    const stop = (): void => {
      (stream as NodeJS.ReadableStream & { destroy?: () => void }).destroy?.();
      resolve();
    };
    if (signal?.aborted) return stop();
    signal?.addEventListener('abort', stop, { once: true });
    stream.on('data', (chunk: Buffer) => {
      const { frames, rest } = demuxFrames(Buffer.concat([pending, chunk]));
      pending = Buffer.from(rest);
      for (const frame of frames) sink(frame.text, frame.stream);
    });
    stream.on('end', () => {
      signal?.removeEventListener('abort', stop);
      resolve();
    });
    stream.on('error', (error) => (signal?.aborted ? resolve() : reject(error)));
  });
}
