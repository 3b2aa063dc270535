/**
 * Pure: is the ledger's schema ready? Ready means every expected table and every expected index
 * exists and is ready (RethinkDB: the table is ready for writes too), not merely that the
 * database name exists. The observation comes from schema-probe.ts (tableList, indexStatus and,
 * on RethinkDB, table status; reqlite has no status(), so there only indexes decide).
 */

/** What the node needs: a table and the names of its secondary indexes. */
export interface ExpectedTable {
  name: string;
  indexes: readonly string[];
}

export interface ObservedTable {
  name: string;
  indexes: readonly { name: string; ready: boolean }[];
  /** RethinkDB `status.ready_for_writes`; undefined where the engine cannot tell (reqlite). */
  ready?: boolean;
}

export interface ObservedSchema {
  dbExists: boolean;
  tables: readonly ObservedTable[];
}

export interface SchemaReadiness {
  ready: boolean;
  dbExists: boolean;
  /** What does not exist: "database bigchain", "table votes", "index bigchain.node_pubkey". */
  missing: string[];
  /** What exists but is not ready yet: "table votes", "index bigchain.outputs". */
  notReady: string[];
}

export function evaluateReadiness(
  dbName: string,
  expected: readonly ExpectedTable[],
  observed: ObservedSchema,
): SchemaReadiness {
  if (!observed.dbExists) {
    return { ready: false, dbExists: false, missing: [`database ${dbName}`], notReady: [] };
  }
  const missing: string[] = [];
  const notReady: string[] = [];
  const byName = new Map(observed.tables.map((t) => [t.name, t]));
  for (const want of expected) {
    const table = byName.get(want.name);
    if (table === undefined) {
      missing.push(`table ${want.name}`);
      continue;
    }
    if (table.ready === false) notReady.push(`table ${want.name}`);
    const indexes = new Map(table.indexes.map((i) => [i.name, i.ready]));
    for (const index of want.indexes) {
      const isReady = indexes.get(index);
      if (isReady === undefined) missing.push(`index ${want.name}.${index}`);
      else if (!isReady) notReady.push(`index ${want.name}.${index}`);
    }
  }
  return { ready: missing.length === 0 && notReady.length === 0, dbExists: true, missing, notReady };
}

/** One line for logs and errors: "missing: table votes; not ready: index bigchain.outputs". */
export function describeReadiness(r: SchemaReadiness): string {
  if (r.ready) return 'ready';
  return [
    r.missing.length > 0 ? `missing: ${r.missing.join(', ')}` : '',
    r.notReady.length > 0 ? `not ready: ${r.notReady.join(', ')}` : '',
  ]
    .filter((p) => p !== '')
    .join('; ');
}
