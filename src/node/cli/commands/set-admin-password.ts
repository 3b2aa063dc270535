/**
 * `bigchaindb set-admin-password [--wait-servers N] [--timeout SEC] [--json]`: give RethinkDB's
 * admin the password configured in database.password (BIGCHAINDB_DATABASE_PASSWORD). When that
 * password already works: "admin password already set"; else it connects with an empty password
 * (a fresh cluster) and sets it: "admin password set". --json prints instead one object
 * {adminPassword: "set" | "already set", servers} with the cluster's server names (the lab's
 * `up` then needs no cluster-status container). The password is never printed or logged.
 */
import { isAdminUser } from '../../store/login.js';
import { CliUsageError } from '../cli-errors.js';
import { clusterOptions, type ClusterFlags } from '../cluster-options.js';
import { load, nodeLogger, type CliContext } from '../context.js';

export interface SetAdminPasswordFlags extends ClusterFlags {
  json?: boolean;
}

export async function setAdminPasswordCommand(ctx: CliContext, flags: SetAdminPasswordFlags): Promise<void> {
  const options = clusterOptions(flags);
  const { config } = await load(ctx, false);
  const { user, password } = config.database;
  if (!isAdminUser(user)) {
    throw new CliUsageError(
      `set-admin-password needs database.user "admin" (configured: "${user ?? ''}"); set BIGCHAINDB_DATABASE_USER=admin`,
    );
  }
  if (password === null || password === '') {
    throw new CliUsageError(
      'set-admin-password takes the new password from database.password (or BIGCHAINDB_DATABASE_PASSWORD), never from the command line; it is empty',
    );
  }
  const logger = nodeLogger(ctx, config, 'set-admin-password');
  const admin = await ctx.openCluster(config, logger, { ...options, tryEmptyAdminPassword: true });
  try {
    const already = admin.engine !== 'reqlite' && !admin.usedEmptyAdminPassword;
    if (!already) await admin.setAdminPassword(password); // reqlite: EngineLimitationError
    const said = already ? 'already set' : 'set';
    if (!flags.json) ctx.io.out(`admin password ${said}`);
    else {
      const { servers } = await admin.status(config.database.name);
      ctx.io.out(JSON.stringify({ adminPassword: said, servers }));
    }
  } finally {
    await admin.close();
  }
}
