/**
 * A test federation: N keypairs, each node with the others in its keyring, all on one reqlite
 * server (as the lab's reqlite engine does). Logs are kept in memory and printed on failure.
 */
import { configSchema, type NodeConfig } from '../../../src/node/config/index.js';
import type { Keypair } from '../../../src/node/core/index.js';
import { startNode, type RunningNode } from '../../../src/node/runtime/index.js';
import { connectLedgerStore, type RethinkLedgerStore } from '../../../src/node/store/index.js';
import { createLogger, silentLogger } from '../../../src/shared/log.js';
import { membersNamedByKey } from '../../../src/protocol/membership/index.js';
import { startReqlite } from '../../support/reqlite-process.js';
import { keypair } from './tx-helpers.js';

export interface HarnessOptions {
  members?: number;
  reassignDelaySec?: number;
  maxTxs?: number;
  flushMs?: number;
  /** Config `liveness` (default: the config's defaults). */
  liveness?: { heartbeat_interval_ms?: number; dead_after_ms?: number };
  /** The database server to use (default: a fresh reqlite process). */
  server?: () => Promise<DatabaseServer>;
}

/** Where the nodes' database runs (reqlite-process.ts or a real RethinkDB container). */
export interface DatabaseServer {
  host: string;
  port: number;
  stop(): Promise<void>;
}

export class TestFederation {
  readonly keypairs: Keypair[];
  /**
   * The founders' keys: every node's config pins them as epoch 0 (issue 16), as the lab does, so
   * a member admitted later (pushed onto `keypairs`) resolves the same chain as the founders.
   * Fixed by the first `up`: a test may replace the keypairs before it (an archive's target), but
   * a key rotated later must not rewrite the genesis every node pins.
   */
  private pinnedFounders: string[] | null = null;
  private get founders(): string[] {
    this.pinnedFounders ??= this.keypairs.slice(0, this.foundingCount).map((k) => k.publicKey);
    return this.pinnedFounders;
  }
  private readonly foundingCount: number;
  readonly nodes: (RunningNode | null)[];
  readonly logs: string[] = [];
  /** A store of its own for direct inspection and writes (not any node's). */
  inspector!: RethinkLedgerStore;
  private server!: DatabaseServer;

  constructor(private readonly options: HarnessOptions = {}) {
    this.keypairs = Array.from({ length: options.members ?? 3 }, () => keypair());
    this.nodes = this.keypairs.map(() => null);
    this.foundingCount = this.keypairs.length;
  }

  async up(start: number[] = this.keypairs.map((_, i) => i)): Promise<this> {
    this.server = await (this.options.server ?? startReqlite)();
    this.inspector = await connectLedgerStore(
      { host: this.server.host, port: this.server.port, db: 'bigchain' },
      silentLogger,
    );
    for (const i of start) await this.start(i);
    return this;
  }

  config(i: number): NodeConfig {
    const me = this.kp(i);
    return configSchema.parse({
      keypair: { public: me.publicKey, private: me.privateKey },
      keyring: this.keypairs.filter((k) => k !== me).map((k) => k.publicKey),
      database: { host: this.server.host, port: this.server.port, name: 'bigchain' },
      backlog_reassign_delay: this.options.reassignDelaySec ?? 30,
      block: { max_transactions: this.options.maxTxs ?? 100, flush_interval_ms: this.options.flushMs ?? 100 },
      server: { commit_timeout_ms: 20_000 },
      liveness: this.options.liveness ?? {},
      membership: {
        federation: 'bigchain',
        admission: 'majority',
        genesis_members: Object.fromEntries(
          membersNamedByKey(this.founders).map((m) => [m.operator, m.publicKey]),
        ),
      },
    });
  }

  async start(i: number): Promise<RunningNode> {
    const logger = createLogger({
      level: 'info',
      sink: (line) => this.logs.push(line),
      fields: { member: i },
    });
    const node = await startNode(this.config(i), {
      logger,
      timings: { voteIntervalMs: 500, electionIntervalMs: 500 },
    });
    this.nodes[i] = node;
    return node;
  }

  async stop(i: number): Promise<void> {
    await this.nodes[i]?.stop();
    this.nodes[i] = null;
  }

  node(i: number): RunningNode {
    const n = this.nodes[i];
    if (!n) throw new Error(`node ${i} is not running`);
    return n;
  }

  kp(i: number): Keypair {
    const k = this.keypairs[i];
    if (!k) throw new Error(`no member ${i}`);
    return k;
  }

  async down(): Promise<void> {
    if (process.env.FEDLAB_TEST_LOGS) this.dumpLogs(Number(process.env.FEDLAB_TEST_LOGS) || 300);
    for (const i of this.nodes.keys()) await this.stop(i);
    await this.inspector?.close();
    await this.server?.stop();
  }

  /** Print the nodes' logs (call from a failing test). */
  dumpLogs(tail = 200): void {
    process.stderr.write(this.logs.slice(-tail).join('\n') + '\n');
  }
}
