import { stringify } from 'yaml';
import type { Engine, OperatorSpec } from '../federation/model.js';
import {
  NODE_API_PORT,
  RETHINKDB_DRIVER_PORT,
  labelsFor,
  nodeService,
  rethinkdbService,
} from '../federation/names.js';
import { NETWORK_KEY, commentBlock, externalNetwork } from './common.js';

export interface OperatorComposeInput {
  federation: string;
  network: string;
  operator: OperatorSpec;
  engine: Engine;
  images: { node: string; rethinkdb: string };
  /** uid:gid the node runs as, so it can read its 0600 .bigchaindb; omitted: the image's user. */
  nodeUser?: string;
}

/** In-container path of the operator's node config (its .bigchaindb, bind-mounted read-only). */
export const NODE_CONFIG_IN_CONTAINER = '/data/.bigchaindb';

/** Pure: one operator's compose file (its RethinkDB server, unless reqlite, and its node). */
export function renderOperatorCompose(input: OperatorComposeInput): string {
  const { operator, engine } = input;
  const services: Record<string, unknown> = {};
  if (engine === 'rethinkdb') services[rethinkdbService(operator.name)] = rethinkdbServiceDef(input);
  services[nodeService(operator.name)] = nodeServiceDef(input);
  const doc = {
    name: operator.project,
    services,
    ...(engine === 'rethinkdb'
      ? {
          volumes: {
            'rethinkdb-data': { labels: labelsFor(input.federation, 'database', operator.name, engine) },
          },
        }
      : {}),
    networks: externalNetwork(input.network),
  };
  return commentBlock(header(input)) + stringify(doc, { lineWidth: 0 });
}

function header(input: OperatorComposeInput): string[] {
  const lines = [
    `Operator "${input.operator.name}" of federation "${input.federation}", written by fedlab.`,
    `Run it with: docker compose -p ${input.operator.project} -f compose.yaml up -d`,
    `All members' projects share the external network "${input.network}" so that host names resolve;`,
    'on separate hosts, use real host names in rethinkdb.conf and the keyring instead.',
  ];
  if (input.engine === 'reqlite') {
    lines.push(
      '',
      'Engine reqlite: there is no RethinkDB service here. reqlite cannot cluster and keeps data in',
      'memory, so the federation shares ONE reqlite server (project fedlab-<federation>-db) and the',
      `host name ${input.operator.rethinkdbHost} is a network alias of that shared server. rethinkdb.conf`,
      'is still written: with engine rethinkdb, this file gets its own RethinkDB server.',
    );
  }
  return lines;
}

function rethinkdbServiceDef(input: OperatorComposeInput): Record<string, unknown> {
  const { operator } = input;
  return {
    image: input.images.rethinkdb,
    command: ['rethinkdb', '--config-file', '/etc/rethinkdb/rethinkdb.conf'],
    // A server aborts at start-up while a join= host does not resolve yet (its peer's container
    // is not running): restart until the peers exist. https://github.com/rethinkdb/rethinkdb/issues/2102
    restart: 'unless-stopped',
    volumes: ['./rethinkdb.conf:/etc/rethinkdb/rethinkdb.conf:ro', 'rethinkdb-data:/data'],
    // Loopback only, any free port: the lab's readiness check (the cluster has every server).
    ports: [`127.0.0.1::${RETHINKDB_DRIVER_PORT}`],
    labels: labelsFor(input.federation, 'database', operator.name, input.engine, operator.index),
    networks: {
      [NETWORK_KEY]: { aliases: aliases(operator.rethinkdbHost, rethinkdbService(operator.name)) },
    },
  };
}

function nodeServiceDef(input: OperatorComposeInput): Record<string, unknown> {
  const { operator } = input;
  return {
    image: input.images.node,
    command: ['-c', NODE_CONFIG_IN_CONTAINER, 'start'],
    restart: 'unless-stopped',
    ...(input.nodeUser === undefined ? {} : { user: input.nodeUser }),
    ...(input.engine === 'rethinkdb' ? { depends_on: [rethinkdbService(operator.name)] } : {}),
    volumes: [`./.bigchaindb:${NODE_CONFIG_IN_CONTAINER}:ro`],
    ports: [`127.0.0.1:${operator.apiPort}:${NODE_API_PORT}`],
    labels: labelsFor(input.federation, 'node', operator.name, input.engine, operator.index),
    networks: { [NETWORK_KEY]: { aliases: aliases(operator.nodeHost, nodeService(operator.name)) } },
  };
}

/** The service name already resolves; a custom host name is added as an alias. */
function aliases(host: string, service: string): string[] {
  return host === service ? [service] : [service, host];
}
