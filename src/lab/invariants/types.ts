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
