import { demuxInto, type Demuxer } from './demux.js';
import type { LogSink } from './docker-client.js';

/** Feeds a followed (multiplexed) log stream to `sink` until it ends or the signal aborts. */
export function followLogStream(
  demuxer: Demuxer,
  stream: NodeJS.ReadableStream,
  sink: LogSink,
  signal?: AbortSignal,
): Promise<void> {
  return new Promise((resolve, reject) => {
    const stop = (): void => {
      (stream as NodeJS.ReadableStream & { destroy?: () => void }).destroy?.();
      resolve();
    };
    if (signal?.aborted) return stop();
    signal?.addEventListener('abort', stop, { once: true });
    const demux = demuxInto(demuxer, stream, sink);
    stream.on('end', () => {
      signal?.removeEventListener('abort', stop);
      demux.end();
      resolve();
    });
    stream.on('error', (error) => (signal?.aborted ? resolve() : reject(error)));
  });
}
