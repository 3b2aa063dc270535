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
