/**
 * Real RethinkDB 2.4.4 servers (the local fedlab/rethinkdb image) for integration tests, through
 * dockerode: one server, or a cluster of N on a user-defined network (server-name per server,
 * join= lines to the others). Each gets a generated config file mounted at
 * /etc/rethinkdb/rethinkdb.conf and its driver port published on 127.0.0.1 (random host port).
 * Everything carries the label fedlab.test=<label>; stop() removes it (idempotent, call it in
 * afterAll). Without Docker or the image it fails with a message naming ./scripts/setup.sh.
 */
import Docker from 'dockerode';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { r } from 'rethinkdb-ts';
import { imageVersions } from '../../src/shared/images.js';
import { notYet, pollUntil, ready } from '../../src/shared/poll.js';

export interface RethinkServer {
  host: string;
  port: number;
  serverName: string;
  /** Its host name on the cluster network. */
  alias: string;
  containerName: string;
  /** Everything the server logged (for failure reports). */
  logs(): Promise<string>;
  /** Remove the container (and its config); idempotent. */
  stop(): Promise<void>;
}

export interface RethinkCluster {
  servers: RethinkServer[];
  network: string;
  stop(): Promise<void>;
}

const DRIVER_PORT = '28015/tcp';
export const RETHINKDB_IMAGE = imageVersions().images.rethinkdb;

/** Fails (never skips) when the engine or the image is missing. */
export async function requireRethinkdbImage(docker = new Docker()): Promise<void> {
  try {
    await docker.ping();
  } catch (e) {
    throw new Error(
      `this test needs a Docker engine and none answers (${(e as Error).message}); run ./scripts/setup.sh`,
    );
  }
  try {
    await docker.getImage(RETHINKDB_IMAGE).inspect();
  } catch {
    throw new Error(`this test needs the image ${RETHINKDB_IMAGE}, which is missing; run ./scripts/setup.sh`);
  }
}

const unique = (label: string): string => `fedlab-test-${label}-${process.pid}-${Date.now().toString(36)}`;

export function rethinkdbConf(serverName: string, joins: readonly string[] = []): string {
  return ['bind=all', 'directory=/data', `server-name=${serverName}`, ...joins.map((j) => `join=${j}:29015`)]
    .map((l) => l + '\n')
    .join('');
}

interface ServerSpec {
  label: string;
  serverName: string;
  containerName: string;
  /** Host name on the network (join= lines name it); server names may not hold "-". */
  alias?: string;
  joins?: readonly string[];
  network?: string;
}

async function createServer(docker: Docker, spec: ServerSpec): Promise<RethinkServer> {
  const confDir = await mkdtemp(join(tmpdir(), 'fedlab-rethinkdb-'));
  await writeFile(join(confDir, 'rethinkdb.conf'), rethinkdbConf(spec.serverName, spec.joins));
  const container = await docker
    .createContainer({
      name: spec.containerName,
      Hostname: spec.alias ?? spec.serverName,
      Image: RETHINKDB_IMAGE,
      Labels: { 'fedlab.test': spec.label },
      ExposedPorts: { [DRIVER_PORT]: {} },
      HostConfig: {
        Binds: [`${join(confDir, 'rethinkdb.conf')}:/etc/rethinkdb/rethinkdb.conf:ro`],
        PortBindings: { [DRIVER_PORT]: [{ HostIp: '127.0.0.1', HostPort: '' }] },
        ...(spec.network ? { NetworkMode: spec.network } : {}),
      },
      ...(spec.network
        ? {
            NetworkingConfig: {
              EndpointsConfig: { [spec.network]: { Aliases: [spec.alias ?? spec.serverName] } },
            },
          }
        : {}),
    })
    .catch(async (e: unknown) => {
      await rm(confDir, { recursive: true, force: true });
      throw e;
    });
  let stopped: Promise<void> | undefined;
  const server: RethinkServer = {
    host: '127.0.0.1',
    port: 0,
    serverName: spec.serverName,
    alias: spec.alias ?? spec.serverName,
    containerName: spec.containerName,
    logs: async () => String(await container.logs({ stdout: true, stderr: true, tail: 300 })),
    stop: () =>
      (stopped ??= (async () => {
        await container.remove({ force: true, v: true }).catch(() => undefined);
        await rm(confDir, { recursive: true, force: true });
      })()),
  };
  try {
    await container.start();
    const info = await container.inspect();
    server.port = Number(info.NetworkSettings.Ports[DRIVER_PORT]?.[0]?.HostPort);
    return server;
  } catch (e) {
    await server.stop();
    throw e;
  }
}

/** Ready when a ReQL round trip answers and server_status lists `servers` servers. */
async function waitServers(server: RethinkServer, servers: number, timeoutMs: number): Promise<void> {
  await pollUntil(
    async () => {
      const conn = await r.connect({ host: server.host, port: server.port, silent: true, timeout: 2 });
      try {
        const seen = await r.db('rethinkdb').table('server_status').count().run(conn);
        return seen >= servers ? ready(true) : notYet(`${seen} of ${servers} servers`);
      } finally {
        await conn.close();
      }
    },
    { what: `RethinkDB on ${server.host}:${server.port}`, timeoutMs, intervalMs: 250 },
  );
}

/** One server, on the default bridge network. */
export async function startRethinkdb(label: string, timeoutMs = 60_000): Promise<RethinkServer> {
  const docker = new Docker();
  await requireRethinkdbImage(docker);
  const containerName = unique(label);
  const server = await createServer(docker, { label, serverName: label.replace(/\W/g, '_'), containerName });
  try {
    await waitServers(server, 1, timeoutMs);
    return server;
  } catch (e) {
    await server.stop();
    throw e;
  }
}

/** N servers on their own user-defined network, each joining the ones started before it. */
export async function startRethinkdbCluster(
  label: string,
  size: number,
  timeoutMs = 90_000,
): Promise<RethinkCluster> {
  const docker = new Docker();
  await requireRethinkdbImage(docker);
  const network = unique(label);
  await docker.createNetwork({ Name: network, Labels: { 'fedlab.test': label } });
  const servers: RethinkServer[] = [];
  const cluster: RethinkCluster = {
    servers,
    network,
    stop: async () => {
      await Promise.all(servers.map((s) => s.stop()));
      await docker
        .getNetwork(network)
        .remove()
        .catch(() => undefined);
    },
  };
  try {
    for (let i = 0; i < size; i++) {
      const serverName = `${label.replace(/\W/g, '_')}_${i}`;
      const alias = `${label.replace(/[^a-zA-Z0-9-]/g, '-')}-${i}`;
      const joins = servers.map((s) => s.alias);
      const containerName = `${network}-${i}`;
      servers.push(await createServer(docker, { label, serverName, alias, containerName, joins, network }));
    }
    await waitServers(servers[0] as RethinkServer, size, timeoutMs);
    return cluster;
  } catch (e) {
    await cluster.stop();
    throw e;
  }
}
