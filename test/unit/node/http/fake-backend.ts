/**
 * A small hand-written, in-memory stand-in for the store queries and the ingest stage the HTTP
 * API uses. Transactions posted are "committed" into one valid block unless `reject` says no.
 */
import type { ApiHealthReport, ApiIngest, ApiLedger, SubmitMode } from '../../../../src/node/http/index.js';
import type { Block, Transaction, Vote } from '../../../../src/node/core/index.js';
import type { BlockStatus, TxStatus } from '../../../../src/node/store/ledger-store.js';
import { createLogger, type Logger } from '../../../../src/shared/log.js';

export interface Submission {
  tx: unknown;
  mode: SubmitMode;
}

export class FakeBackend {
  readonly txs = new Map<string, { tx: Transaction; status: TxStatus }>();
  readonly blocks = new Map<string, { block: Block; status: BlockStatus }>();
  readonly votes = new Map<string, Vote[]>();
  readonly submissions: Submission[] = [];
  /** Make submit reject with this error (once per call) or hang forever. */
  reject: Error | null = null;
  hang = false;
  failQueries: Error | null = null;
  healthReport: ApiHealthReport = {
    healthy: true,
    public_key: 'FAKE',
    database: { connected: true, engine: 'reqlite' },
  };
  readonly logLines: string[] = [];
  readonly logger: Logger = createLogger({ fields: { node: 'FAKE' }, sink: (l) => this.logLines.push(l) });

  addTx(tx: Transaction, status: TxStatus = 'valid'): void {
    this.txs.set(tx.id, { tx, status });
  }

  addBlock(block: Block, status: BlockStatus, votes: Vote[] = []): void {
    this.blocks.set(block.id, { block, status });
    this.votes.set(block.id, votes);
  }

  private check(): void {
    if (this.failQueries) throw this.failQueries;
  }

  readonly ingest: ApiIngest = {
    submit: async (tx, mode) => {
      this.submissions.push({ tx, mode });
      if (this.reject) throw this.reject;
      if (this.hang) await new Promise(() => undefined);
      this.addTx(tx as Transaction, mode === 'commit' ? 'valid' : 'backlog');
    },
  };

  readonly health = async (): Promise<ApiHealthReport> => this.healthReport;

  readonly ledger: ApiLedger = {
    getTransaction: async (id) => {
      this.check();
      return this.txs.get(id) ?? null;
    },
    getTransactionStatus: async (id) => this.txs.get(id)?.status ?? null,
    getTransactionsByAsset: async (assetId, operation) =>
      [...this.txs.values()]
        .filter(
          ({ tx, status }) =>
            status === 'valid' && (tx.operation === 'CREATE' ? tx.id : tx.asset.id) === assetId,
        )
        .map(({ tx }) => tx)
        .filter((tx) => operation === undefined || tx.operation === operation),
    getOutputs: async (publicKey, spent) => {
      const refs = [...this.txs.values()].flatMap(({ tx }) =>
        tx.outputs.flatMap((o, i) =>
          o.public_keys.includes(publicKey) ? [{ transaction_id: tx.id, output_index: i }] : [],
        ),
      );
      const spentIds = new Set(
        [...this.txs.values()].flatMap(({ tx }) =>
          tx.inputs.flatMap((inp) =>
            inp.fulfills ? [`${inp.fulfills.transaction_id}:${inp.fulfills.output_index}`] : [],
          ),
        ),
      );
      return refs.filter(
        (r) => spent === undefined || spentIds.has(`${r.transaction_id}:${r.output_index}`) === spent,
      );
    },
    searchAssets: async (text, limit) =>
      [...this.txs.values()]
        .flatMap(({ tx }) => (tx.operation === 'CREATE' ? [{ id: tx.id, data: tx.asset.data }] : []))
        .filter((hit) => JSON.stringify(hit.data).toLowerCase().includes(text.toLowerCase()))
        .slice(0, limit),
    searchMetadata: async (text, limit) =>
      [...this.txs.values()]
        .map(({ tx }) => ({ id: tx.id, metadata: tx.metadata as unknown }))
        .filter(
          (hit) =>
            hit.metadata !== null && JSON.stringify(hit.metadata).toLowerCase().includes(text.toLowerCase()),
        )
        .slice(0, limit),
    getBlock: async (id) => this.blocks.get(id)?.block ?? null,
    getBlockIdsContaining: async (txId) =>
      [...this.blocks.values()]
        .filter(({ block }) => block.block.transactions.some((t) => t.id === txId))
        .map(({ block }) => block.id),
    getBlockStatus: async (id) => this.blocks.get(id)?.status ?? null,
    getVotes: async (id) => this.votes.get(id) ?? [],
  };
}
