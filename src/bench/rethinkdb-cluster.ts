/**
 * A real three-server RethinkDB cluster for the bench: one user-defined bridge network, one
 * container per server (driver port published on 127.0.0.1, random host port), each joining the
 * others by container name. Everything is labelled `fedlab.bench=<run id>` and removed by
 * `down()` (idempotent), also when the bring-up fails.
 */
import Docker from 'dockerode';
import { performance } from 'node:perf_hooks';
import { describeError } from '../shared/errors.js';
import { silentLogger } from '../shared/log.js';
import { notYet, pollUntil, ready } from '../shared/poll.js';
import { connectLedgerStore } from '../node/store/index.js';
import { BenchClusterError } from './bench-errors.js';
import {
  BENCH_LABEL,
  checkDockerImage,
  describeRemoved,
  logsTail,
  publishedPort,
  removeLabelled,
  waitHealthy,
  type Removed,
} from './bench-docker.js';
import { RETHINKDB_CONF_PATH, RETHINKDB_DRIVER_PORT, rethinkdbConf } from './rethinkdb-conf.js';
import { tarOf } from './tar-file.js';

export interface ClusterServer {
  /** RethinkDB server name (as rethinkdb.server_status lists it). */
  name: string;
  container: string;
  host: string;
  port: number;
}

export interface RethinkdbCluster {
  readonly runId: string;
  readonly network: string;
  readonly servers: readonly ClusterServer[];
  /** From the first Docker call to all servers listed in server_status. */
  readonly bringUpMs: number;
  down(): Promise<Removed>;
}

export interface ClusterOptions {
  runId: string;
  image: string;
  size?: number;
  /** Bounds each wait (health, server_status). Default 120 000. */
  timeoutMs?: number;
  signal: AbortSignal;
  docker?: Docker;
}

/** Start the cluster; on any failure (or abort) remove what was created, then rethrow. */
export async function startRethinkdbCluster(options: ClusterOptions): Promise<RethinkdbCluster> {
  const docker = options.docker ?? new Docker();
  await checkDockerImage(docker, options.image);
  const started = performance.now();
  let removal: Promise<Removed> | undefined;
  const down = (): Promise<Removed> => (removal ??= removeLabelled(docker, options.runId));
  try {
    const { network, servers } = await createAndStart(docker, options);
    await waitForAllServers(docker, servers, options.timeoutMs ?? 120_000, options.signal);
    return { runId: options.runId, network, servers, bringUpMs: performance.now() - started, down };
  } catch (e) {
    await down().then(
      (r) => console.log(`cluster removed: ${describeRemoved(r)}`),
      (e2: unknown) =>
        console.error(
          `cluster cleanup failed (${describeError(e2)}); remove by label ${BENCH_LABEL}=${options.runId}`,
        ),
    );
    throw e;
  }
}

async function createAndStart(
  docker: Docker,
  options: ClusterOptions,
): Promise<{ network: string; servers: ClusterServer[] }> {
  const size = options.size ?? 3;
  const timeoutMs = options.timeoutMs ?? 120_000;
  const labels = { [BENCH_LABEL]: options.runId };
  const network = `fedlab-bench-${options.runId}`;
  await docker.createNetwork({ Name: network, Driver: 'bridge', Labels: labels, CheckDuplicate: true });
  const containers = Array.from({ length: size }, (_, i) => `${network}-rdb${i + 1}`);
  const names = containers.map((_, i) => `rdb${i + 1}`);
  for (const [i, container] of containers.entries()) {
    options.signal.throwIfAborted();
    const conf = rethinkdbConf({
      serverName: names[i] ?? '',
      peers: containers.filter((c) => c !== container),
    });
    await createServer(docker, { image: options.image, container, network, labels, conf });
  }
  // In order: the first finds no peer yet and starts alone; each later one joins those running.
  for (const container of containers) {
    options.signal.throwIfAborted();
    await docker.getContainer(container).start();
  }
  for (const container of containers) await waitHealthy(docker, container, timeoutMs, options.signal);
  const servers: ClusterServer[] = [];
  for (const [i, container] of containers.entries()) {
    const port = await publishedPort(docker, container, RETHINKDB_DRIVER_PORT);
    servers.push({ name: names[i] ?? '', container, host: '127.0.0.1', port });
  }
  return { network, servers };
}

async function createServer(
  docker: Docker,
  spec: { image: string; container: string; network: string; labels: Record<string, string>; conf: string },
): Promise<void> {
  await docker.createVolume({ Name: spec.container, Labels: spec.labels });
  const driverPort = `${RETHINKDB_DRIVER_PORT}/tcp`;
  const created = await docker.createContainer({
    name: spec.container,
    Image: spec.image,
    Labels: spec.labels,
    ExposedPorts: { [driverPort]: {} },
    HostConfig: {
      NetworkMode: spec.network,
      PortBindings: { [driverPort]: [{ HostIp: '127.0.0.1', HostPort: '' }] },
      Mounts: [{ Type: 'volume', Source: spec.container, Target: '/data' }],
    },
  });
  const dir = RETHINKDB_CONF_PATH.slice(0, RETHINKDB_CONF_PATH.lastIndexOf('/') + 1);
  const archive = tarOf([{ path: dir }, { path: RETHINKDB_CONF_PATH, content: spec.conf }]);
  await created.putArchive(archive, { path: '/' });
}

/** rethinkdb.server_status, as the node's store reads it (LedgerStore.servers()), lists every server. */
async function waitForAllServers(
  docker: Docker,
  servers: readonly ClusterServer[],
  timeoutMs: number,
  signal: AbortSignal,
): Promise<void> {
  const first = servers[0];
  if (first === undefined) throw new BenchClusterError('bring-up', 'no servers');
  const store = await connectLedgerStore(
    { host: first.host, port: first.port, connectTimeoutMs: timeoutMs },
    silentLogger,
  );
  try {
    const wanted = servers.map((s) => s.name);
    await pollUntil(
      async () => {
        const listed = (await store.servers()) ?? [];
        const missing = wanted.filter((name) => !listed.includes(name));
        return missing.length === 0 ? ready(undefined) : notYet(`listed: ${listed.join(', ') || 'none'}`);
      },
      { what: `rethinkdb.server_status to list ${wanted.join(', ')}`, timeoutMs, intervalMs: 250, signal },
    );
  } catch (e) {
    const tails = await Promise.all(
      servers.map(async (s) => `--- ${s.container}\n${await logsTail(docker, s.container, 8)}`),
    );
    throw new BenchClusterError('waiting for all servers', describeError(e), tails.join('\n'));
  } finally {
    await store.close();
  }
}
