import { selectEngine } from '../engine/engine.js';
import { FederationNotFoundError } from '../errors.js';
import { resolveFederation, type Engine, type Federation } from '../federation/model.js';
import type { OperatorInfo } from './run-state.js';
import type { Scenario } from './schema.js';
import type { ScenarioLab } from './services.js';

/** Where a scenario runs: a fresh federation it brings up (`source`), or a running one. */
export interface ScenarioTarget {
  federation: string;
  engine: Engine;
  source?: Federation;
  operators: OperatorInfo[];
}

export interface TargetOptions {
  /** Run against this running federation instead of a fresh sc-<name>. */
  federation?: string | undefined;
  /** The engine of a fresh federation (default: the scenario's federation's, auto by default). */
  engine?: Engine | undefined;
  /** Free host ports for a fresh federation's node APIs (default: its basePort and up). */
  ports?: ((count: number) => Promise<number[]>) | undefined;
}

export const freshFederationName = (scenario: string): string => `sc-${scenario}`;

export async function chooseTarget(
  lab: ScenarioLab,
  scenario: Scenario,
  options: TargetOptions,
): Promise<ScenarioTarget> {
  if (options.federation !== undefined) return runningTarget(lab, options.federation);
  const file = scenario.federation;
  const { docker, images } = lab.context;
  const engine = await selectEngine(options.engine ?? file.engine, docker, images);
  const free = options.ports ? await options.ports(file.operators.length) : [];
  const source = resolveFederation({
    ...file,
    name: freshFederationName(scenario.name),
    engine,
    operators: file.operators.map((op, i) => ({ ...op, apiPort: op.apiPort ?? free[i] })),
  });
  return { federation: source.name, engine, source, operators: [] };
}

async function runningTarget(lab: ScenarioLab, federation: string): Promise<ScenarioTarget> {
  const status = await lab.status(federation);
  if (status.engine === undefined) throw new FederationNotFoundError(federation);
  return {
    federation,
    engine: status.engine,
    operators: status.operators.map((op) => ({
      name: op.name,
      apiUrl: op.apiUrl ?? '',
      publicKey: op.publicKey ?? '',
    })),
  };
}
