/** The RunningNode implementation: stages + ingest + health + clean stop. */
import type { CommitWaiter } from '../pipeline/commit-waiter.js';
import type { PipelineContext } from '../pipeline/context.js';
import { NodeStoppedError } from '../pipeline/errors.js';
import { farewell } from '../pipeline/heartbeat-stage.js';
import type { Ingest, SubmitMode, SubmitResult } from '../pipeline/ingest.js';
import type { Stage } from '../pipeline/stage.js';
import type { LedgerStore, StoreEngine } from '../store/ledger-store.js';
import { HEALTH_FACTS_TTL_MS, readHealthFacts, TtlCache, type HealthFacts } from './health-facts.js';
import type { NodeHealth, RunningNode } from './running-node.js';
import { stageProblem } from './stage-verdict.js';

export class NodeRuntime implements RunningNode {
  private stopping: Promise<void> | undefined;
  private unsubscribe: (() => void) | undefined;
  private readonly inFlight = new Set<Promise<unknown>>();
  private facts: TtlCache<HealthFacts> | undefined;

  constructor(
    private readonly ctx: PipelineContext<LedgerStore>,
    private readonly stages: Stage[],
    private readonly ingest: Ingest,
    private readonly waiter: CommitWaiter,
    private readonly ownsStore: boolean,
  ) {}

  get publicKey(): string {
    return this.ctx.keypair.publicKey;
  }
  get members(): readonly string[] {
    return this.ctx.members();
  }
  get engine(): StoreEngine {
    return this.ctx.store.engine;
  }
  get store(): LedgerStore {
    return this.ctx.store;
  }

  start(): void {
    for (const stage of this.stages) stage.start();
    // After a reconnect every stage reconciles by query at once.
    this.unsubscribe = this.ctx.store.onReconnect(() => this.stages.forEach((s) => s.poke()));
  }

  async submit(tx: unknown, mode: SubmitMode): Promise<SubmitResult> {
    if (this.stopping) throw new NodeStoppedError('submit');
    const work = this.ingest.submit(tx, mode);
    this.inFlight.add(work);
    try {
      return await work;
    } finally {
      this.inFlight.delete(work);
    }
  }

  async health(): Promise<NodeHealth> {
    const probe = await this.ctx.store.health();
    this.facts ??= new TtlCache(() => readHealthFacts(this.ctx.store, this.publicKey), HEALTH_FACTS_TTL_MS);
    const { counts, ...facts } = probe.connected ? await this.facts.get() : {};
    const database = { ...probe, ...facts, limitations: this.ctx.store.limitations };
    const stages = this.stages.map((s) => s.health());
    const now = Date.now();
    const live = stages.every((s) => stageProblem(s, now) === null);
    return {
      publicKey: this.publicKey,
      ok: database.connected && database.schemaReady !== false && live && !this.stopping,
      stopping: !!this.stopping,
      database,
      stages,
      ...(counts === undefined ? {} : { counts }),
      liveness: this.ctx.liveness.report(),
      membership: this.ctx.membership.report(),
    };
  }

  stop(): Promise<void> {
    this.stopping ??= this.shutdown();
    return this.stopping;
  }

  private async shutdown(): Promise<void> {
    this.ctx.log.info('node_stopping', {});
    this.unsubscribe?.();
    await this.waiter.stop();
    await Promise.all(this.stages.map((s) => s.stop()));
    await Promise.allSettled([...this.inFlight]);
    await farewell(this.ctx); // only now: no block of mine is still being written
    if (this.ownsStore) await this.ctx.store.close();
    this.ctx.log.info('node_stopped', {});
  }
}
