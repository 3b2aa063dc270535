/**
 * The facts of /health that cost more than one round trip: the cluster's servers, whether the
 * schema is ready, and this node's counts (blocks created, votes cast, backlog assigned). They
 * are cached for up to 5 s so the lab's 2 s health check stays cheap; a fact that cannot be read
 * is left out (never reported as a wrong value).
 */
import type { StoreCounts, StoreHealthProbe } from '../store/ledger-store.js';
import { describeReadiness } from '../store/schema-readiness.js';

export interface HealthFacts {
  /** rethinkdb.server_status names; absent when this user cannot read them. */
  servers?: string[];
  /** Every table and index exists and is ready; absent when it could not be read. */
  schemaReady?: boolean;
  /** What is missing or not ready, when not ready. */
  schemaProblem?: string;
  counts?: StoreCounts;
}

export const HEALTH_FACTS_TTL_MS = 5_000;

export async function readHealthFacts(
  store: Pick<StoreHealthProbe, 'servers' | 'schemaReadiness' | 'countsFor'>,
  publicKey: string,
): Promise<HealthFacts> {
  const [servers, schema, counts] = await Promise.allSettled([
    store.servers(),
    store.schemaReadiness(),
    store.countsFor(publicKey),
  ]);
  const facts: HealthFacts = {};
  if (servers.status === 'fulfilled' && servers.value !== undefined) facts.servers = servers.value;
  if (schema.status === 'fulfilled') {
    facts.schemaReady = schema.value.ready;
    if (!schema.value.ready) facts.schemaProblem = describeReadiness(schema.value);
  }
  if (counts.status === 'fulfilled') facts.counts = counts.value;
  return facts;
}

/** A value recomputed at most once per `ttlMs`; concurrent callers share one computation. */
export class TtlCache<T> {
  private value: { v: T; atMs: number } | undefined;
  private pending: Promise<T> | undefined;

  constructor(
    private readonly compute: () => Promise<T>,
    private readonly ttlMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  get(): Promise<T> {
    if (this.value !== undefined && this.now() - this.value.atMs < this.ttlMs) {
      return Promise.resolve(this.value.v);
    }
    this.pending ??= this.compute()
      .then((v) => {
        this.value = { v, atMs: this.now() };
        return v;
      })
      .finally(() => {
        this.pending = undefined;
      });
    return this.pending;
  }
}
