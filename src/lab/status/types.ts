import type { Engine } from '../federation/model.js';

export interface ContainerState {
  readonly name: string;
  readonly role: string;
  readonly state: string;
  readonly status: string;
}

export type NodeHealth = 'healthy' | 'unhealthy' | 'unreachable' | 'not running';

/** What one node says about the database it uses (its /health `database`). */
export interface NodeDatabaseView {
  readonly connected: boolean;
  /** RethinkDB cluster servers (server_status) as this node sees them; absent if not reported. */
  readonly servers?: readonly string[];
  /** Whether the ledger's database, tables and indexes exist; absent if not reported. */
  readonly schemaReady?: boolean;
}

export interface OperatorStatus {
  readonly name: string;
  /** Its own containers (node and, with rethinkdb, its database server) as Docker reports them. */
  readonly containers: readonly ContainerState[];
  readonly apiUrl?: string;
  readonly health: NodeHealth;
  /** Why the node is not healthy, as it or the lab says. */
  readonly problems: readonly string[];
  readonly publicKey?: string;
  /** undefined when the node could not be asked. */
  readonly keyringAgrees?: boolean;
  /** Blocks this node created, votes it cast, backlog assigned to it (its /health `counts`). */
  readonly blocks?: number;
  readonly votes?: number;
  readonly backlog?: number;
  /**
   * Members this node sees alive or dead, by operator name (a key prefix for a key no bundle
   * names); known: false while the node cannot tell (no recent heartbeat read).
   */
  readonly liveness?: {
    readonly known: boolean;
    readonly alive: readonly string[];
    readonly dead: readonly string[];
  };
  readonly database?: NodeDatabaseView;
  /** The membership epoch this node follows, and its members (issue 12). */
  readonly membership?: {
    readonly epoch: number;
    readonly members: readonly { readonly operator: string; readonly publicKey: string }[];
  };
}

/** The membership epoch the nodes follow, and whether keyrings, nodes and the database agree. */
export interface MembershipStatus {
  readonly epoch: number;
  /** The epoch's members by operator name, sorted. */
  readonly members: readonly string[];
  readonly agree: boolean;
  /** What does not agree, each a sentence. */
  readonly problems: readonly string[];
}

export interface DatabaseStatus {
  /** The database containers (every operator's RethinkDB server, or the shared reqlite server). */
  readonly containers: readonly ContainerState[];
  /** The servers the nodes report (when they disagree: every name any node reports). */
  readonly servers: readonly string[];
  /** Every node that reported servers reports the same list; undefined when none reported any. */
  readonly serversAgree?: boolean;
  /** Every node that answered reports the ledger's schema ready; undefined when none reported it. */
  readonly schemaReady?: boolean;
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
  /** undefined when no node reports its membership epoch. */
  readonly membership?: MembershipStatus;
}
