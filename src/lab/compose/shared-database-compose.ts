import { stringify } from 'yaml';
import { databaseProject, labelsFor, RETHINKDB_DRIVER_PORT, SHARED_DB_SERVICE } from '../federation/names.js';
import { NETWORK_KEY, PULL_POLICY, commentBlock, externalNetwork } from './common.js';

export interface SharedDatabaseComposeInput {
  federation: string;
  network: string;
  image: string;
  /** Every operator's RethinkDB host name: each resolves to this one server. */
  rethinkdbHosts: readonly string[];
}

/** Pure: the compose file of the ONE reqlite server a reqlite federation shares. */
export function renderSharedDatabaseCompose(input: SharedDatabaseComposeInput): string {
  const doc = {
    name: databaseProject(input.federation),
    services: {
      [SHARED_DB_SERVICE]: {
        image: input.image,
        pull_policy: PULL_POLICY,
        restart: 'unless-stopped',
        ports: [`127.0.0.1::${RETHINKDB_DRIVER_PORT}`],
        labels: labelsFor(input.federation, 'shared-database', undefined, 'reqlite'),
        networks: { [NETWORK_KEY]: { aliases: [...input.rethinkdbHosts] } },
      },
    },
    networks: externalNetwork(input.network),
  };
  const header = [
    `The shared database of federation "${input.federation}" (engine reqlite), written by fedlab.`,
    'reqlite speaks the RethinkDB wire protocol but cannot cluster and keeps data in memory, so the',
    "whole federation shares this one server; every operator's RethinkDB host name is an alias of it.",
    'It is a stand-in for machines without RethinkDB, not a deployment: use engine rethinkdb for that.',
  ];
  return commentBlock(header) + stringify(doc, { lineWidth: 0 });
}
