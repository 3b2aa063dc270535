/**
 * A minimal ustar writer: enough to hand Docker's putArchive a directory and a small text file,
 * so a bench container gets its config without a bind mount or a shell string.
 */
const BLOCK = 512;

export interface TarEntry {
  /** Relative path; a directory ends with "/". */
  path: string;
  /** File content; omitted for a directory. */
  content?: string;
}

function octal(value: number, width: number): string {
  return value.toString(8).padStart(width - 1, '0') + '\0';
}

function header(path: string, size: number, directory: boolean): Buffer {
  const h = Buffer.alloc(BLOCK, 0);
  if (Buffer.byteLength(path) > 100) throw new Error(`tar path too long (max 100 bytes): ${path}`);
  h.write(path, 0, 'utf8');
  h.write(octal(directory ? 0o755 : 0o644, 8), 100, 'ascii');
  h.write(octal(0, 8), 108, 'ascii'); // uid root
  h.write(octal(0, 8), 116, 'ascii'); // gid root
  h.write(octal(size, 12), 124, 'ascii');
  h.write(octal(Math.floor(Date.now() / 1000), 12), 136, 'ascii');
  h.write(directory ? '5' : '0', 156, 'ascii');
  h.write('ustar\0', 257, 'ascii');
  h.write('00', 263, 'ascii');
  // The checksum is computed with its own field read as eight spaces.
  h.fill(0x20, 148, 156);
  let sum = 0;
  for (const byte of h) sum += byte;
  h.write(sum.toString(8).padStart(6, '0') + '\0 ', 148, 'ascii');
  return h;
}

/** The entries as one uncompressed tar archive (with its two closing zero blocks). */
export function tarOf(entries: readonly TarEntry[]): Buffer {
  const parts: Buffer[] = [];
  for (const entry of entries) {
    const directory = entry.content === undefined;
    const body = Buffer.from(entry.content ?? '', 'utf8');
    parts.push(header(entry.path, body.length, directory));
    if (body.length > 0) {
      parts.push(body, Buffer.alloc((BLOCK - (body.length % BLOCK)) % BLOCK, 0));
    }
  }
  parts.push(Buffer.alloc(2 * BLOCK, 0));
  return Buffer.concat(parts);
}
