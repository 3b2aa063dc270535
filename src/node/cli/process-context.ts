/** The real CLI context: stdout/stderr, a TTY prompt, the real store, process signals. */
import { createInterface } from 'node:readline/promises';
import type { CliContext } from './context.js';
import { storeConnectOptions } from './store-options.js';

async function confirm(question: string): Promise<boolean | null> {
  if (!process.stdin.isTTY) return null;
  const rl = createInterface({ input: process.stdin, output: process.stderr });
  try {
    return /^y(es)?$/i.test((await rl.question(question)).trim());
  } finally {
    rl.close();
  }
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

function waitForShutdown(): Promise<string> {
  return new Promise((resolve) => {
    const onSignal = (signal: string): void => {
      process.off('SIGTERM', onSignal);
      process.off('SIGINT', onSignal);
      resolve(signal);
    };
    process.on('SIGTERM', onSignal);
    process.on('SIGINT', onSignal);
  });
}

export function processContext(): Omit<CliContext, 'configPath'> {
  return {
    io: {
      out: (line) => process.stdout.write(line + '\n'),
      err: (line) => process.stderr.write(line + '\n'),
      confirm,
      readStdin,
    },
    env: process.env,
    // Imported when first opened, not with the CLI (program.ts says why); a cluster session needs
    // only the driver and the admin queries, not the whole store.
    openStore: async (config, logger) =>
      (await import('../store/rethink-ledger-store.js')).connectLedgerStore(
        storeConnectOptions(config),
        logger,
      ),
    openCluster: async (config, logger, options) =>
      (await import('../store/cluster-connect.js')).openClusterAdmin(
        { ...storeConnectOptions(config), ...options },
        logger,
      ),
    waitForShutdown,
  };
}
