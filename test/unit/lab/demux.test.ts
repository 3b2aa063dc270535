import { PassThrough } from 'node:stream';
import Docker from 'dockerode';
import { demuxBuffer, demuxInto } from '../../../src/lab/docker/demux.js';
import type { LogStreamName } from '../../../src/lab/docker/docker-client.js';
import { followLogStream } from '../../../src/lab/docker/follow-logs.js';
import { lineSplitter } from '../../../src/lab/logs/line-splitter.js';

// dockerode's modem demultiplexes without talking to an engine.
const modem = new Docker({ socketPath: '/nonexistent.sock' }).modem;

const frame = (type: number, text: string | Buffer): Buffer => {
  const payload = Buffer.from(text);
  const header = Buffer.alloc(8);
  header[0] = type;
  header.writeUInt32BE(payload.length, 4);
  return Buffer.concat([header, payload]);
};

describe('docker log demultiplexing (dockerode demuxStream)', () => {
  it('splits stdout and stderr frames, in order, across chunk boundaries', async () => {
    const all = Buffer.concat([frame(1, 'out\n'), frame(2, 'err\n'), frame(1, 'partial')]);
    const source = new PassThrough();
    const seen: [string, LogStreamName][] = [];
    const done = followLogStream(modem, source, (text, stream) => seen.push([text, stream]));
    source.write(all.subarray(0, all.length - 3));
    expect(seen).toEqual([
      ['out\n', 'stdout'],
      ['err\n', 'stderr'],
    ]);
    source.end(all.subarray(all.length - 3));
    await done;
    expect(seen[2]).toEqual(['partial', 'stdout']);
  });

  it('keeps a UTF-8 character whole when frames split it', async () => {
    const bytes = Buffer.from('é\n');
    const all = Buffer.concat([frame(1, bytes.subarray(0, 1)), frame(1, bytes.subarray(1))]);
    const frames = await demuxBuffer(modem, all);
    expect(frames.map((f) => f.text).join('')).toBe('é\n');
  });

  it('passes TTY output (no headers) through as stdout', async () => {
    expect(await demuxBuffer(modem, Buffer.from('plain text\n'))).toEqual([
      { stream: 'stdout', text: 'plain text\n' },
    ]);
    expect(await demuxBuffer(modem, Buffer.from('ok\n'))).toEqual([{ stream: 'stdout', text: 'ok\n' }]);
  });

  it('stops following when the signal aborts', async () => {
    const source = new PassThrough();
    const controller = new AbortController();
    const lines: string[] = [];
    const splitter = lineSplitter((l) => lines.push(l));
    const done = followLogStream(modem, source, (text) => splitter.push(text), controller.signal);
    source.write(frame(1, 'a\nb'));
    controller.abort();
    await done;
    splitter.flush();
    expect(lines).toEqual(['a', 'b']);
    expect(source.destroyed).toBe(true);
  });

  it('demuxInto feeds the sink as frames arrive', () => {
    const source = new PassThrough();
    const texts: string[] = [];
    demuxInto(modem, source, (text) => texts.push(text));
    source.write(frame(2, 'x'));
    expect(texts).toEqual(['x']);
  });

  it('lineSplitter joins chunks into whole lines', () => {
    const lines: string[] = [];
    const s = lineSplitter((l) => lines.push(l));
    s.push('a\nb');
    s.push('c\r\nd');
    s.flush();
    expect(lines).toEqual(['a', 'bc', 'd']);
  });
});
