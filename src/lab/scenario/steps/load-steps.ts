import { describeError } from '../../../shared/errors.js';
import type { LoadResult, LoadSpec } from '../deps.js';
import type { RunningLoad, ScenarioRun } from '../run-state.js';
import type { LoadStep } from '../step-schema.js';

/** The LoadSpec of a load step: its seed is the scenario's plus the step's position unless given. */
export function loadSpecOf(run: ScenarioRun, load: LoadStep, index: number): LoadSpec {
  return {
    rate: load.rate,
    durationMs: load.durationMs,
    operators: load.operators ?? run.operators.map((op) => op.name),
    seed: load.seed ?? run.seed + index,
    ...(load.mix === undefined ? {} : { mix: load.mix }),
    ...(load.mode === undefined ? {} : { mode: load.mode }),
  };
}

/** A load step: in the foreground it runs to the end; in the background it starts and returns. */
export async function runLoad(run: ScenarioRun, load: LoadStep, index: number): Promise<string> {
  const spec = loadSpecOf(run, load, index);
  const handle = run.services.startLoad(spec, () => run.liveTargets(spec.operators));
  const id = load.id ?? `#${index}`;
  if (load.background) {
    const outcome = handle.done.then(
      (result) => ({ result }),
      (error: unknown) => ({ error }),
    );
    run.background.set(id, { handle, outcome });
    return `started in the background (seed ${spec.seed}, through ${spec.operators?.join(', ')})`;
  }
  return finishLoad(run, id, await handle.done);
}

/** An await step: waits for the background load to end. */
export async function awaitLoad(run: ScenarioRun, id: string): Promise<string> {
  return settle(run, id, run.background.get(id));
}

/** At the end: every background load not awaited is awaited (or, after a failure, stopped first). */
export async function settleBackgroundLoads(run: ScenarioRun, stop: boolean): Promise<void> {
  for (const [id, load] of run.background) {
    if (run.finished.has(id)) continue;
    if (stop) load.handle.stop();
    await settle(run, id, load).catch(() => undefined);
  }
}

async function settle(run: ScenarioRun, id: string, load: RunningLoad | undefined): Promise<string> {
  if (!load) throw new Error(`no background load "${id}"`); // the schema checks this
  const { result, error } = await load.outcome;
  if (result === undefined) throw new Error(`load ${id} failed: ${describeError(error)}`);
  return finishLoad(run, id, result);
}

function finishLoad(run: ScenarioRun, id: string, result: LoadResult): string {
  run.finished.set(id, result);
  const seconds = ((result.endedAtMs - result.startedAtMs) / 1000).toFixed(1);
  return `${result.posted.length} posted in ${seconds} s: ${result.accepted} accepted, ${result.rejected} rejected`;
}
