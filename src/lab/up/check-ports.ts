import { createServer } from 'node:net';
import type { DockerClient } from '../docker/docker-client.js';
import { PortConflictError } from '../errors.js';
import type { Federation } from '../federation/model.js';
import { LABEL_FEDERATION, LABEL_OPERATOR } from '../federation/names.js';

/** Whether 127.0.0.1:port can be bound right now. */
export function portIsFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen({ host: '127.0.0.1', port, exclusive: true }, () => server.close(() => resolve(true)));
  });
}

/**
 * Every operator's API port must be free on 127.0.0.1, or already held by that same operator's
 * node (an `up` of a running federation). Names the container or says "another program".
 */
export async function checkApiPorts(
  federation: Federation,
  docker: DockerClient,
  isFree: (port: number) => Promise<boolean> = portIsFree,
): Promise<void> {
  const containers = await docker.listContainers({});
  for (const op of federation.operators) {
    const holder = containers.find(
      (c) => c.state === 'running' && c.ports.some((p) => p.hostPort === op.apiPort),
    );
    if (holder) {
      const ours =
        holder.labels[LABEL_FEDERATION] === federation.name && holder.labels[LABEL_OPERATOR] === op.name;
      if (ours) continue;
      throw new PortConflictError(op.apiPort, `published by container ${holder.name}`, conflictHint(op.name));
    }
    if (!(await isFree(op.apiPort)))
      throw new PortConflictError(op.apiPort, 'in use by another program', conflictHint(op.name));
  }
}

const conflictHint = (operator: string): string =>
  `operator "${operator}" needs it: set basePort (or operators[].apiPort) in the federation file, or stop what holds it`;
