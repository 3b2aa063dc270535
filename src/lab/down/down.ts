import type { DockerClient } from '../docker/docker-client.js';
import { LABEL_FEDERATION } from '../federation/names.js';

export interface DownSummary {
  containers: string[];
  networks: string[];
  volumes: string[];
}

/**
 * Removes exactly what this federation made, found by its label: containers (every operator's
 * project, the shared database, setup leftovers), then its network, then (with `volumes`) its
 * data volumes. Idempotent: a second call finds nothing and removes nothing.
 */
export async function downFederation(
  docker: DockerClient,
  federation: string,
  options: { volumes?: boolean } = {},
): Promise<DownSummary> {
  const label = { [LABEL_FEDERATION]: federation };
  const containers = await docker.listContainers(label);
  await Promise.all(containers.map((c) => docker.removeContainer(c.id)));
  const networks = await docker.listNetworks(label);
  for (const n of networks) await docker.removeNetwork(n.id);
  const volumes = options.volumes ? await docker.listVolumes(label) : [];
  for (const v of volumes) await docker.removeVolume(v);
  return { containers: containers.map((c) => c.name), networks: networks.map((n) => n.name), volumes };
}
