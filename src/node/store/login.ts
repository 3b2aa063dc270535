/** One login attempt on a fresh connection: whether the server accepts these credentials now. */
import { r } from 'rethinkdb-ts';
import { isAuthError } from './ddl-classify.js';

export async function canLogIn(
  endpoint: { host: string; port: number },
  user: string,
  password: string,
): Promise<boolean> {
  try {
    const conn = await r.connect({ ...endpoint, user, password, silent: true, timeout: 5 });
    await conn.close().catch(() => undefined);
    return true;
  } catch (e) {
    if (isAuthError(e)) return false;
    throw e;
  }
}

/** RethinkDB's administrator; a config without database.user means admin. */
export function isAdminUser(user: string | undefined | null): boolean {
  return user === undefined || user === null || user === '' || user === 'admin';
}
