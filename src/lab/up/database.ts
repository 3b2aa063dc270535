import { notYet, pollUntil, ready } from '../../shared/poll.js';
import type { LabContext } from '../context.js';
import type { ContainerInfo } from '../docker/docker-client.js';
import type { Engine, Federation } from '../federation/model.js';
import {
  LABEL_FEDERATION,
  LABEL_ROLE,
  RETHINKDB_DRIVER_PORT,
  rethinkdbServerName,
  rethinkdbService,
} from '../federation/names.js';
import type { FederationPaths } from '../material/paths.js';
import { allSettledOrThrow } from './all-settled.js';
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

/** The database containers of a federation and the 127.0.0.1 port of each driver port. */
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

/**
 * rethinkdb: the cluster is joined when server_status lists every operator's server (servers
 * restart until their join= peers resolve). reqlite: the shared server answers a query.
 */
export async function waitForDatabase(
  federation: Federation,
  engine: Engine,
  ctx: LabContext,
  detail: (t: string) => void,
): Promise<string[]> {
  const expected =
    engine === 'reqlite'
      ? ['reqlite']
      : federation.operators.map((op) => rethinkdbServerName(op.name)).sort();
  return pollUntil(
    async () => {
      const running = (await databaseContainers(federation.name, ctx)).filter(
        (d) => d.container.state === 'running' && d.port,
      );
      const first = running[0];
      if (!first?.port) return notYet('no database container is running with a published driver port yet');
      if (engine === 'reqlite') {
        await ctx.databaseProbe.answers(first.port);
        return ready(expected);
      }
      const names = await ctx.databaseProbe.serverNames(first.port);
      detail(`${names.length}/${expected.length} servers joined`);
      const missing = expected.filter((n) => !names.includes(n));
      return missing.length === 0
        ? ready(names)
        : notYet(`cluster has ${names.join(', ') || 'no servers'}; missing ${missing.join(', ')}`);
    },
    {
      what:
        engine === 'reqlite'
          ? 'the shared reqlite server to answer'
          : `all ${expected.length} RethinkDB servers to join one cluster`,
      timeoutMs: ctx.timeouts.databaseMs,
      intervalMs: 500,
      ...(ctx.signal ? { signal: ctx.signal } : {}),
    },
  );
}
