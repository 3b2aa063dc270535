/** `ClusterAdmin` over one DbConnection (RethinkDB 2.4, or reqlite with its limits). */
import { r } from 'rethinkdb-ts';
import type { Logger } from '../../shared/log.js';
import { ensureUser, setAdminPassword, type AccountEnv, type Grant } from './accounts.js';
import type { ClusterAdmin, ClusterStatus } from './cluster-admin.js';
import { setHeartbeatTimeout, type HeartbeatChange } from './cluster-heartbeat.js';
import { databaseStatus } from './cluster-status.js';
import type { DbConnection } from './db-connection.js';
import type { StoreEngine } from './ledger-store.js';
import { canLogIn, isAdminUser } from './login.js';
import { expectedSchema } from './schema.js';
import { observeSchema } from './schema-probe.js';
import { readTableConfigs } from './schema-reconfigure.js';
import { listServers } from './servers.js';

export interface ConnectedAs {
  user: string | undefined;
  /** Whether a non-empty password was configured (never the password itself). */
  passwordConfigured: boolean;
  usedEmptyAdminPassword: boolean;
}

export class RethinkClusterAdmin implements ClusterAdmin {
  private readonly accounts: AccountEnv;

  constructor(
    readonly db: DbConnection,
    readonly engine: StoreEngine,
    private readonly log: Logger,
    private readonly as: ConnectedAs,
  ) {
    this.accounts = {
      db,
      engine,
      log,
      canConnect: (user, password) => canLogIn(db.endpoint, user, password),
    };
  }

  get usedEmptyAdminPassword(): boolean {
    return this.as.usedEmptyAdminPassword;
  }

  async status(dbName: string): Promise<ClusterStatus> {
    const expected = expectedSchema();
    const [servers, adminPasswordSet, observed] = await Promise.all([
      listServers(this.db, this.engine),
      this.adminPasswordSet(),
      observeSchema(
        this.db,
        dbName,
        this.engine,
        expected.map((t) => t.name),
      ),
    ]);
    const env = { db: this.db, dbName, engine: this.engine, log: this.log };
    const configs =
      this.engine === 'rethinkdb' && observed.dbExists
        ? await readTableConfigs(env).catch(() => undefined)
        : undefined;
    return {
      engine: this.engine,
      servers: servers ?? [],
      adminPasswordSet,
      database: databaseStatus(dbName, this.engine, expected, observed, configs),
    };
  }

  setAdminPassword(password: string): Promise<void> {
    return setAdminPassword(this.accounts, password);
  }

  ensureUser(user: string, password: string, ledgerDb: string): Promise<Grant[]> {
    return ensureUser(this.accounts, user, password, ledgerDb);
  }

  setHeartbeatTimeout(seconds: number): Promise<HeartbeatChange> {
    return setHeartbeatTimeout(this.db, this.engine, seconds);
  }

  close(): Promise<void> {
    return this.db.close();
  }

  /** rethinkdb.users shows `password: false` for a user without one; else judged from the login. */
  private async adminPasswordSet(): Promise<boolean> {
    if (this.engine === 'reqlite' || this.as.usedEmptyAdminPassword) return false;
    try {
      const flag = (await this.db.run(
        r.db('rethinkdb').table('users').get('admin')('password').default(null),
      )) as unknown;
      if (typeof flag === 'boolean') return flag;
    } catch {
      // Not readable by this user: judged below.
    }
    // RethinkDB refuses a non-empty admin password while none is set, so a login with one proves it.
    return isAdminUser(this.as.user) && this.as.passwordConfigured;
  }
}
