/**
 * Pure: summaries of RethinkDB's `rethinkdb.table_config` and `table_status` rows (as checked on
 * 2.4.4: config `{name, db, shards: [{primary_replica, replicas, nonvoting_replicas}], write_acks,
 * durability}`, status `{name, db, shards: [{primary_replicas, replicas: [{server, state}]}],
 * status: {all_replicas_ready, ready_for_writes, ...}}`).
 */

export interface TableConfigRow {
  name: string;
  shards: { replicas: string[] }[];
  write_acks?: string;
  durability?: string;
}

export interface TableStatusRow {
  name: string;
  shards?: { replicas: { server: string; state: string }[] }[];
  status: { all_replicas_ready: boolean; ready_for_writes: boolean };
}

export interface TableLayout {
  shards: number;
  /** Replicas of the least-replicated shard (what the cluster can lose is bounded by it). */
  replicas: number;
  writeAcks: string | null;
  durability: string | null;
}

export function layoutOf(row: TableConfigRow): TableLayout {
  const counts = row.shards.map((s) => s.replicas.length);
  return {
    shards: row.shards.length,
    replicas: counts.length > 0 ? Math.min(...counts) : 0,
    writeAcks: row.write_acks ?? null,
    durability: row.durability ?? null,
  };
}

/** What a reconfigure asks for, given the table's present layout. */
export function targetLayout(
  current: TableLayout,
  change: { shards?: number; replicas?: number },
): { shards: number; replicas: number } {
  return { shards: change.shards ?? current.shards, replicas: change.replicas ?? current.replicas };
}

/**
 * The layout a table made now gets (init with --shards/--replicas): what it asks for, RethinkDB's
 * default (1) for the rest, as a reconfigure of a fresh table would give. undefined: nothing asked.
 */
export function creationLayout(change: {
  shards?: number;
  replicas?: number;
}): { shards: number; replicas: number } | undefined {
  if (change.shards === undefined && change.replicas === undefined) return undefined;
  return targetLayout({ shards: 1, replicas: 1, writeAcks: null, durability: null }, change);
}

/** Whether a table's config already has this layout (the re-read after an indeterminate reconfigure). */
export function hasLayout(
  row: TableConfigRow | undefined,
  want: { shards: number; replicas: number },
): boolean {
  return (
    row !== undefined &&
    row.shards.length === want.shards &&
    row.shards.every((s) => s.replicas.length === want.replicas)
  );
}

/** Committed data is on a majority of replicas, written to disk. */
export const SAFE_WRITES = { write_acks: 'majority', durability: 'hard' } as const;

export function hasSafeWrites(rows: readonly TableConfigRow[]): boolean {
  return rows.every(
    (r) => r.write_acks === SAFE_WRITES.write_acks && r.durability === SAFE_WRITES.durability,
  );
}

/** Tables (of `rows`) whose replicas are not all ready, or whose status lags the wanted layout. */
export function tablesNotSettled(
  rows: readonly TableStatusRow[],
  want: ReadonlyMap<string, { shards: number; replicas: number }>,
): string[] {
  const out: string[] = [];
  for (const row of rows) {
    const target = want.get(row.name);
    const shards = row.shards ?? [];
    const laggy =
      target !== undefined &&
      (shards.length !== target.shards ||
        shards.some((s) => s.replicas.filter((x) => x.state === 'ready').length < target.replicas));
    if (!row.status.all_replicas_ready || laggy) out.push(row.name);
  }
  return out;
}
