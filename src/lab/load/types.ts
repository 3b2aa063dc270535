/**
 * Load generation (CONTRACT, owner: load/invariants work): the scenario runner posts load with
 * `startLoad` and reads the result; the invariants checker reads `LoadResult.posted`.
 */
export type TxKind = 'create' | 'transfer' | 'divisible' | 'threshold' | 'double-spend';

export interface LoadSpec {
  /** Transactions per second, over all operators. */
  rate: number;
  durationMs: number;
  /** Operators to post through (round robin over those that are live); default all. */
  operators?: string[];
  /** Relative weights; missing kinds weigh 0. Default { create: 1, transfer: 1 }. */
  mix?: Partial<Record<TxKind, number>>;
  /** Seed of every random choice (kind, operator, amounts). */
  seed: number;
  /** POST mode; default async. */
  mode?: 'async' | 'sync' | 'commit';
}

/** Where to post: one operator's node API. */
export interface LoadTarget {
  operator: string;
  apiUrl: string;
}

export interface PostedTx {
  id: string;
  kind: TxKind;
  operator: string;
  postedAtMs: number;
  answeredAtMs: number;
  /** The API accepted it (2xx). Only accepted transactions are promised to end VALID. */
  accepted: boolean;
  httpStatus?: number;
  error?: string;
  /** Outputs it spends, "txid:index". */
  spends: string[];
  /** For double-spend pairs: the id of the other transaction of the pair. */
  conflictsWith?: string;
  /** First time the load saw it VALID on the node it was posted to (tracking), if it did. */
  validAtMs?: number;
  /**
   * When the tables say it became VALID (its block's deciding vote; see invariants/decided-at.ts),
   * filled in by the scenario's latency check; preferred over validAtMs, which lags by the polling.
   */
  decidedAtMs?: number;
  /** Where it was seen VALID when not on the node it was posted to (that node stopped answering). */
  validSeenOn?: string;
  /** The kind the plan wanted when it posted this one instead (e.g. a CREATE: nothing spendable yet). */
  plannedKind?: TxKind;
}

export interface LoadResult {
  spec: LoadSpec;
  startedAtMs: number;
  endedAtMs: number;
  posted: PostedTx[];
  accepted: number;
  rejected: number;
  /** Posts not made: the in-flight cap was reached, or no target was live at that moment. */
  skipped: number;
  /** Accepted transactions never seen VALID while tracking (the losing half of a settled double-spend pair not counted). */
  notSeenValid: number;
}

export interface LoadHandle {
  /** Resolves when the duration is over and every post has been answered. */
  readonly done: Promise<LoadResult>;
  /** Stops posting early; `done` still resolves. */
  stop(): void;
}
