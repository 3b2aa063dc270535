import { notYet, ready } from '../../../shared/poll.js';
import { formatMs } from '../../progress/progress.js';
import type { InvariantReport, PostedTx } from '../deps.js';
import { formatDuration } from '../duration.js';
import { ExpectationMissedError, preview } from '../errors.js';
import type { Expectation } from '../expect-schema.js';
import { explainSlow, type FaultContext } from '../latency-explain.js';
import { faultTimeTransactions, validTimeOf } from '../report.js';
import type { ScenarioRun } from '../run-state.js';
import { within } from './expect-step.js';

type Of<K extends Expectation['kind']> = Extract<Expectation, { kind: K }>;

/**
 * Every accepted transaction of the finished loads VALID on every live node. Members of a
 * double-spend pair are left out: only one of a pair may end VALID (the invariants check that).
 */
export async function expectAllValid(
  run: ScenarioRun,
  e: Of<'all-valid'>,
  stepName: string,
): Promise<string> {
  const ids = run
    .posted(e.loads)
    .filter((tx) => tx.accepted && tx.conflictsWith === undefined)
    .map((tx) => tx.id);
  const targets = run.liveTargets();
  const result = await run.services.waitAllValid(targets, ids, e.withinMs);
  const nodes = targets.map((t) => t.operator).join(', ');
  if (!result.ok)
    throw new ExpectationMissedError(
      stepName,
      `${result.notValid.length} of ${ids.length} accepted transactions not VALID on every live node (${nodes}) within ${formatDuration(e.withinMs)}: ${preview(result.notValid)}`,
      { notValid: result.notValid.length },
    );
  return `${ids.length} accepted transactions VALID on ${nodes} after ${formatMs(result.afterMs)}`;
}

/**
 * Every accepted transaction posted to a live node during a fault was VALID within max: when its
 * block got its deciding vote, read from the tables (a client polling for VALID lags behind that);
 * when the tables do not show it VALID, when the load saw it VALID.
 */
export async function expectLatency(run: ScenarioRun, e: Of<'latency'>, stepName: string): Promise<string> {
  const during = faultTimeTransactions(run.posted(), run.windows, run.services.now());
  if (during.length === 0)
    throw new ExpectationMissedError(
      stepName,
      'no accepted transaction was posted to a live node during a fault, so there is nothing to measure; run a load across the fault',
    );
  const timelines = await run.services.timelines(run.federation, new Set(during.map((tx) => tx.id)));
  for (const tx of during) {
    const at = timelines.get(tx.id)?.decidedAtMs;
    if (at !== undefined) tx.decidedAtMs = at;
  }
  const latency = (tx: PostedTx) => (validTimeOf(tx) ?? Infinity) - tx.postedAtMs;
  const bySlowest = [...during].sort((a, b) => latency(b) - latency(a));
  const nameOf = run.operatorNameOf();
  run.slowest = bySlowest
    .slice(0, SLOWEST_KEPT)
    .map((tx) => explainSlow(tx, timelines.get(tx.id), validTimeOf(tx), nameOf, faultAt(run, tx.postedAtMs)));
  const late = bySlowest.filter((tx) => latency(tx) > e.maxMs);
  const slowest = latency(bySlowest[0] as PostedTx);
  if (late.length > 0)
    throw new ExpectationMissedError(
      stepName,
      `${late.length} of ${during.length} transactions posted during a fault were not VALID within ${formatDuration(e.maxMs)} (slowest first; times from each one's POST):\n` +
        run.slowest
          .slice(0, Math.min(late.length, SLOWEST_SHOWN))
          .map((s) => `    ${s.line}`)
          .join('\n') +
        (late.length > SLOWEST_SHOWN
          ? `\n    ... and ${late.length - SLOWEST_SHOWN} more (report.json: recovery.slowest)`
          : ''),
      { late: late.length },
    );
  return `${during.length} transactions posted during faults, slowest VALID after ${formatMs(slowest)} (by its deciding vote)`;
}

/** The latest fault window that had begun when a transaction was posted. */
function faultAt(run: ScenarioRun, atMs: number): FaultContext | undefined {
  const started = run.windows.filter((w) => w.fromMs <= atMs && (w.toMs === undefined || atMs <= w.toMs));
  const w = started.at(-1);
  return w && { action: w.action, operator: w.operator, fromMs: w.fromMs };
}

/** Slow transactions explained in a failed latency expectation, and kept in the report. */
const SLOWEST_SHOWN = 8;
const SLOWEST_KEPT = 20;

/** The full check from the tables and the nodes; repeated until it holds (nodes converge). */
export async function expectInvariants(
  run: ScenarioRun,
  e: Of<'invariants'>,
  stepName: string,
): Promise<string> {
  const posted = run.posted();
  const report = await within(
    run,
    stepName,
    e.withinMs,
    'every invariant to hold',
    async () => {
      const checked = await run.services.checkInvariants(run.federation, run.liveTargets(), posted);
      run.invariants = checked;
      return checked.ok ? ready(checked) : notYet(failedChecks(checked));
    },
    5_000,
  );
  return `${report.checks.length} checks hold (${Object.entries(report.counts)
    .map(([k, v]) => `${k} ${v}`)
    .join(', ')})`;
}

export const failedChecks = (report: InvariantReport): string =>
  report.checks
    .filter((c) => !c.ok)
    .map((c) => `${c.name}: ${c.summary}`)
    .join('; ');
