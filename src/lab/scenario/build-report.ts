import { describeError } from '../../shared/errors.js';
import type { Engine } from '../federation/model.js';
import { recoveryOf, summarizeLoads } from './report.js';
import type { ScenarioReport } from './report-types.js';
import type { ScenarioRun } from './run-state.js';
import type { Scenario } from './schema.js';
import type { ScenarioTarget } from './target.js';

/** The JSON report of a run that happened (times relative to its start). */
export function buildReport(
  run: ScenarioRun,
  engine: Engine,
  started: Date,
  failure: unknown,
): ScenarioReport {
  const endMs = run.services.now();
  const recovery = recoveryOf(run.posted(), run.windows, endMs);
  const relative = (ms: number) => run.sinceStart(ms);
  return {
    scenario: run.scenario.name,
    description: run.scenario.description,
    federation: run.federation,
    engine,
    seed: run.seed,
    startedAt: started.toISOString(),
    durationMs: endMs - run.startedAtMs,
    status: failure === undefined ? 'passed' : 'failed',
    ok: failure === undefined,
    ...(failure === undefined ? {} : { error: describeError(failure) }),
    steps: run.steps,
    load: summarizeLoads([...run.finished.values()], run.lost),
    faults: run.faults,
    recovery: {
      ...recovery,
      windows: recovery.windows.map((w) => ({
        ...w,
        fromMs: relative(w.fromMs),
        ...(w.toMs === undefined ? {} : { toMs: relative(w.toMs) }),
        ...(w.endsFromMs === undefined ? {} : { endsFromMs: relative(w.endsFromMs) }),
      })),
      ...(run.slowest ? { slowest: run.slowest } : {}),
      ...(run.availability ? { availability: run.availability } : {}),
    },
    ...(run.invariants ? { invariants: run.invariants } : {}),
    dir: run.dir,
  };
}

export function skippedReport(
  scenario: Scenario,
  target: ScenarioTarget,
  seed: number,
  started: Date,
): ScenarioReport {
  return {
    scenario: scenario.name,
    description: scenario.description,
    federation: target.federation,
    engine: target.engine,
    seed,
    startedAt: started.toISOString(),
    durationMs: 0,
    status: 'skipped',
    ok: true,
    skipped: `makes sense on ${scenario.engines.join(', ')} only; the engine in use is ${target.engine}`,
    steps: [],
    load: summarizeLoads([], new Set()),
    faults: [],
    recovery: { windows: [], postedDuringFault: 0, maxLatencyDuringFaultMs: null, notSeenValid: 0 },
  };
}
