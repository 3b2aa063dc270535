import { generateKeypair } from '../shared/crypto/index.js';
import type { LabOptions } from './context.js';
import { writeMajority } from './federation-file/replicas.js';
import { createLab } from './lab.js';
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
 * it posted to beta, both shown VALID on every node; the federation is left running and the
 * command that tears it down is printed.
 */
export async function runDemo(options: DemoOptions = {}): Promise<DemoResult> {
  const write = options.write ?? ((line: string) => void process.stdout.write(line + '\n'));
  const lab = createLab({ progress: createProgress(), ...options });
  const name = options.name ?? 'demo';
  const federation = await lab.up({
    name,
    engine: options.engine ?? 'auto',
    operators: [{ name: 'alpha' }, { name: 'beta' }, { name: 'gamma' }],
    ...(options.basePort === undefined ? {} : { basePort: options.basePort }),
  });
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

  const lines = ['', 'node APIs (127.0.0.1 only):'];
  for (const op of federation.operators)
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
