import type { FederationStatus, OperatorStatus } from './types.js';

const HEADERS = ['OPERATOR', 'CONTAINERS', 'NODE', 'KEYRING', 'BLOCKS', 'VOTES', 'BACKLOG', 'API'];

/** Pure: the status as a person reads it (a table plus the engine and database lines). */
export function renderStatus(status: FederationStatus): string {
  const lines = [
    `federation ${status.name}`,
    `  ${status.engineNote}`,
    `  database: ${databaseLine(status)}`,
    '',
  ];
  if (status.operators.length === 0) return lines.concat('no operator containers found').join('\n') + '\n';
  lines.push(table([HEADERS, ...status.operators.map(row)]));
  lines.push('(blocks: written by that node; votes: cast by it; backlog: transactions assigned to it)');
  const problems = status.operators.flatMap((o) => o.problems.map((p) => `  ${o.name}: ${p}`));
  if (problems.length > 0) lines.push('', 'problems:', ...problems);
  lines.push('', statusSummary(status));
  return lines.join('\n') + '\n';
}

function databaseLine(status: FederationStatus): string {
  const { database } = status;
  const running = database.containers.filter((c) => c.state === 'running').length;
  const servers =
    database.servers.length > 0
      ? `servers ${database.servers.join(', ')}`
      : (database.problem ?? 'no servers');
  return `${running}/${database.containers.length} containers running; ${servers}`;
}

function row(o: OperatorStatus): string[] {
  const running = o.containers.filter((c) => c.state === 'running').length;
  const keyring = o.keyringAgrees === undefined ? '?' : o.keyringAgrees ? 'agrees' : 'DIFFERS';
  const n = (v: number | undefined) => (v === undefined ? '-' : String(v));
  return [
    o.name,
    `${running}/${o.containers.length} running`,
    o.health,
    keyring,
    n(o.blocks),
    n(o.votes),
    n(o.backlog),
    o.apiUrl ?? '-',
  ];
}

/** One line: how many operators are healthy and whether keyrings agree. */
export function statusSummary(status: FederationStatus): string {
  const healthy = status.operators.filter((o) => o.health === 'healthy').length;
  return `${healthy}/${status.operators.length} operators healthy; keyrings ${status.keyringsAgree ? 'agree' : 'do NOT all agree'}`;
}

/** Left-aligned columns separated by two spaces. */
export function table(rows: readonly (readonly string[])[]): string {
  const widths = rows[0]?.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length))) ?? [];
  return rows
    .map((r) =>
      r
        .map((cell, i) => cell.padEnd(widths[i] ?? 0))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}
