/**
 * `bigchaindb create-user NAME [NAME...]`: create (or update) each database user with read/write
 * on the ledger database and read on `rethinkdb` (see store/accounts.ts). Each password comes
 * from BIGCHAINDB_USER_PASSWORD_<NAME> (never from argv, which other users of the machine can
 * see in the process list); names and grants are printed, passwords never.
 */
import { describeGrant } from '../../store/accounts.js';
import type { Env } from '../../config/env.js';
import type { ClusterAdmin } from '../../store/cluster-admin.js';
import { CliUsageError } from '../cli-errors.js';
import { load, nodeLogger, type CliContext } from '../context.js';

export const USER_PASSWORD_ENV_PREFIX = 'BIGCHAINDB_USER_PASSWORD_';

/** BIGCHAINDB_USER_PASSWORD_ + the name upper-cased, every character outside A-Z0-9 as "_". */
export function userPasswordEnvName(name: string): string {
  return USER_PASSWORD_ENV_PREFIX + name.toUpperCase().replace(/[^A-Z0-9]/g, '_');
}

/** Each distinct name with its password from `env`; CliUsageError naming every missing variable. */
export function userPasswords(names: readonly string[], env: Env): { name: string; password: string }[] {
  const distinct = [...new Set(names)];
  const empty = distinct.filter((n) => n.trim() === '');
  if (empty.length > 0) throw new CliUsageError('create-user: a user name must not be empty');
  const missing = distinct.map(userPasswordEnvName).filter((v) => !env[v]);
  if (missing.length > 0) {
    throw new CliUsageError(
      `create-user takes each password from the environment, never from the command line; set ${missing.join(', ')}`,
      { missing },
    );
  }
  return distinct.map((name) => ({ name, password: env[userPasswordEnvName(name)] ?? '' }));
}

/** Creates or updates each user on an open session; says each one's grants (never a password). */
export async function ensureUsers(
  admin: Pick<ClusterAdmin, 'ensureUser'>,
  users: readonly { name: string; password: string }[],
  ledgerDb: string,
  say: (line: string) => void,
): Promise<{ name: string; grants: string[] }[]> {
  const done: { name: string; grants: string[] }[] = [];
  for (const { name, password } of users) {
    const grants = (await admin.ensureUser(name, password, ledgerDb)).map(describeGrant);
    say(`user ${name}: ${grants.join(', ')}`);
    done.push({ name, grants });
  }
  return done;
}

export async function createUserCommand(ctx: CliContext, names: readonly string[]): Promise<void> {
  const users = userPasswords(names, ctx.env);
  const { config } = await load(ctx, false);
  const logger = nodeLogger(ctx, config, 'create-user');
  const admin = await ctx.openCluster(config, logger, { timeoutMs: 30_000 });
  try {
    await ensureUsers(admin, users, config.database.name, (line) => ctx.io.out(line));
  } finally {
    await admin.close();
  }
}
