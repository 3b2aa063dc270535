import { RETHINKDB_CLUSTER_PORT, rethinkdbServerName } from '../federation/names.js';

export interface RethinkdbConfInput {
  federation: string;
  operator: string;
  /** `host:port` of every OTHER member's RethinkDB server (from the exchange). */
  joins: readonly string[];
  /** The server's page cache (MB): several servers share one machine in a lab. */
  cacheSizeMb: number;
}

/** Pure: one operator's rethinkdb.conf, as the seed's "Configure RethinkDB Server" describes. */
export function renderRethinkdbConf(input: RethinkdbConfInput): string {
  return [
    `# RethinkDB server of operator "${input.operator}" in federation "${input.federation}" (written by fedlab).`,
    "# The join= lines name every other member's RethinkDB server; on separate hosts replace the",
    '# host names with the real ones the members shared. fedlab/rethinkdb starts the server through',
    '# a wrapper that skips join= hosts that do not resolve yet (they join this server when they start).',
    '# The web UI (HTTP admin) is off: RethinkDB does not authenticate it, so anyone who could reach',
    '# it would be admin without the password.',
    'bind=all',
    'no-http-admin',
    'directory=/data',
    `server-name=${rethinkdbServerName(input.operator)}`,
    `cache-size=${input.cacheSizeMb}`,
    ...input.joins.map((j) => `join=${j}`),
    '',
  ].join('\n');
}

export const joinLine = (host: string): string => `${host}:${RETHINKDB_CLUSTER_PORT}`;
