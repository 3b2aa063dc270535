import { demuxFrames } from '../../../src/lab/docker/demux.js';
import { lineSplitter } from '../../../src/lab/logs/line-splitter.js';

const frame = (type: number, text: string): Buffer => {
  const payload = Buffer.from(text);
  const header = Buffer.alloc(8);
  header[0] = type;
  header.writeUInt32BE(payload.length, 4);
  return Buffer.concat([header, payload]);
};

describe('docker log demultiplexing', () => {
  it('splits stdout and stderr frames and keeps an incomplete tail', () => {
    const all = Buffer.concat([frame(1, 'out\n'), frame(2, 'err\n'), frame(1, 'partial')]);
    const { frames, rest } = demuxFrames(all.subarray(0, all.length - 3));
    expect(frames).toEqual([
      { stream: 'stdout', text: 'out\n' },
      { stream: 'stderr', text: 'err\n' },
    ]);
    expect(demuxFrames(Buffer.concat([rest, all.subarray(all.length - 3)])).frames).toEqual([
      { stream: 'stdout', text: 'partial' },
    ]);
  });

  it('passes TTY output (no headers) through as stdout', () => {
    expect(demuxFrames(Buffer.from('plain text\n')).frames).toEqual([
      { stream: 'stdout', text: 'plain text\n' },
    ]);
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
