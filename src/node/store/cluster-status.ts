/** Pure: the `database` part of cluster-status from what was observed. */
import type { ClusterStatus, ClusterTable } from './cluster-admin.js';
import type { StoreEngine } from './ledger-store.js';
import { evaluateReadiness, type ExpectedTable, type ObservedSchema } from './schema-readiness.js';
import { layoutOf, type TableConfigRow } from './table-config.js';

export function tableStates(
  engine: StoreEngine,
  expected: readonly ExpectedTable[],
  observed: ObservedSchema,
  configs: ReadonlyMap<string, TableConfigRow> | undefined,
): ClusterTable[] {
  return expected.map((want) => {
    const alone = evaluateReadiness('-', [want], observed);
    const exists = observed.tables.some((t) => t.name === want.name);
    const row = configs?.get(want.name);
    const layout = row === undefined ? undefined : layoutOf(row);
    const single = engine === 'reqlite' && exists; // one in-memory copy, no table config
    return {
      name: want.name,
      ready: alone.ready,
      shards: layout?.shards ?? (single ? 1 : null),
      replicas: layout?.replicas ?? (single ? 1 : null),
      writeAcks: layout?.writeAcks ?? null,
    };
  });
}

export function databaseStatus(
  dbName: string,
  engine: StoreEngine,
  expected: readonly ExpectedTable[],
  observed: ObservedSchema,
  configs: ReadonlyMap<string, TableConfigRow> | undefined,
): ClusterStatus['database'] {
  const readiness = evaluateReadiness(dbName, expected, observed);
  return {
    name: dbName,
    exists: observed.dbExists,
    ready: readiness.ready,
    tables: tableStates(engine, expected, observed, configs),
    missing: readiness.missing,
    notReady: readiness.notReady,
  };
}

/** Human-readable lines (cluster-status without --json). */
export function clusterStatusLines(s: ClusterStatus): string[] {
  const db = s.database;
  const lines = [
    `engine: ${s.engine}`,
    `servers (${s.servers.length}): ${s.servers.join(', ') || '-'}`,
    `admin password set: ${s.adminPasswordSet ? 'yes' : 'no'}`,
    `database ${db.name}: ${!db.exists ? 'does not exist' : db.ready ? 'ready' : 'NOT ready'}`,
  ];
  for (const t of db.tables) {
    const layout = t.shards === null ? '' : ` ${t.shards} shard(s) x ${t.replicas ?? '?'} replica(s)`;
    lines.push(
      `  ${t.name}: ${t.ready ? 'ready' : 'not ready'}${layout}${t.writeAcks ? `, write_acks ${t.writeAcks}` : ''}`,
    );
  }
  if (db.missing.length > 0) lines.push(`missing: ${db.missing.join(', ')}`);
  if (db.notReady.length > 0) lines.push(`not ready: ${db.notReady.join(', ')}`);
  return lines;
}
