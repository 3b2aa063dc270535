import type { ContainerState, DatabaseStatus, OperatorStatus } from './types.js';
import { notRunning } from './operator-status.js';

/**
 * Pure: the database as Docker (its containers) and the nodes (the servers they see, whether the
 * schema is ready) report it. Nothing here talks to the database: its driver port need not be
 * published on the host.
 */
export function databaseStatus(
  containers: readonly ContainerState[],
  operators: readonly OperatorStatus[],
): DatabaseStatus {
  const views = operators.flatMap((o) => (o.database ? [o.database] : []));
  const lists = views.flatMap((v) => (v.servers ? [v.servers.join('\n')] : []));
  const servers = [...new Set(views.flatMap((v) => v.servers ?? []))].sort();
  const ready = views.flatMap((v) => (v.schemaReady === undefined ? [] : [v.schemaReady]));
  const problem = containerProblem(containers);
  return {
    containers,
    servers,
    ...(lists.length === 0 ? {} : { serversAgree: lists.every((l) => l === lists[0]) }),
    ...(ready.length === 0 ? {} : { schemaReady: ready.every(Boolean) }),
    ...(problem ? { problem } : {}),
  };
}

function containerProblem(containers: readonly ContainerState[]): string {
  if (containers.length === 0) return 'no database container exists';
  const stopped = containers.filter((c) => c.state !== 'running');
  if (stopped.length === containers.length) return 'no database server is running';
  return stopped.map(notRunning).join('; ');
}
