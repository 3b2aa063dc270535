/**
 * Docker's multiplexed log format (8-byte header: stream type, 3 zero bytes, big-endian length)
 * is split by dockerode's own demultiplexer (`docker.modem.demuxStream`); this file only adapts
 * its two writable outputs to our `sink(text, stream)` and decodes UTF-8 per stream (a character
 * split across two frames stays whole). Lines are joined later, by src/lab/logs/line-splitter.
 */
import { Readable, Writable } from 'node:stream';
import { StringDecoder } from 'node:string_decoder';
import type Docker from 'dockerode';
import type { LogSink, LogStreamName } from './docker-client.js';

/** What we use of dockerode's modem (a real one needs no engine to demultiplex). */
export type Demuxer = Pick<Docker['modem'], 'demuxStream'>;

export interface LogFrame {
  stream: LogStreamName;
  text: string;
}

/**
 * Feeds `source` (a multiplexed log stream) through dockerode's demuxer into `sink`. Call the
 * returned `end()` once the source has ended, to pass on text held back by the UTF-8 decoders.
 * A source without headers (a TTY container) is passed through as stdout by dockerode, once it
 * has seen 8 bytes (TTY output shorter than that is lost; our containers run without a TTY).
 */
export function demuxInto(demuxer: Demuxer, source: NodeJS.ReadableStream, sink: LogSink): { end(): void } {
  const outputs = (['stdout', 'stderr'] as const).map((stream) => {
    const decoder = new StringDecoder('utf8');
    const emit = (text: string): void => {
      if (text.length > 0) sink(text, stream);
    };
    // Each write completes synchronously, so stdout and stderr text keeps the order of the frames.
    const writable = new Writable({
      write(chunk: Buffer, _encoding, done) {
        emit(decoder.write(chunk));
        done();
      },
    });
    return { writable, end: () => emit(decoder.end()) };
  });
  const [stdout, stderr] = outputs as [(typeof outputs)[0], (typeof outputs)[0]];
  demuxer.demuxStream(source, stdout.writable, stderr.writable);
  return { end: () => outputs.forEach((o) => o.end()) };
}

/** Splits a whole log buffer (`logs` without follow) into frames, in order. */
export async function demuxBuffer(demuxer: Demuxer, buffer: Buffer): Promise<LogFrame[]> {
  const frames: LogFrame[] = [];
  const sink: LogSink = (text, stream) => frames.push({ stream, text });
  if (buffer.length > 0 && !looksMultiplexed(buffer)) {
    sink(buffer.toString('utf8'), 'stdout'); // TTY output, even when shorter than one header
    return frames;
  }
  const source = Readable.from([buffer]);
  const demux = demuxInto(demuxer, source, sink);
  await new Promise<void>((resolve, reject) => {
    source.on('end', resolve).on('error', reject);
  });
  demux.end();
  return frames;
}

function looksMultiplexed(buffer: Buffer): boolean {
  const type = buffer[0];
  return (type === 0 || type === 1 || type === 2) && buffer[1] === 0 && buffer[2] === 0 && buffer[3] === 0;
}
