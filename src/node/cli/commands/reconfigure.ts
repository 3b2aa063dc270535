/**
 * `bigchaindb set-shards N` and `set-replicas R`: reconfigure every table. A failure (e.g.
 * reqlite's ENGINE_LIMITATION, or fewer servers than replicas) is an error, never a warning.
 */
import { CliUsageError } from '../cli-errors.js';
import { load, nodeLogger, withStore, type CliContext } from '../context.js';

/** A positive integer from the command line, or CliUsageError. */
export function parseCount(what: string, raw: string): number {
  const n = Number(raw);
  if (!/^\d+$/.test(raw.trim()) || !Number.isSafeInteger(n) || n < 1) {
    throw new CliUsageError(`${what} must be a positive integer, got "${raw}"`, { what, raw });
  }
  return n;
}

export async function reconfigureCommand(
  ctx: CliContext,
  what: 'shards' | 'replicas',
  raw: string,
): Promise<void> {
  const n = parseCount(what, raw);
  const { config } = await load(ctx);
  const logger = nodeLogger(ctx, config, `set-${what}`);
  await withStore(ctx, config, logger, (store) =>
    what === 'shards' ? store.setShards(n) : store.setReplicas(n),
  );
  ctx.io.err(
    `every table of "${config.database.name}" now has ${n} ${what}, write_acks majority, durability hard, all replicas ready`,
  );
}
