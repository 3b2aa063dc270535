import type { Engine } from '../federation/model.js';

export interface ContainerState {
  readonly name: string;
  readonly role: string;
  readonly state: string;
  readonly status: string;
}

export type NodeHealth = 'healthy' | 'unhealthy' | 'unreachable' | 'not running';

export interface OperatorStatus {
  readonly name: string;
  readonly containers: readonly ContainerState[];
  readonly apiUrl?: string;
  readonly health: NodeHealth;
  /** Why the node is not healthy, as it or the lab says. */
  readonly problems: readonly string[];
  readonly publicKey?: string;
  /** undefined when the node could not be asked. */
  readonly keyringAgrees?: boolean;
  readonly blocks?: number;
  readonly votes?: number;
  readonly backlog?: number;
}

export interface DatabaseStatus {
  readonly containers: readonly ContainerState[];
  /** Servers in the cluster (rethinkdb) or ["reqlite"] when the shared server answers. */
  readonly servers: readonly string[];
  readonly problem?: string;
}

export interface FederationStatus {
  readonly name: string;
  readonly engine: Engine | undefined;
  /** What the engine is and what it cannot do. */
  readonly engineNote: string;
  readonly database: DatabaseStatus;
  readonly operators: readonly OperatorStatus[];
  readonly allHealthy: boolean;
  readonly keyringsAgree: boolean;
}
