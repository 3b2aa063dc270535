/**
 * After a fuzz run: the tables read straight from RethinkDB (no node code in between), then
 * judged with the node's own rules. Every backlog row and every block's transaction passes the
 * static checks (storable, schema, id, signatures); every block is correctly signed; every
 * transaction of a VALID block passes the full validation a voter applies; no output is spent by
 * two transactions of VALID or UNDECIDED blocks, and no transaction is in two VALID blocks;
 * and nothing reached a table that the API did not accept.
 */
import { r } from 'rethinkdb-ts';
import {
  checkTransactionStatic,
  isGenesisBlock,
  validateTransaction,
  verifyBlock,
  type Block,
  type FederationPolicy,
  type LedgerFacts,
  type Transaction,
} from '../../../src/node/core/index.js';
import { describeError } from '../../../src/shared/errors.js';

export interface TablesAccess {
  host: string;
  port: number;
  db: string;
}

export interface LedgerJudge {
  facts: LedgerFacts;
  policy: FederationPolicy;
  blockStatus(id: string): Promise<string | null>;
}

export interface LedgerReport {
  blocks: number;
  blockTxs: number;
  backlog: number;
  byStatus: Record<string, number>;
  violations: string[];
}

interface BacklogRowDoc {
  id: string;
  tx: Transaction;
}

export async function readTables(
  at: TablesAccess,
): Promise<{ blocks: (Block & { genesis?: boolean })[]; backlog: BacklogRowDoc[] }> {
  const conn = await r.connect({ host: at.host, port: at.port, silent: true });
  try {
    const blocks = (await r.db(at.db).table('bigchain').run(conn)) as (Block & { genesis?: boolean })[];
    const backlog = (await r.db(at.db).table('backlog').run(conn)) as BacklogRowDoc[];
    return { blocks, backlog };
  } finally {
    await conn.close();
  }
}

/** `accepted`: ids the API answered 2xx (the fuzz run's and the setup's). */
export async function checkLedger(
  at: TablesAccess,
  judge: LedgerJudge,
  accepted: ReadonlySet<string>,
): Promise<LedgerReport> {
  const { blocks, backlog } = await readTables(at);
  const violations: string[] = [];
  const flag = (what: string, e?: unknown): void => {
    if (violations.length < 50) violations.push(e === undefined ? what : `${what}: ${describeError(e)}`);
  };
  const staticOk = (tx: unknown, where: string): void => {
    try {
      checkTransactionStatic(tx, judge.policy);
    } catch (e) {
      flag(`${where} holds an invalid transaction ${(tx as { id?: string }).id}`, e);
    }
  };
  for (const row of backlog) {
    staticOk(row.tx, 'backlog');
    if (row.id !== row.tx.id) flag(`backlog row ${row.id} holds transaction ${row.tx.id}`);
    if (!accepted.has(row.tx.id)) flag(`backlog holds ${row.tx.id}, which the API never accepted`);
  }
  const byStatus: Record<string, number> = {};
  const spentBy = new Map<string, Set<string>>();
  const validHolders = new Map<string, number>();
  let blockTxs = 0;
  for (const doc of blocks) {
    if (doc.genesis === true || isGenesisBlock(doc)) continue;
    try {
      verifyBlock({ id: doc.id, block: doc.block, signature: doc.signature });
    } catch (e) {
      flag(`block ${doc.id} does not verify`, e);
    }
    const status = (await judge.blockStatus(doc.id)) ?? 'unknown';
    byStatus[status] = (byStatus[status] ?? 0) + 1;
    for (const tx of doc.block.transactions) {
      blockTxs++;
      staticOk(tx, `block ${doc.id} (${status})`);
      if (!accepted.has(tx.id)) flag(`block ${doc.id} holds ${tx.id}, which the API never accepted`);
      if (status === 'invalid') continue;
      if (status === 'valid') {
        validHolders.set(tx.id, (validHolders.get(tx.id) ?? 0) + 1);
        await validateTransaction(tx, judge.facts, judge.policy, { blockId: doc.id }).catch((e: unknown) =>
          flag(`VALID block ${doc.id} holds ${tx.id}, which the node's validation rejects`, e),
        );
      }
      for (const input of tx.inputs) {
        if (input.fulfills === null) continue;
        const key = `${input.fulfills.transaction_id}:${input.fulfills.output_index}`;
        spentBy.set(key, (spentBy.get(key) ?? new Set()).add(tx.id));
      }
    }
  }
  for (const [key, spenders] of spentBy) {
    if (spenders.size > 1)
      flag(`output ${key} is spent by ${[...spenders].join(', ')} (valid or undecided blocks)`);
  }
  for (const [id, n] of validHolders) if (n > 1) flag(`transaction ${id} is in ${n} VALID blocks`);
  return { blocks: blocks.length, blockTxs, backlog: backlog.length, byStatus, violations };
}
