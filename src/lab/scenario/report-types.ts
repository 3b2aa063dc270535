import type { SlowTx } from './latency-explain.js';
import type { InvariantReport, TxKind } from './deps.js';
import type { ScenarioEngine } from './schema.js';
import type { StepKind } from './step-schema.js';

/** One step as it ran; times are from the start of the scenario. */
export interface StepReport {
  name: string;
  kind: StepKind | 'up';
  startedAtMs: number;
  durationMs: number;
  ok: boolean;
  /** One line: what it did or saw, or why it failed. */
  detail: string;
}

export interface Percentiles {
  count: number;
  p50: number;
  p99: number;
  max: number;
}

export interface LoadSummary {
  posted: number;
  accepted: number;
  rejected: number;
  /** From posting to the load seeing it VALID on the node it was posted to; null when none was. */
  validAfterMs: Percentiles | null;
  byKind: Partial<Record<TxKind, { posted: number; accepted: number; rejected: number }>>;
  /** The POSTs each node (operator) was sent, what it answered, and what it lost. */
  byNode: Record<string, NodePosts>;
  /** Accepted and in no VALID block at the end, from the tables; null when they were not read. */
  lost: number | null;
}

/** One node's POSTs over a run. */
export interface NodePosts {
  posted: number;
  /** Answered 2xx. */
  accepted: number;
  /** Refused, by HTTP status ("503", "500", ...; "no answer" when none came in time). */
  refused: Record<string, number>;
  /**
   * Accepted by this node but in no VALID block when the run ended, checked from the tables (an
   * export, recounted), never from node counters; null when the tables could not be read.
   */
  lost: number | null;
}

/**
 * One node's answers during one fault on another operator (`expect: availability`). "Elected":
 * the node's first accepted POST after its last refusal posted within the expectation's settle
 * span (8 s) of the fault's start, the sign that RethinkDB had new primaries; what it was posted
 * from then until the action ending the fault began is counted (see availability.ts).
 */
export interface NodeAvailability {
  /** The operator measured (its servers kept a majority: it was under no fault itself). */
  operator: string;
  /** The fault, e.g. "partition gamma". */
  fault: string;
  /** From the fault's start to the node's first accepted POST; null: it accepted none. */
  electedAfterMs: number | null;
  /** POSTs refused before that one (RethinkDB's failover): not counted. */
  refusedBeforeElected: number;
  /** POSTs counted (from the elected one on, until the fault ended) and how many were accepted. */
  posted: number;
  accepted: number;
  /** accepted / posted in percent (two decimals); null when nothing was counted. */
  percent: number | null;
  /** The counted refusals, by HTTP status (as NodePosts.refused). */
  refused: Record<string, number>;
}

export interface FaultEntry {
  atMs: number;
  step: string;
  action: string;
  operator: string;
  target?: string;
  /** faults.jsonl's one-line summary of what happened to each container. */
  summary: string;
}

/** When an operator was under a fault (kill/stop/pause/partition until start/restart/unpause/heal). */
export interface FaultWindow {
  operator: string;
  action: string;
  fromMs: number;
  /** undefined: still under the fault when the scenario ended. */
  toMs?: number;
  /**
   * When the action that ended it (start, unpause, heal) began: the second transition (a healed
   * server takes its primaries back) starts there, so `availability` counts until then.
   */
  endsFromMs?: number;
}

export interface RecoveryReport {
  windows: FaultWindow[];
  /** Accepted transactions posted to a live node while some operator was under a fault. */
  postedDuringFault: number;
  maxLatencyDuringFaultMs: number | null;
  /** Of those, how many the load never saw VALID. */
  notSeenValid: number;
  /** The slowest of them with their blocks and votes (filled in by a latency expectation). */
  slowest?: SlowTx[];
  /** Each live node's answers during each fault (filled in by an availability expectation). */
  availability?: NodeAvailability[];
}

export type ScenarioStatus = 'passed' | 'failed' | 'skipped';

export interface ScenarioReport {
  scenario: string;
  description: string;
  federation: string;
  engine: ScenarioEngine;
  seed: number;
  startedAt: string;
  durationMs: number;
  status: ScenarioStatus;
  /** Not failed (a skipped scenario is ok). */
  ok: boolean;
  skipped?: string;
  error?: string;
  steps: StepReport[];
  load: LoadSummary;
  faults: FaultEntry[];
  recovery: RecoveryReport;
  invariants?: InvariantReport;
  /** Where report.json (and, on failure, the bundle) was written. */
  dir?: string;
  bundle?: string;
}
