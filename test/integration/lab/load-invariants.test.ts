// The load generator and the invariants checker against a real in-process federation: three
// nodes (runtime + HTTP API, as `bigchaindb start` runs them) on one reqlite process. A 5 s load
// of every kind through the three APIs, a wait until every accepted tx is VALID everywhere, the
// nodes' views, and the tables read directly (the real runner gets them from `bigchaindb export`).
import type { FastifyInstance } from 'fastify';
import { r } from 'rethinkdb-ts';
import { apiOptionsForNode, createApi, listenApi } from '../../../src/node/http/index.js';
import { silentLogger } from '../../../src/shared/log.js';
import { checkLedger, collectNodeViews, waitAllValid } from '../../../src/lab/invariants/index.js';
import { commitLatencies, percentile, startLoad } from '../../../src/lab/load/index.js';
import type { LoadResult, LoadTarget, TxKind } from '../../../src/lab/load/types.js';
import type { Block, Transaction, Vote } from '../../../src/protocol/index.js';
import {
  LEDGER_ARCHIVE_FORMAT,
  LEDGER_ARCHIVE_VERSION,
  type LedgerArchive,
} from '../../../src/protocol/ledger-archive.js';
import { namedSteps } from '../../support/named-steps.js';
import { TestFederation } from '../node/federation-harness.js';

const OPERATORS = ['alpha', 'beta', 'gamma'];
const KINDS: TxKind[] = ['create', 'transfer', 'divisible', 'threshold', 'double-spend'];

/** The tables as they are, read with rethinkdb-ts (no node code in between). */
async function readArchive(federation: TestFederation): Promise<LedgerArchive> {
  const { host, port, name } = federation.config(0).database;
  const conn = await r.connect({ host, port, silent: true });
  try {
    const table = <T>(t: string): Promise<T[]> => r.db(name).table(t).run(conn) as Promise<T[]>;
    const blocks = await table<Block>('bigchain');
    const votes = await table<Vote>('votes');
    const backlog = await table<{ tx: Transaction; assignee: string; assignment_timestamp: number }>(
      'backlog',
    );
    return {
      format: LEDGER_ARCHIVE_FORMAT,
      version: LEDGER_ARCHIVE_VERSION,
      createdAt: new Date().toISOString(),
      database: name,
      engine: 'reqlite',
      members: federation.keypairs.map((k) => k.publicKey).sort(),
      blocks: blocks.map((b) => ({ id: b.id, block: b.block, signature: b.signature })),
      votes: votes.map((v) => ({ node_pubkey: v.node_pubkey, signature: v.signature, vote: v.vote })),
      backlog: backlog.map((row) => ({
        tx: row.tx,
        assignee: row.assignee,
        assignmentTimestampMs: row.assignment_timestamp,
      })),
    };
  } finally {
    await conn.close();
  }
}

describe('load and invariants on three real nodes', () => {
  const federation = new TestFederation({ members: 3 });
  const apps: FastifyInstance[] = [];
  const targets: LoadTarget[] = [];
  let result: LoadResult;
  const { step, failed } = namedSteps();

  beforeAll(async () => {
    await federation.up();
    for (const [i, operator] of OPERATORS.entries()) {
      const app = createApi(
        apiOptionsForNode(federation.node(i), {
          logger: silentLogger,
          bodyLimitBytes: 65_536,
          commitTimeoutMs: 20_000,
        }),
      );
      apps.push(app);
      targets.push({ operator, apiUrl: (await listenApi(app, '127.0.0.1:0')).url });
    }
  });

  afterAll(async () => {
    if (failed()) federation.dumpLogs(100);
    await Promise.all(apps.map((app) => app.close()));
    await federation.down();
  });

  step('posts 5 s of every kind at 20 tx/s through the three APIs', async () => {
    const mix = Object.fromEntries(KINDS.map((k) => [k, 1]));
    result = await startLoad({ rate: 20, durationMs: 5_000, seed: 2026, mix }, () => targets, {
      trackAfterMs: 30_000,
    }).done;
    const postingS = (Math.max(...result.posted.map((p) => p.postedAtMs)) - result.startedAtMs) / 1000;
    const latencies = commitLatencies(result.posted);
    process.stderr.write(
      `load: ${result.posted.length} posted in ${postingS.toFixed(1)} s ` +
        `(${(result.posted.length / postingS).toFixed(1)} tx/s), ${result.accepted} accepted, ` +
        `${result.rejected} rejected, ${result.skipped} skipped, ${result.notSeenValid} never seen VALID; ` +
        `commit latency p50 ${percentile(latencies, 50)} ms, p99 ${percentile(latencies, 99)} ms ` +
        `(n=${latencies.length}); by kind: ${JSON.stringify(countBy(result))}\n`,
    );
    expect(result.rejected).toBe(0);
    expect(result.skipped).toBe(0);
    expect(result.notSeenValid).toBe(0);
    for (const kind of KINDS) {
      const ofKind = result.posted.filter((p) => p.kind === kind && p.accepted);
      expect(ofKind.length).toBeGreaterThan(0);
      expect(ofKind.filter((p) => p.validAtMs !== undefined).length).toBeGreaterThan(0);
    }
  });

  step('every accepted tx (the losing half of a pair aside) becomes VALID on every node', async () => {
    const winners = result.posted.filter(
      (p) => p.accepted && (p.conflictsWith === undefined || p.validAtMs !== undefined),
    );
    const waited = await waitAllValid(
      targets,
      winners.map((p) => p.id),
      30_000,
    );
    expect(waited.notValid).toEqual([]);
    expect(waited.ok).toBe(true);
  });

  step('the invariants hold, from the tables and the three APIs', async () => {
    const accepted = result.posted.filter((p) => p.accepted).map((p) => p.id);
    const nodeViews = await collectNodeViews(targets, accepted);
    expect(nodeViews.map((v) => [v.operator, v.live, v.error])).toEqual(
      OPERATORS.map((o) => [o, true, undefined]),
    );
    const archive = await readArchive(federation);
    const report = checkLedger({ archive, posted: result.posted, nodeViews });
    process.stderr.write(`invariants: ${JSON.stringify(report.counts)}\n`);
    expect(report.checks.filter((c) => !c.ok)).toEqual([]);
    expect(report.ok).toBe(true);
    expect(report.counts.doubleSpendPairs).toBeGreaterThan(0);
    expect(report.counts.votesIgnored).toBe(0);
    // Every shape the load promises is in the ledger: divisible CREATE and split, 2-of-3 lock and spend.
    const txs = archive.blocks.flatMap((b) => b.block.transactions);
    const shapes = {
      divisibleCreate: txs.some((t) => t.operation === 'CREATE' && Number(t.outputs[0]?.amount) > 1),
      split: txs.some((t) => t.operation === 'TRANSFER' && t.outputs.length >= 2),
      thresholdLock: txs.some((t) => t.outputs.some((o) => o.condition.details.type === 'threshold-sha-256')),
      thresholdSpend: txs.some((t) => t.inputs.some((i) => i.owners_before.length === 3)),
    };
    expect(shapes).toEqual({ divisibleCreate: true, split: true, thresholdLock: true, thresholdSpend: true });
  });
});

function countBy(result: LoadResult): Record<string, string> {
  return Object.fromEntries(
    KINDS.map((k) => {
      const ofKind = result.posted.filter((p) => p.kind === k);
      const valid = ofKind.filter((p) => p.validAtMs !== undefined).length;
      return [k, `${ofKind.filter((p) => p.accepted).length} accepted/${valid} seen VALID`];
    }),
  );
}
