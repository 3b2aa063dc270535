/**
 * The invariants (CONTRACT, owner: load/invariants work), checked from the tables (a
 * LedgerArchive) and the node APIs, never from counters a node keeps about itself.
 */
export interface InvariantCheck {
  name: 'accepted-valid-once' | 'no-double-spend' | 'nodes-agree' | string;
  ok: boolean;
  /** One line for the summary. */
  summary: string;
  /** Every violation, capped (with the count of the rest). */
  violations: string[];
}

export interface InvariantReport {
  ok: boolean;
  checks: InvariantCheck[];
  /** What was checked: transactions accepted, blocks and votes read, nodes asked. */
  counts: Record<string, number>;
}

/** A transaction's status as a node's API (or the recount) gives it; `unknown`: it has never heard of it. */
export type ViewStatus = 'valid' | 'undecided' | 'invalid' | 'backlog' | 'unknown';

/** What one node's API says of the transactions asked about. */
export interface NodeView {
  operator: string;
  /** It answered every question; a node that did not is listed, not compared. */
  live: boolean;
  error?: string;
  /** txId -> status (GET /api/v1/statuses). */
  statuses: Record<string, ViewStatus>;
  /** txId -> ids of the blocks holding it that the node counts VALID (GET /api/v1/blocks?status=valid), sorted. */
  validBlocks: Record<string, string[]>;
}
