import { generateKeypair } from '../shared/crypto/index.js';
import type { LabOptions } from './context.js';
import { writeMajority } from './federation-file/replicas.js';
import { createLab, type Lab } from './lab.js';
import { isFedlabError } from '../shared/errors.js';
import type { FederationFileInput } from './federation-file/schema.js';
import { renderMembershipResult } from './membership/render.js';
import { NodeApi } from './node-api/node-api.js';
import { createProgress } from './progress/progress.js';
import { buildCreate, buildTransfer } from '../protocol/index.js';
import type { RunningFederation } from './up/running-federation.js';
import { waitValidEverywhere } from './up/wait-ready.js';

export interface DemoOptions extends LabOptions {
  /** Federation name (default "demo"). */
  name?: string;
  basePort?: number;
  engine?: 'rethinkdb' | 'reqlite' | 'auto';
  /** Where the demo prints (default stdout). */
  write?: (line: string) => void;
}

export interface DemoResult {
  federation: RunningFederation;
  createId: string;
  transferId: string;
}

/**
 * What scripts/demo needs: a 3-operator federation up, a CREATE posted to alpha and a TRANSFER of
 * it posted to beta, both shown VALID on every node; then act two, a governed admission of a
 * fourth operator (ballots shown, its node voting); the federation is left running and the
 * command that tears it down is printed.
 */
export async function runDemo(options: DemoOptions = {}): Promise<DemoResult> {
  const write = options.write ?? ((line: string) => void process.stdout.write(line + '\n'));
  const lab = createLab({ progress: createProgress(), ...options });
  const name = options.name ?? 'demo';
  const source = {
    name,
    engine: options.engine ?? 'auto',
    operators: [{ name: 'alpha' }, { name: 'beta' }, { name: 'gamma' }],
    ...(options.basePort === undefined ? {} : { basePort: options.basePort }),
  };
  const federation = await lab.up(source);
  write(
    `federation "${name}" ready in ${(federation.readyAfterMs / 1000).toFixed(1)} s (${federation.engineNote})`,
  );
  databaseLines(federation).forEach((line) => write(line));
  const nodes = federation.operators.map((op) => ({ name: op.name, api: new NodeApi(op.apiUrl) }));
  const [alpha, beta] = nodes;
  if (!alpha || !beta) throw new Error('the demo federation has three operators');
  const alice = generateKeypair();
  const bob = generateKeypair();

  const create = buildCreate(
    alice,
    { demo: 'a bicycle', serial: `fedlab-${Date.now()}` },
    { note: 'created through alpha' },
  );
  await alpha.api.postTransaction(create, 'async');
  await waitValidEverywhere(nodes, create.id, lab.context);
  write(`CREATE   ${create.id} posted to alpha: VALID on ${nodes.map((n) => n.name).join(', ')}`);

  const transfer = buildTransfer(create, 0, alice.privateKey, bob.publicKey, {
    note: 'transferred through beta',
  });
  await beta.api.postTransaction(transfer, 'async');
  await waitValidEverywhere(nodes, transfer.id, lab.context);
  write(`TRANSFER ${transfer.id} posted to beta: VALID on ${nodes.map((n) => n.name).join(', ')}`);

  const admitted = await secondAct(lab, name, source, write);

  const lines = ['', 'node APIs (127.0.0.1 only):'];
  for (const op of [...federation.operators, ...admitted])
    lines.push(`  ${op.name.padEnd(8)} ${op.apiUrl}/api/v1/   (public key ${op.publicKey})`);
  lines.push(
    '',
    'the federation keeps running. See it, follow its logs, tear it down:',
    `  npm run fedlab -- status --name ${name}`,
    `  npm run fedlab -- logs --name ${name} --follow`,
    `  npm run fedlab -- down --name ${name} --volumes`,
  );
  lines.forEach((line) => write(line));
  return { federation, createId: create.id, transferId: transfer.id };
}

/**
 * Act two: the seed's first question, how a federation admits a member. delta makes its own keys
 * and files, alpha, beta and gamma each sign a ballot, the rule decides, delta's server joins the
 * cluster and its node votes; then a CREATE posted through delta is VALID on all four. On a demo
 * federation that admitted delta before, it says so and goes on.
 */
async function secondAct(
  lab: Lab,
  name: string,
  source: FederationFileInput,
  write: (line: string) => void,
): Promise<{ name: string; apiUrl: string; publicKey: string }[]> {
  write('');
  write("[demo] == act two: admit a fourth operator, delta, by the members' ballots");
  try {
    const result = await lab.admit(name, 'delta', { federation: source });
    renderMembershipResult(result).forEach((line) => write(line));
  } catch (error) {
    if (!isFedlabError(error) || error.code !== 'OPERATOR_ALREADY_MEMBER') throw error;
    write('delta is a member already (admitted by an earlier demo run)');
  }
  const status = await lab.status(name);
  const members = status.operators.filter((op) => op.apiUrl !== undefined && op.health === 'healthy');
  const nodes = members.map((op) => ({
    name: op.name,
    api: new NodeApi(op.apiUrl!),
  }));
  const delta = nodes.find((n) => n.name === 'delta');
  if (!delta) return [];
  const tx = buildCreate(generateKeypair(), { demo: 'a second bicycle' }, { note: 'created through delta' });
  await delta.api.postTransaction(tx, 'async');
  await waitValidEverywhere(nodes, tx.id, lab.context);
  write(`CREATE   ${tx.id} posted to delta: VALID on ${nodes.map((n) => n.name).join(', ')}`);
  const op = status.operators.find((o) => o.name === 'delta')!;
  return [{ name: 'delta', apiUrl: delta.api.baseUrl, publicKey: op.publicKey ?? '' }];
}

/** Pure: what the database is (servers, replicas and write acks, node users), never a password. */
export function databaseLines(federation: Pick<RunningFederation, 'engine' | 'database'>): string[] {
  const { database } = federation;
  if (federation.engine === 'reqlite')
    return ['database: one shared reqlite server (no replicas, no users: reqlite has neither)'];
  const lines = [`database servers: ${database.servers.join(', ')}`];
  if (database.replicas !== undefined) {
    const need = writeMajority(database.replicas);
    const majority =
      database.writeAcks === 'majority' ? ` (a write needs ${need} of ${database.replicas})` : '';
    lines.push(`replicas: ${database.replicas} per table, write acks ${database.writeAcks}${majority}`);
  }
  lines.push(
    `database users: ${database.users.join(', ')} (one per node; passwords only in each operator's directory)`,
  );
  return lines;
}
