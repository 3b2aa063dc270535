import { stringify } from 'yaml';
import type { Engine, OperatorSpec } from '../federation/model.js';
import {
  NODE_API_PORT,
  RETHINKDB_DRIVER_PORT,
  labelsFor,
  nodeService,
  operatorNetworkName,
  OWN_DATABASE_HOST,
  rethinkdbService,
} from '../federation/names.js';
import { NETWORK_KEY, OPERATOR_NETWORK_KEY, PULL_POLICY, commentBlock, externalNetwork } from './common.js';

export interface OperatorComposeInput {
  federation: string;
  network: string;
  operator: OperatorSpec;
  engine: Engine;
  images: { node: string; rethinkdb: string };
  /** Publish the server's driver port and web UI on 127.0.0.1 (ephemeral host ports). */
  publishDatabase?: boolean;
  /** uid:gid the node runs as, so it can read its 0600 .bigchaindb; omitted: the image's user. */
  nodeUser?: string;
  /**
   * The server joins a cluster that already has an admin password (an admitted operator):
   * RethinkDB refuses such a join from a new server unless it starts with `--initial-password
   * auto` (ignored once its data directory exists). Founders never get it: they form the cluster
   * without a password and `up` sets it.
   */
  joinsSecuredCluster?: boolean;
}

/** In-container path of the operator's node config (its .bigchaindb, bind-mounted read-only). */
export const NODE_CONFIG_IN_CONTAINER = '/data/.bigchaindb';
/** Where fedlab/rethinkdb's entrypoint reads its config file by default. */
export const RETHINKDB_CONF_IN_CONTAINER = '/etc/rethinkdb/rethinkdb.conf';

/**
 * The server is healthy once its driver port accepts connections. The same check as the image's
 * HEALTHCHECK, stated here so the file says what `healthy` means; only keys engine 20.10 knows
 * (start_interval needs engine 25).
 */
export const RETHINKDB_HEALTHCHECK = {
  test: ['CMD', 'bash', '-c', `exec 3<>/dev/tcp/127.0.0.1/${RETHINKDB_DRIVER_PORT}`],
  interval: '2s',
  timeout: '2s',
  retries: 30,
  start_period: '60s',
} as const;

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
    networks: {
      ...externalNetwork(input.network),
      ...(engine === 'rethinkdb'
        ? {
            [OPERATOR_NETWORK_KEY]: {
              name: operatorNetworkName(input.federation, operator.name),
              external: true,
            },
          }
        : {}),
    },
  };
  return commentBlock(header(input)) + stringify(doc, { lineWidth: 0 });
}

function header(input: OperatorComposeInput): string[] {
  const lines = [
    `Operator "${input.operator.name}" of federation "${input.federation}", written by fedlab.`,
    `Run it with: docker compose -p ${input.operator.project} -f compose.yaml up -d`,
    `All members' projects share the external network "${input.network}" so that host names resolve;`,
    'on separate hosts, use real host names in rethinkdb.conf and the keyring instead.',
    'Images are built locally (scripts/build-images.sh), never pulled: pull_policy never.',
  ];
  if (input.engine === 'rethinkdb') {
    const service = rethinkdbService(input.operator.name);
    lines.push(
      '',
      `${service}: the image's entrypoint starts RethinkDB from ${RETHINKDB_CONF_IN_CONTAINER},`,
      'joining only the peers whose host names resolve (the others join it when they start). The',
      ...(input.publishDatabase
        ? [
            'cluster port stays on the federation network; the driver port and web UI are published on',
            '127.0.0.1 at ephemeral host ports (`docker port` shows where).',
          ]
        : [
            'cluster port stays on the federation network, and no port is published (database.publish:',
            'true publishes the driver port and web UI on 127.0.0.1).',
          ]),
      'The node connects as its own database user (database.user and .password in its .bigchaindb).',
      `Both also join this operator's own network "${operatorNetworkName(input.federation, input.operator.name)}",`,
      `where ${service} has the same aliases plus ${OWN_DATABASE_HOST}, the host the node connects to: its`,
      'database connection never crosses the federation network, so cut off from it (fedlab fault',
      'partition), the node still reaches its own server.',
    );
  }
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
    pull_policy: PULL_POLICY,
    // The wrapper skips join= hosts that do not resolve, so a lone server starts; restarting still
    // covers a crash and a host reboot. https://github.com/rethinkdb/rethinkdb/issues/2102
    restart: 'unless-stopped',
    volumes: [`./rethinkdb.conf:${RETHINKDB_CONF_IN_CONTAINER}:ro`, 'rethinkdb-data:/data'],
    ...(input.joinsSecuredCluster
      ? { command: [RETHINKDB_CONF_IN_CONTAINER, '--initial-password', 'auto'] }
      : {}),
    healthcheck: { ...RETHINKDB_HEALTHCHECK, test: [...RETHINKDB_HEALTHCHECK.test] },
    ...(input.publishDatabase ? { ports: [`127.0.0.1::${RETHINKDB_DRIVER_PORT}`] } : {}),
    labels: labelsFor(input.federation, 'database', operator.name, input.engine, operator.index),
    networks: {
      [NETWORK_KEY]: { aliases: aliases(operator.rethinkdbHost, rethinkdbService(operator.name)) },
      [OPERATOR_NETWORK_KEY]: {
        aliases: [...aliases(operator.rethinkdbHost, rethinkdbService(operator.name)), OWN_DATABASE_HOST],
      },
    },
  };
}

function nodeServiceDef(input: OperatorComposeInput): Record<string, unknown> {
  const { operator } = input;
  return {
    image: input.images.node,
    pull_policy: PULL_POLICY,
    command: ['-c', NODE_CONFIG_IN_CONTAINER, 'start'],
    restart: 'unless-stopped',
    ...(input.nodeUser === undefined ? {} : { user: input.nodeUser }),
    // For a hand-run `up`: the node starts once its server answers (fedlab starts them itself).
    ...(input.engine === 'rethinkdb'
      ? { depends_on: { [rethinkdbService(operator.name)]: { condition: 'service_healthy' } } }
      : {}),
    volumes: [`./.bigchaindb:${NODE_CONFIG_IN_CONTAINER}:ro`],
    ports: [`127.0.0.1:${operator.apiPort}:${NODE_API_PORT}`],
    labels: labelsFor(input.federation, 'node', operator.name, input.engine, operator.index),
    networks: {
      [NETWORK_KEY]: { aliases: aliases(operator.nodeHost, nodeService(operator.name)) },
      ...(input.engine === 'rethinkdb'
        ? { [OPERATOR_NETWORK_KEY]: { aliases: aliases(operator.nodeHost, nodeService(operator.name)) } }
        : {}),
    },
  };
}

/** The service name already resolves; a custom host name is added as an alias. */
function aliases(host: string, service: string): string[] {
  return host === service ? [service] : [service, host];
}
