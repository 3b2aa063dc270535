// The scenario runner's public surface (re-exported by src/lab/index.ts).
export { parseScenario, defineScenario, loadScenarioFile } from './parse.js';
export {
  scenarioSchema,
  SCENARIO_ENGINES,
  type Scenario,
  type ScenarioInput,
  type Step,
  type Expectation,
} from './schema.js';
export { BUILTIN_DIR, builtinScenarioNames, builtinScenarios, resolveScenarios } from './builtin.js';
export { runScenario, runScenarios, type ScenarioOptions } from './runner.js';
export { defaultServices, type ScenarioLab, type ScenarioServices } from './services.js';
export { renderScenarioReport, renderScenarioTotals } from './summary.js';
export type { ScenarioReport, StepReport, LoadSummary, RecoveryReport, FaultEntry } from './report-types.js';
