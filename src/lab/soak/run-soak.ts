/**
 * `fedlab soak`: runs the soak plan (plan.ts) as a scenario on a fresh federation, samples every
 * node's memory from the Docker engine meanwhile (sampler.ts), and judges both: the scenario's own
 * expectations (every accepted transaction VALID exactly once, from the tables) and no node's
 * memory growing (memory.ts). Writes soak.json beside the scenario's report.json.
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Engine } from '../federation/model.js';
import { freePorts } from '../scenario/free-ports.js';
import type { ScenarioReport } from '../scenario/report-types.js';
import { runScenario } from '../scenario/runner.js';
import type { ScenarioLab } from '../scenario/services.js';
import { freshFederationName } from '../scenario/target.js';
import { memoryFigures, type MemoryFigures } from './memory.js';
import { soakScenario, soakSchedule, type SoakSchedule } from './plan.js';
import { MemorySampler } from './sampler.js';

export interface SoakOptions {
  durationMs: number;
  rate: number;
  seed?: number;
  engine?: Engine;
  /** How often memory is read (default 5 s). */
  sampleEveryMs?: number;
}

export interface SoakReport {
  ok: boolean;
  durationMs: number;
  rate: number;
  schedule: SoakSchedule;
  scenario: ScenarioReport;
  memory: MemoryFigures[];
}

export async function runSoak(lab: ScenarioLab, options: SoakOptions): Promise<SoakReport> {
  const scenario = soakScenario(options);
  const sampler = new MemorySampler(
    lab.context.docker,
    freshFederationName(scenario.name),
    options.sampleEveryMs,
  );
  sampler.start();
  let report: ScenarioReport;
  try {
    report = await runScenario(lab, scenario, {
      ports: freePorts,
      ...(options.engine === undefined ? {} : { engine: options.engine }),
    });
  } finally {
    await sampler.stop();
  }
  const memory = [...sampler.byOperator()]
    .map(([operator, samples]) => memoryFigures(operator, samples))
    .filter((f): f is MemoryFigures => f !== undefined)
    .sort((a, b) => a.operator.localeCompare(b.operator));
  const soak: SoakReport = {
    ok: report.ok && memory.every((m) => !m.grew),
    durationMs: options.durationMs,
    rate: options.rate,
    schedule: soakSchedule(options.durationMs),
    scenario: report,
    memory,
  };
  if (report.dir !== undefined)
    await writeFile(join(report.dir, 'soak.json'), JSON.stringify(soak, null, 2) + '\n');
  return soak;
}
