/**
 * Pure: the config file of one bench RethinkDB server. Its peers are joined by container name on
 * the bench network; the image's entrypoint drops join= lines whose host does not resolve yet
 * (RethinkDB aborts on those: https://github.com/rethinkdb/rethinkdb/issues/2102), and a peer
 * started later joins this server through its own join= lines.
 */
export const RETHINKDB_CLUSTER_PORT = 29015;
export const RETHINKDB_DRIVER_PORT = 28015;
/** The entrypoint's default config path (`/usr/local/bin/fedlab-rethinkdb [CONF]`). */
export const RETHINKDB_CONF_PATH = 'etc/rethinkdb/rethinkdb.conf';

export interface RethinkdbConfInput {
  /** RethinkDB server name: letters, digits and underscores only. */
  serverName: string;
  /** Host names (container names) of the other servers. */
  peers: readonly string[];
  cacheSizeMb?: number;
}

export function rethinkdbConf(input: RethinkdbConfInput): string {
  if (!/^\w+$/.test(input.serverName)) {
    throw new Error(`RethinkDB server name "${input.serverName}" may hold only letters, digits and _`);
  }
  const lines = [
    'bind=all',
    'directory=/data',
    `server-name=${input.serverName}`,
    `cache-size=${input.cacheSizeMb ?? 256}`,
    ...input.peers.map((host) => `join=${host}:${RETHINKDB_CLUSTER_PORT}`),
  ];
  return lines.join('\n') + '\n';
}
