import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { FedlabError } from '../../shared/errors.js';
import { loadScenarioFile, parseScenario } from './parse.js';
import type { Scenario } from './schema.js';

/**
 * The built-in scenarios: YAML files in the project's scenarios/ directory. This file is three
 * levels below the project root both as src/lab/scenario/builtin.ts and dist/lab/scenario/builtin.js.
 */
export const BUILTIN_DIR = fileURLToPath(new URL('../../../scenarios/', import.meta.url));
const EXTENSION = '.yaml';

export async function builtinScenarioNames(dir = BUILTIN_DIR): Promise<string[]> {
  const files = await readdir(dir).catch((cause: unknown) => {
    throw new FedlabError('SCENARIOS_MISSING', `built-in scenarios not found in ${dir}; reinstall fedlab`, {
      details: { dir },
      cause,
    });
  });
  return files
    .filter((f) => f.endsWith(EXTENSION))
    .map((f) => f.slice(0, -EXTENSION.length))
    .sort();
}

export async function builtinScenarios(dir = BUILTIN_DIR): Promise<Scenario[]> {
  const names = await builtinScenarioNames(dir);
  return Promise.all(names.map((name) => loadBuiltin(name, dir)));
}

async function loadBuiltin(name: string, dir: string): Promise<Scenario> {
  const file = join(dir, `${name}${EXTENSION}`);
  return parseScenario(await readFile(file, 'utf8'), file);
}

/** `all` -> every built-in; a name -> that built-in; a path ending in .yaml/.yml -> that file. */
export async function resolveScenarios(which: string, dir = BUILTIN_DIR): Promise<Scenario[]> {
  if (which === 'all') return builtinScenarios(dir);
  if (/\.ya?ml$/.test(which) || which.includes('/')) return [await loadScenarioFile(which)];
  const names = await builtinScenarioNames(dir);
  if (!names.includes(which))
    throw new FedlabError(
      'SCENARIO_UNKNOWN',
      `no built-in scenario "${which}"; built-ins: ${names.join(', ')} (or give a .yaml file, or all)`,
      { details: { scenario: which, known: names } },
    );
  return [await loadBuiltin(which, dir)];
}
