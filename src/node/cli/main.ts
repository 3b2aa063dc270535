#!/usr/bin/env node
/** Entry point of the `bigchaindb` command: the only place that exits the process. */
import { runCli } from './program.js';
import { processContext } from './process-context.js';

const code = await runCli(process.argv.slice(2), processContext());
process.exit(code);
