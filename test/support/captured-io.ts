import type { CliIo } from '../../src/lab/cli/io.js';

/** A fedlab CliIo whose stdout and stderr lines both land in `out` (tests clear it as they need). */
export function capturedIo(): { io: CliIo; out: string[] } {
  const out: string[] = [];
  const io: CliIo = {
    out: (line) => out.push(line),
    err: (line) => out.push(line),
    signal: new AbortController().signal,
  };
  return { io, out };
}
