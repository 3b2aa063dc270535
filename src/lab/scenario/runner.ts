import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { describeError } from '../../shared/errors.js';
import { formatMs } from '../progress/progress.js';
import { FederationPaths } from '../material/paths.js';
import { buildReport, skippedReport } from './build-report.js';
import { lostAtEnd } from './lost-at-end.js';
import type { ScenarioReport, StepReport } from './report-types.js';
import { ScenarioRun } from './run-state.js';
import type { Scenario } from './schema.js';
import { defaultServices, type ScenarioLab, type ScenarioServices } from './services.js';
import { settleBackgroundLoads } from './steps/load-steps.js';
import { runStep } from './steps/run-step.js';
import { chooseTarget, type ScenarioTarget, type TargetOptions } from './target.js';

export interface ScenarioOptions extends TargetOptions {
  /** Keep the fresh federation running at the end (default: down --volumes). */
  keep?: boolean;
  /** Replaces the scenario's seed. */
  seed?: number;
  /** Also write the JSON report here (runScenarios: all reports in one file). */
  reportFile?: string;
  /** Replaces parts of the outside world (tests). */
  services?: Partial<ScenarioServices>;
}

/**
 * Runs one scenario: brings up its fresh federation (or uses a running one), runs the steps in
 * order, writes report.json in .fedlab/<federation>/scenarios/<name>-<time>/ and, on failure, a
 * bundle beside it, then downs the fresh federation with its volumes unless `keep`. A scenario
 * whose engines exclude the engine in use is skipped. Throws only when it cannot start at all.
 */
export async function runScenario(
  lab: ScenarioLab,
  scenario: Scenario,
  options: ScenarioOptions = {},
): Promise<ScenarioReport> {
  const services: ScenarioServices = { ...defaultServices(lab), ...options.services };
  const target = await chooseTarget(lab, scenario, options);
  const seed = options.seed ?? scenario.seed;
  const started = new Date(services.now());
  if (!scenario.engines.includes(target.engine)) {
    const report = skippedReport(scenario, target, seed, started);
    lab.context.progress.note(`scenario ${scenario.name}: skipped (${report.skipped ?? ''})`);
    return report;
  }
  const stamp = started.toISOString().replace(/[:.]/g, '-');
  const dir = join(
    new FederationPaths(lab.context.stateDir, target.federation).root,
    'scenarios',
    `${scenario.name}-${stamp}`,
  );
  const run = new ScenarioRun(lab, services, scenario, target.federation, seed, dir, target.source);
  lab.context.progress.note(
    `scenario ${scenario.name} on ${target.federation} (${target.engine}, seed ${seed})`,
  );
  const failure = await execute(run, target);
  run.lost = await lostAtEnd(run);
  const report = buildReport(run, target.engine, started, failure);
  await save(run, target, report, failure, options);
  return report;
}

/** The bundle (on failure), report.json (and --report), then down of a fresh federation unless kept. */
async function save(
  run: ScenarioRun,
  target: ScenarioTarget,
  report: ScenarioReport,
  failure: unknown,
  options: ScenarioOptions,
): Promise<void> {
  const { lab, dir } = run;
  const note = (text: string) => lab.context.progress.note(text);
  await mkdir(dir, { recursive: true });
  if (failure !== undefined) {
    const known = run.operators.length > 0 ? run.operators : (target.source?.operators ?? []);
    await run.services
      .writeBundle({
        dir,
        federation: target.federation,
        operators: known.map((op) => op.name),
        error: failure,
      })
      .then(() => (report.bundle = dir))
      .catch((e: unknown) => note(`the failure bundle is incomplete: ${describeError(e)}`));
  }
  await writeJson(join(dir, 'report.json'), report);
  if (options.reportFile !== undefined) await writeJson(options.reportFile, report);
  if (target.source && !options.keep)
    await lab
      .down(target.federation, { volumes: true })
      .catch((e: unknown) =>
        note(
          `down of ${target.federation} failed: ${describeError(e)}; run fedlab down --name ${target.federation} -v`,
        ),
      );
}

/** Runs scenarios one after another (`fedlab scenario all`); ok unless one failed. */
export async function runScenarios(
  lab: ScenarioLab,
  scenarios: readonly Scenario[],
  options: ScenarioOptions = {},
): Promise<{ ok: boolean; reports: ScenarioReport[] }> {
  const { reportFile, ...each } = options;
  const reports: ScenarioReport[] = [];
  for (const scenario of scenarios) {
    if (lab.context.signal?.aborted) break;
    reports.push(await runScenario(lab, scenario, each));
  }
  const result = { ok: reports.every((r) => r.ok), reports };
  if (reportFile !== undefined) await writeJson(reportFile, result);
  return result;
}

/** The steps in order; returns what failed first (undefined when every step passed). */
async function execute(run: ScenarioRun, target: ScenarioTarget): Promise<unknown> {
  try {
    const source = target.source;
    if (source)
      await record(run, 'up', 'up', false, async () => {
        const running = await run.lab.up(source);
        run.operators = running.operators.map(({ name, apiUrl, publicKey }) => ({ name, apiUrl, publicKey }));
        return `${running.engine} federation ${running.name} ready after ${formatMs(running.readyAfterMs)}`;
      });
    else run.operators = target.operators;
    for (const [index, step] of run.scenario.steps.entries()) {
      if (step.afterMs > 0) await run.services.sleep(step.afterMs, run.signal);
      await record(run, step.name, step.kind, true, () => runStep(run, step, index));
    }
    await settleBackgroundLoads(run, false);
    return undefined;
  } catch (error) {
    await settleBackgroundLoads(run, true);
    return error;
  }
}

/** Runs a step as a progress step (up shows its own) and records it in the report. */
async function record(
  run: ScenarioRun,
  name: string,
  kind: StepReport['kind'],
  show: boolean,
  fn: () => Promise<string>,
): Promise<void> {
  const { progress } = run.lab.context;
  const start = run.services.now();
  const entry: StepReport = {
    name,
    kind,
    startedAtMs: run.sinceStart(start),
    durationMs: 0,
    ok: false,
    detail: '',
  };
  run.steps.push(entry);
  try {
    entry.detail = show ? await progress.step(name, fn) : await fn();
    entry.ok = true;
    progress.note(entry.detail);
  } catch (error) {
    entry.detail = describeError(error).split('\n')[0] ?? '';
    throw error;
  } finally {
    entry.durationMs = run.services.now() - start;
  }
}

async function writeJson(file: string, value: unknown): Promise<void> {
  await mkdir(dirname(file), { recursive: true });
  await writeFile(file, JSON.stringify(value, null, 2) + '\n');
}
