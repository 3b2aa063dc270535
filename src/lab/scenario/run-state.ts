import type { FaultAction } from '../fault/plan.js';
import type { Federation } from '../federation/model.js';
import type { InvariantReport, LoadHandle, LoadResult, LoadTarget, PostedTx } from './deps.js';
import type { SlowTx } from './latency-explain.js';
import type { FaultEntry, FaultWindow, NodeAvailability, StepReport } from './report-types.js';
import type { Scenario } from './schema.js';
import type { ScenarioLab, ScenarioServices } from './services.js';

export interface OperatorInfo {
  name: string;
  apiUrl: string;
  publicKey: string;
}

/** A background load: its handle and its outcome, caught at once (no unhandled rejection). */
export interface RunningLoad {
  handle: LoadHandle;
  outcome: Promise<{ result?: LoadResult; error?: unknown }>;
}

/** Faults that take an operator away, and those that bring it back. */
const TAKES_AWAY: readonly FaultAction[] = ['kill', 'stop', 'pause', 'partition'];

/** The mutable state of one scenario run, shared by its steps. */
export class ScenarioRun {
  operators: OperatorInfo[] = [];
  /** Operators under a fault now, and the fault. */
  readonly active = new Map<string, FaultAction>();
  readonly windows: FaultWindow[] = [];
  readonly faults: FaultEntry[] = [];
  readonly steps: StepReport[] = [];
  readonly background = new Map<string, RunningLoad>();
  /** Finished loads, by id (a load without an id gets "#<step>"). */
  readonly finished = new Map<string, LoadResult>();
  lastBackup: string | undefined;
  /** Block statuses decided before the first membership step (for `expect: epoch`). */
  decidedBefore: Map<string, 'valid' | 'invalid'> | undefined;
  invariants: InvariantReport | undefined;
  /** The slowest transactions a latency expectation looked at, explained (report: recovery.slowest). */
  slowest: SlowTx[] | undefined;
  /** What an availability expectation measured (report: recovery.availability). */
  availability: NodeAvailability[] | undefined;
  /** Accepted transactions in no VALID block at the end, from the tables (report: load.lost). */
  lost: Set<string> | undefined;
  readonly startedAtMs: number;

  constructor(
    readonly lab: ScenarioLab,
    readonly services: ScenarioServices,
    readonly scenario: Scenario,
    readonly federation: string,
    readonly seed: number,
    readonly dir: string,
    /** The federation the runner brought up (undefined: run against a running one). */
    readonly source: Federation | undefined,
  ) {
    this.startedAtMs = services.now();
  }

  get signal(): AbortSignal | undefined {
    return this.lab.context.signal;
  }

  sinceStart(ms = this.services.now()): number {
    return ms - this.startedAtMs;
  }

  /** The operators not under a fault (of `only`, when given), as load and check targets. */
  liveTargets(only?: readonly string[]): LoadTarget[] {
    return this.operators
      .filter((op) => (only === undefined || only.includes(op.name)) && !this.active.has(op.name))
      .map((op) => ({ operator: op.name, apiUrl: op.apiUrl }));
  }

  /** Operator name of a public key (the key itself, shortened, when it is no operator's now). */
  operatorNameOf(): (publicKey: string) => string {
    const names = new Map(this.operators.map((op) => [op.publicKey, op.name]));
    return (key) => names.get(key) ?? `${key.slice(0, 8)}…`;
  }

  /** Every transaction of the finished loads (of `ids`, when given). */
  posted(ids?: readonly string[]): PostedTx[] {
    return [...this.finished.entries()]
      .filter(([id]) => ids === undefined || ids.includes(id))
      .flatMap(([, result]) => result.posted);
  }

  /** Updates who is under a fault after `action` on `operator` ran from `fromMs` to `toMs`. */
  noteFault(action: FaultAction, operator: string, fromMs: number, toMs: number): void {
    const open = this.windows.find((w) => w.operator === operator && w.toMs === undefined);
    if (TAKES_AWAY.includes(action)) {
      this.active.set(operator, action);
      if (!open) this.windows.push({ operator, action, fromMs });
    } else if (open) {
      open.toMs = toMs;
      open.endsFromMs = fromMs;
      this.active.delete(operator);
    } else if (action === 'restart') this.windows.push({ operator, action, fromMs, toMs });
  }

  /** A fresh federation (restore --fresh): nothing is under a fault any more. */
  resetFaults(atMs: number): void {
    for (const w of this.windows) if (w.toMs === undefined) w.toMs = atMs;
    this.active.clear();
  }
}
