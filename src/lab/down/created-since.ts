import { FedlabError, describeError } from '../../shared/errors.js';
import type { ContainerInfo, DockerClient } from '../docker/docker-client.js';
import { LABEL_FEDERATION } from '../federation/names.js';
import type { DownSummary } from './down.js';

/** What carried a federation's label at one moment: before an `up` started anything. */
export interface FederationSnapshot {
  /** Container ids and names: compose may recreate a container under its old name. */
  readonly containers: ReadonlySet<string>;
  readonly networks: ReadonlySet<string>;
  readonly volumes: ReadonlySet<string>;
  /** How many containers there were, and how many of them ran (for the "already there" note). */
  readonly containerCount: number;
  readonly running: number;
}

export async function snapshotFederation(
  docker: DockerClient,
  federation: string,
): Promise<FederationSnapshot> {
  const label = { [LABEL_FEDERATION]: federation };
  const [containers, networks, volumes] = await Promise.all([
    docker.listContainers(label),
    docker.listNetworks(label),
    docker.listVolumes(label),
  ]);
  return {
    containers: new Set(containers.flatMap((c) => [c.id, c.name])),
    networks: new Set(networks.map((n) => n.id)),
    volumes: new Set(volumes),
    containerCount: containers.length,
    running: containers.filter((c) => c.state === 'running').length,
  };
}

/** Whether anything of the federation existed (an `up` of a federation that is already there). */
export const isEmptySnapshot = (s: FederationSnapshot): boolean =>
  s.containerCount === 0 && s.networks.size === 0 && s.volumes.size === 0;

/** Pure: "3 containers (3 running), 1 network, 2 volumes". */
export function describeSnapshot(s: FederationSnapshot): string {
  const n = (count: number, what: string) => `${count} ${what}${count === 1 ? '' : 's'}`;
  return `${n(s.containerCount, 'container')} (${s.running} running), ${n(s.networks.size, 'network')}, ${n(s.volumes.size, 'volume')}`;
}

const existedBefore = (c: ContainerInfo, before: FederationSnapshot): boolean =>
  before.containers.has(c.id) || before.containers.has(c.name);

/**
 * Removes what carries the federation's label now but did not before: the containers, networks
 * and volumes one `up` created. A volume that existed before is never removed (it holds the
 * running federation's data), nor is a container that existed (by id or by name).
 */
export async function removeCreatedSince(
  docker: DockerClient,
  federation: string,
  before: FederationSnapshot,
): Promise<DownSummary> {
  const label = { [LABEL_FEDERATION]: federation };
  const failures: string[] = [];
  // Best effort: one thing that cannot be removed must not keep the others running.
  const attempt = async (what: string, remove: () => Promise<void>) =>
    remove().catch((e: unknown) => void failures.push(`${what}: ${describeError(e)}`));
  const containers = (await docker.listContainers(label)).filter((c) => !existedBefore(c, before));
  await Promise.all(
    containers.map((c) => attempt(`container ${c.name}`, () => docker.removeContainer(c.id))),
  );
  const networks = (await docker.listNetworks(label)).filter((n) => !before.networks.has(n.id));
  for (const n of networks) await attempt(`network ${n.name}`, () => docker.removeNetwork(n.id));
  const volumes = (await docker.listVolumes(label)).filter((v) => !before.volumes.has(v));
  for (const v of volumes) await attempt(`volume ${v}`, () => docker.removeVolume(v));
  if (failures.length > 0)
    throw new FedlabError('CLEANUP_INCOMPLETE', `could not remove ${failures.join('; ')}`, {
      details: { federation, failures },
    });
  return { containers: containers.map((c) => c.name), networks: networks.map((n) => n.name), volumes };
}
