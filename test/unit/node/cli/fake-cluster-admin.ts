/** A hand-written ClusterAdmin for CLI tests: a pretend cluster with an admin password and users. */
import type { NodeConfig } from '../../../../src/node/config/index.js';
import type {
  ClusterAdmin,
  ClusterOpenOptions,
  ClusterStatus,
} from '../../../../src/node/store/cluster-admin.js';
import type { HeartbeatChange } from '../../../../src/node/store/cluster-heartbeat.js';
import { nodeUserGrants, type Grant } from '../../../../src/node/store/accounts.js';
import { DatabaseAuthError, ServersMissingError } from '../../../../src/node/store/cluster-errors.js';
import { EngineLimitationError } from '../../../../src/node/store/errors.js';

export class FakeCluster {
  engine: 'rethinkdb' | 'reqlite' = 'rethinkdb';
  servers = ['rdb-a', 'rdb-b', 'rdb-c'];
  /** The admin password the pretend server has (null: a fresh cluster). */
  adminPassword: string | null = null;
  readonly users = new Map<string, { password: string; grants: Grant[] }>();
  readonly opened: ClusterOpenOptions[] = [];
  /** RethinkDB's cluster_config heartbeat_timeout_secs (10 on a fresh cluster). */
  heartbeatTimeoutSecs = 10;
  closed = 0;

  /** What connecting does: the same decisions as cluster-connect.ts, on pretend state. */
  async open(config: NodeConfig, options: ClusterOpenOptions): Promise<ClusterAdmin> {
    this.opened.push(options);
    const configured = config.database.password ?? '';
    let usedEmpty = false;
    if (this.engine === 'rethinkdb' && (this.adminPassword ?? '') !== configured) {
      if (!(options.tryEmptyAdminPassword && configured !== '' && this.adminPassword === null)) {
        throw new DatabaseAuthError('fake:28015', config.database.user ?? 'admin', 'Wrong password');
      }
      usedEmpty = true;
    }
    const servers = this.engine === 'reqlite' ? ['reqlite'] : this.servers;
    if (options.waitServers !== undefined && servers.length < options.waitServers) {
      throw new ServersMissingError(options.waitServers, servers, options.timeoutMs);
    }
    return new FakeClusterAdmin(this, usedEmpty);
  }
}

class FakeClusterAdmin implements ClusterAdmin {
  constructor(
    private readonly cluster: FakeCluster,
    readonly usedEmptyAdminPassword: boolean,
  ) {}
  get engine(): 'rethinkdb' | 'reqlite' {
    return this.cluster.engine;
  }
  async status(dbName: string): Promise<ClusterStatus> {
    const reqlite = this.engine === 'reqlite';
    return {
      engine: this.engine,
      servers: reqlite ? ['reqlite'] : this.cluster.servers,
      adminPasswordSet: !reqlite && this.cluster.adminPassword !== null,
      database: {
        name: dbName,
        exists: true,
        ready: true,
        tables: [{ name: 'backlog', ready: true, shards: 1, replicas: 3, writeAcks: 'majority' }],
        missing: [],
        notReady: [],
      },
    };
  }
  async setAdminPassword(password: string): Promise<void> {
    if (this.engine === 'reqlite')
      throw new EngineLimitationError('reqlite', 'set the admin password', 'no users');
    this.cluster.adminPassword = password;
  }
  async ensureUser(user: string, password: string, ledgerDb: string): Promise<Grant[]> {
    if (this.engine === 'reqlite')
      throw new EngineLimitationError('reqlite', 'create database users', 'no users');
    const grants = nodeUserGrants(ledgerDb);
    this.cluster.users.set(user, { password, grants });
    return grants;
  }
  async setHeartbeatTimeout(seconds: number): Promise<HeartbeatChange> {
    if (this.engine === 'reqlite')
      throw new EngineLimitationError('reqlite', 'set a cluster heartbeat timeout', 'no cluster');
    const previousSecs = this.cluster.heartbeatTimeoutSecs;
    this.cluster.heartbeatTimeoutSecs = seconds;
    return { previousSecs, nowSecs: seconds };
  }
  async close(): Promise<void> {
    this.cluster.closed += 1;
  }
}
