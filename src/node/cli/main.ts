#!/usr/bin/env node
/** Entry point of the `bigchaindb` command: the only place that exits the process. */
import { runCli } from './program.js';
import { processContext } from './process-context.js';

const code = await runCli(process.argv.slice(2), processContext());
// Writes to a pipe are asynchronous: exiting at once would cut off a long output (an `export`
// of a few hundred kilobytes ended at 64 KiB). Exit once both streams have flushed.
const flushed = (stream: NodeJS.WriteStream) =>
  new Promise<void>((resolve) => stream.write('', () => resolve()));
await Promise.all([flushed(process.stdout), flushed(process.stderr)]);
process.exit(code);
