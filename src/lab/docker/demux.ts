import type { LogStreamName } from './docker-client.js';

export interface LogFrame {
  stream: LogStreamName;
  text: string;
}

/**
 * Pure: splits Docker's multiplexed log format (8-byte header: stream type, 3 zero bytes,
 * big-endian payload length) into frames. A buffer without such headers (a TTY container) is
 * returned as one stdout frame. Returns the unconsumed tail for streaming use.
 */
export function demuxFrames(buffer: Buffer): { frames: LogFrame[]; rest: Buffer } {
  if (buffer.length > 0 && !looksMultiplexed(buffer)) {
    return { frames: [{ stream: 'stdout', text: buffer.toString('utf8') }], rest: Buffer.alloc(0) };
  }
  const frames: LogFrame[] = [];
  let offset = 0;
  while (buffer.length - offset >= 8) {
    const type = buffer[offset];
    const size = buffer.readUInt32BE(offset + 4);
    if (buffer.length - offset - 8 < size) break;
    const text = buffer.subarray(offset + 8, offset + 8 + size).toString('utf8');
    frames.push({ stream: type === 2 ? 'stderr' : 'stdout', text });
    offset += 8 + size;
  }
  return { frames, rest: buffer.subarray(offset) };
}

function looksMultiplexed(buffer: Buffer): boolean {
  const type = buffer[0];
  return (type === 0 || type === 1 || type === 2) && buffer[1] === 0 && buffer[2] === 0 && buffer[3] === 0;
}
