/**
 * `bigchaindb cluster-status [--wait-servers N] [--timeout SEC] [--json]`: the engine, the
 * cluster's servers, whether the admin password is set, and the ledger database's tables with
 * their readiness and layout. As admin with a refused password it tries once with an empty one
 * (a fresh cluster) and then reports adminPasswordSet false.
 */
import { clusterStatusLines } from '../../store/cluster-status.js';
import { clusterOptions, type ClusterFlags } from '../cluster-options.js';
import { load, nodeLogger, type CliContext } from '../context.js';

export async function clusterStatusCommand(
  ctx: CliContext,
  flags: ClusterFlags & { json: boolean },
): Promise<void> {
  const options = clusterOptions(flags);
  const { config } = await load(ctx, false);
  const logger = nodeLogger(ctx, config, 'cluster-status');
  const admin = await ctx.openCluster(config, logger, { ...options, tryEmptyAdminPassword: true });
  try {
    const status = await admin.status(config.database.name);
    if (flags.json) ctx.io.out(JSON.stringify(status, null, 2));
    else for (const line of clusterStatusLines(status)) ctx.io.out(line);
  } finally {
    await admin.close();
  }
}
