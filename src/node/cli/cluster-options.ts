/** The options the cluster commands share: --wait-servers N and --timeout SEC. */
import type { ClusterOpenOptions } from '../store/cluster-admin.js';
import { parseCount } from './commands/reconfigure.js';

/** Default bound of --timeout: waiting for servers, readiness and replicas. */
export const DEFAULT_CLUSTER_TIMEOUT_SEC = 120;

export interface ClusterFlags {
  waitServers?: string;
  timeout?: string;
}

export function clusterOptions(flags: ClusterFlags): ClusterOpenOptions {
  const seconds =
    flags.timeout === undefined ? DEFAULT_CLUSTER_TIMEOUT_SEC : parseCount('--timeout', flags.timeout);
  return {
    timeoutMs: seconds * 1000,
    ...(flags.waitServers === undefined
      ? {}
      : { waitServers: parseCount('--wait-servers', flags.waitServers) }),
  };
}
