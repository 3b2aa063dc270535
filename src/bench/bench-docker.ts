/**
 * The few Docker operations the bench needs, over dockerode: engine and image checks, waiting
 * for a container's health check, its published port and log tail, and removing everything one
 * bench run labelled (`fedlab.bench=<run id>`), which works even when the run lost its handles.
 */
import type Docker from 'dockerode';
import { describeError } from '../shared/errors.js';
import { notYet, pollUntil, ready } from '../shared/poll.js';
import { BenchClusterError, BenchDockerUnavailableError, BenchImageMissingError } from './bench-errors.js';

export const BENCH_LABEL = 'fedlab.bench';

const statusOf = (e: unknown): number | undefined =>
  typeof e === 'object' && e !== null && 'statusCode' in e && typeof e.statusCode === 'number'
    ? e.statusCode
    : undefined;

/** BenchDockerUnavailableError / BenchImageMissingError, before anything is created. */
export async function checkDockerImage(docker: Docker, image: string): Promise<void> {
  try {
    await docker.ping();
  } catch (e) {
    throw new BenchDockerUnavailableError(describeError(e));
  }
  try {
    await docker.getImage(image).inspect();
  } catch (e) {
    if (statusOf(e) === 404) throw new BenchImageMissingError(image);
    throw e;
  }
}

/** The last lines a container printed (stdout and stderr, Docker's 8-byte frame headers removed). */
export async function logsTail(docker: Docker, id: string, lines = 20): Promise<string> {
  try {
    const raw = (await docker.getContainer(id).logs({ stdout: true, stderr: true, tail: lines })) as unknown;
    const buf = Buffer.isBuffer(raw) ? raw : Buffer.from(String(raw));
    const out: Buffer[] = [];
    for (let at = 0; at + 8 <= buf.length && buf[at + 1] === 0;) {
      const size = buf.readUInt32BE(at + 4);
      out.push(buf.subarray(at + 8, at + 8 + size));
      at += 8 + size;
    }
    return (out.length > 0 ? Buffer.concat(out) : buf).toString('utf8').trimEnd();
  } catch (e) {
    return `(no logs: ${describeError(e)})`;
  }
}

/** Wait until the image's health check (a connect to the driver port) passes; fail fast on exit. */
export async function waitHealthy(
  docker: Docker,
  id: string,
  timeoutMs: number,
  signal: AbortSignal,
): Promise<void> {
  const exited = new Set(['exited', 'dead']);
  await pollUntil(
    async () => {
      const state = (await docker.getContainer(id).inspect()).State;
      if (exited.has(state.Status)) {
        const tail = await logsTail(docker, id);
        throw new BenchClusterError(`container ${id}`, `exited with code ${state.ExitCode}`, tail);
      }
      const health = state.Health?.Status ?? 'no health check';
      return health === 'healthy' ? ready(undefined) : notYet(`${state.Status}, ${health}`);
    },
    {
      what: `container ${id} healthy`,
      timeoutMs,
      intervalMs: 250,
      signal,
      isFatal: (e) => e instanceof BenchClusterError,
    },
  );
}

/** The 127.0.0.1 host port Docker picked for `containerPort/tcp`. */
export async function publishedPort(docker: Docker, id: string, containerPort: number): Promise<number> {
  const ports = (await docker.getContainer(id).inspect()).NetworkSettings.Ports;
  const port = Number(ports[`${containerPort}/tcp`]?.[0]?.HostPort);
  if (!Number.isInteger(port) || port <= 0) {
    throw new BenchClusterError(`container ${id}`, `port ${containerPort}/tcp is not published`);
  }
  return port;
}

export interface Removed {
  containers: number;
  volumes: number;
  networks: number;
}

export function describeRemoved(r: Removed): string {
  return `${r.containers} container(s), ${r.volumes} volume(s), ${r.networks} network(s)`;
}

/** Remove every container (with its volumes), volume and network of one run; ignores what is gone. */
export async function removeLabelled(docker: Docker, runId: string): Promise<Removed> {
  const filters = { label: [`${BENCH_LABEL}=${runId}`] };
  const gone = (e: unknown): void => {
    if (statusOf(e) !== 404 && statusOf(e) !== 409) throw e;
  };
  const containers = await docker.listContainers({ all: true, filters });
  await Promise.all(
    containers.map((c) => docker.getContainer(c.Id).remove({ force: true, v: true }).catch(gone)),
  );
  const volumes = (await docker.listVolumes({ filters })).Volumes ?? [];
  for (const v of volumes) await docker.getVolume(v.Name).remove().catch(gone);
  const networks = await docker.listNetworks({ filters });
  for (const n of networks) await docker.getNetwork(n.Id).remove().catch(gone);
  return { containers: containers.length, volumes: volumes.length, networks: networks.length };
}
