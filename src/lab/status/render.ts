import type { FederationStatus, OperatorStatus } from './types.js';

const HEADERS = ['OPERATOR', 'CONTAINERS', 'NODE', 'KEYRING', 'BLOCKS', 'VOTES', 'BACKLOG', 'SEES', 'API'];

/** Pure: the status as a person reads it (engine and database lines, a table, the containers). */
export function renderStatus(status: FederationStatus): string {
  const lines = [
    `federation ${status.name}`,
    `  ${status.engineNote}`,
    `  database: ${databaseLine(status)}`,
    ...(status.membership ? [`  membership: ${membershipLine(status.membership)}`] : []),
    '',
  ];
  if (status.operators.length === 0) return lines.concat('no operator containers found').join('\n') + '\n';
  lines.push(table([HEADERS, ...status.operators.map(row)]));
  lines.push(
    '(blocks: created by that node; votes: cast by it; backlog: assigned to it; sees: members it sees alive)',
  );
  lines.push('', 'containers:', ...containerLines(status));
  const problems = status.operators.flatMap((o) => o.problems.map((p) => `  ${o.name}: ${p}`));
  if (problems.length > 0) lines.push('', 'problems:', ...problems);
  lines.push('', statusSummary(status));
  return lines.join('\n') + '\n';
}

/** "epoch 2: alpha, beta, delta; keyrings, nodes and database agree" (or what does not). */
function membershipLine(m: NonNullable<FederationStatus['membership']>): string {
  const head = `epoch ${m.epoch}: ${m.members.join(', ')}`;
  return m.agree
    ? `${head}; keyrings, nodes and database agree`
    : `${head}; DISAGREE: ${m.problems.join('; ')}`;
}

/** Containers from Docker; servers and schema as the nodes report them. */
function databaseLine(status: FederationStatus): string {
  const { database } = status;
  const running = database.containers.filter((c) => c.state === 'running').length;
  const parts = [`${running}/${database.containers.length} containers running`, serversText(status)];
  if (database.schemaReady !== undefined) parts.push(schemaText(status));
  if (database.problem) parts.push(database.problem);
  return parts.join('; ');
}

function serversText({ database, operators, engine }: FederationStatus): string {
  const reporting = operators.filter((o) => o.database?.servers !== undefined);
  if (database.serversAgree === undefined) return 'servers: no node reports them';
  if (!database.serversAgree)
    return `nodes DISAGREE on servers: ${reporting.map((o) => `${o.name} sees ${list(o.database?.servers)}`).join(', ')}`;
  const by = `as ${reporting.length}/${operators.length} nodes report`;
  if (database.servers.length > 0) return `servers ${database.servers.join(', ')} (${by})`;
  return engine === 'reqlite'
    ? `one shared reqlite server, no cluster servers (${by})`
    : `no cluster servers (${by})`;
}

function schemaText({ database, operators }: FederationStatus): string {
  if (database.schemaReady) return 'schema ready';
  const notReady = operators.filter((o) => o.database?.schemaReady === false).map((o) => o.name);
  return `schema NOT ready as ${notReady.join(', ')} report${notReady.length === 1 ? 's' : ''}`;
}

const list = (names: readonly string[] | undefined): string =>
  names && names.length > 0 ? names.join('+') : 'none';

function row(o: OperatorStatus): string[] {
  const running = o.containers.filter((c) => c.state === 'running').length;
  const keyring = o.keyringAgrees === undefined ? '?' : o.keyringAgrees ? 'agrees' : 'DIFFERS';
  const n = (v: number | undefined) => (v === undefined ? '-' : String(v));
  return [
    o.name,
    o.containers.length === 0 ? 'none' : `${running}/${o.containers.length} running`,
    o.health,
    keyring,
    n(o.blocks),
    n(o.votes),
    n(o.backlog),
    sees(o),
    o.apiUrl ?? '-',
  ];
}

function sees(o: OperatorStatus): string {
  if (!o.liveness) return '-';
  if (!o.liveness.known) return 'unknown';
  const { alive, dead } = o.liveness;
  const total = alive.length + dead.length;
  return dead.length === 0
    ? `${total}/${total} alive`
    : `${alive.length}/${total} alive, dead: ${dead.join(',')}`;
}

/** Every container with its role and Docker's state: operators' first, then the shared ones. */
function containerLines(status: FederationStatus): string[] {
  const owned = new Set(status.operators.flatMap((o) => o.containers.map((c) => c.name)));
  const rows = [
    ...status.operators.flatMap((o) => o.containers.map((c) => [o.name, c.role, c.name, c.state, c.status])),
    ...status.database.containers
      .filter((c) => !owned.has(c.name))
      .map((c) => ['(shared)', c.role, c.name, c.state, c.status]),
  ];
  return table(rows)
    .split('\n')
    .map((l) => `  ${l}`);
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
