import { FedlabError } from '../../shared/errors.js';
import { notYet, pollUntil, ready } from '../../shared/poll.js';
import type { LabContext } from '../context.js';
import type { ContainerInfo } from '../docker/docker-client.js';
import { designatedOperator, type Engine, type Federation } from '../federation/model.js';
import {
  LABEL_FEDERATION,
  LABEL_ROLE,
  RETHINKDB_DRIVER_PORT,
  nodeService,
  rethinkdbServerName,
  rethinkdbService,
} from '../federation/names.js';
import { ensureAdminPassword } from '../material/database-credentials.js';
import type { FederationPaths } from '../material/paths.js';
import { allSettledOrThrow } from '../../shared/all-settled.js';
import { ClusterCli } from './cluster-cli.js';
import { operatorProjectOf, sharedDatabaseProjectOf } from './projects.js';

/** Starts every operator's RethinkDB server (all at once), or the one shared reqlite server. */
export async function startDatabase(
  federation: Federation,
  engine: Engine,
  paths: FederationPaths,
  ctx: LabContext,
): Promise<void> {
  if (engine === 'reqlite') {
    await ctx.compose.up(sharedDatabaseProjectOf(federation, paths));
    return;
  }
  await allSettledOrThrow(
    federation.operators.map((op) =>
      ctx.compose.up(operatorProjectOf(op, paths), [rethinkdbService(op.name)]),
    ),
  );
}

/** The database containers of a federation and the 127.0.0.1 port of each driver port, if published. */
export async function databaseContainers(
  federation: string,
  ctx: LabContext,
): Promise<{ container: ContainerInfo; port?: number }[]> {
  const all = await ctx.docker.listContainers({ [LABEL_FEDERATION]: federation });
  return all
    .filter((c) => c.labels[LABEL_ROLE] === 'database' || c.labels[LABEL_ROLE] === 'shared-database')
    .map((container) => {
      const port = container.ports.find(
        (p) => p.containerPort === RETHINKDB_DRIVER_PORT && p.hostPort,
      )?.hostPort;
      return port === undefined ? { container } : { container, port };
    });
}

/** The designated operator's one-shot node containers, as the cluster's admin. */
export async function clusterCliFor(
  federation: Federation,
  paths: FederationPaths,
  ctx: LabContext,
): Promise<ClusterCli> {
  const op = designatedOperator(federation);
  const file = paths.adminPassword(op.name);
  const adminPassword = await ensureAdminPassword(file);
  return new ClusterCli(ctx, operatorProjectOf(op, paths), nodeService(op.name), adminPassword, file);
}

/**
 * rethinkdb: every operator's server joined one cluster (the node CLI waits for them inside the
 * federation network, then sets the admin password). reqlite: the shared server answers a query
 * on its loopback port. Returns the server names.
 */
export async function waitForDatabase(
  federation: Federation,
  engine: Engine,
  paths: FederationPaths,
  ctx: LabContext,
  detail: (t: string) => void,
  note: (message: string) => void = () => undefined,
): Promise<string[]> {
  if (engine === 'reqlite') return waitForSharedServer(federation, ctx);
  const expected = federation.operators.map((op) => rethinkdbServerName(op.name)).sort();
  const cli = await clusterCliFor(federation, paths, ctx);
  detail(`waiting for ${expected.length} servers to join`);
  const joined = await cli.setAdminPasswordListingServers(expected.length, (line) =>
    detail(line.trim().slice(0, 100)),
  );
  const said = joined.said;
  const servers = [...joined.servers].sort();
  const missing = expected.filter((n) => !servers.includes(n));
  if (missing.length > 0) {
    throw new FedlabError(
      'CLUSTER_INCOMPLETE',
      `the RethinkDB cluster has ${servers.join(', ') || 'no servers'} but not ${missing.join(', ')}; ` +
        'see their logs: fedlab logs <operator>',
      { details: { servers, missing } },
    );
  }
  const designated = designatedOperator(federation).name;
  note(
    `admin password: ${/already/i.test(said) ? 'already set' : 'set'} (kept in ${designated}'s directory)`,
  );
  return servers;
}

async function waitForSharedServer(federation: Federation, ctx: LabContext): Promise<string[]> {
  return pollUntil(
    async () => {
      const running = (await databaseContainers(federation.name, ctx)).filter(
        (d) => d.container.state === 'running' && d.port,
      );
      const first = running[0];
      if (!first?.port) return notYet('no database container is running with a published driver port yet');
      await ctx.databaseProbe.answers(first.port);
      return ready(['reqlite']);
    },
    {
      what: 'the shared reqlite server to answer',
      timeoutMs: ctx.timeouts.databaseMs,
      intervalMs: 500,
      ...(ctx.signal ? { signal: ctx.signal } : {}),
    },
  );
}

/** Pure: the note after the wait, naming the servers that joined. */
export function describeServers(engine: Engine, servers: readonly string[]): string {
  if (engine === 'reqlite') return 'database: the shared reqlite server answers';
  return `database: ${servers.length} RethinkDB server${servers.length === 1 ? '' : 's'} joined one cluster: ${servers.join(', ')}`;
}
