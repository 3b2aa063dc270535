import { RETHINKDB_CLUSTER_PORT, rethinkdbServerName } from '../federation/names.js';

export interface RethinkdbConfInput {
  federation: string;
  operator: string;
  /** `host:port` of every OTHER member's RethinkDB server (from the exchange). */
  joins: readonly string[];
}

/** Pure: one operator's rethinkdb.conf, as the seed's "Configure RethinkDB Server" describes. */
export function renderRethinkdbConf(input: RethinkdbConfInput): string {
  return [
    `# RethinkDB server of operator "${input.operator}" in federation "${input.federation}" (written by fedlab).`,
    "# The join= lines name every other member's RethinkDB server; on separate hosts replace the",
    '# host names with the real ones the members shared.',
    'bind=all',
    'directory=/data',
    `server-name=${rethinkdbServerName(input.operator)}`,
    ...input.joins.map((j) => `join=${j}`),
    '',
  ].join('\n');
}

export const joinLine = (host: string): string => `${host}:${RETHINKDB_CLUSTER_PORT}`;
