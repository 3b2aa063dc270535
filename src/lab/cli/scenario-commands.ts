import { InvalidArgumentError, type Command } from 'commander';
import { FedlabError } from '../../shared/errors.js';
import type { Engine } from '../federation/model.js';
import { builtinScenarios, resolveScenarios } from '../scenario/builtin.js';
import { recoveryDistribution, renderRecoveryDistribution } from '../scenario/distribution.js';
import { freePorts } from '../scenario/free-ports.js';
import { runScenarios } from '../scenario/runner.js';
import type { ScenarioReport } from '../scenario/report-types.js';
import { renderScenarioReport, renderScenarioTotals } from '../scenario/summary.js';
import type { LabFactory } from './commands.js';
import { labOptions, type CliIo, type GlobalOptions } from './io.js';

interface ScenarioFlags {
  list?: boolean;
  federation?: string;
  engine?: Engine;
  keep?: boolean;
  report?: string;
  seed?: number;
  repeat?: number;
}

const seedArg = (value: string): number => {
  const n = Number(value);
  if (value.trim() === '' || !Number.isInteger(n) || n < 0)
    throw new InvalidArgumentError('not a whole number');
  return n;
};
const repeatArg = (value: string): number => {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > 100)
    throw new InvalidArgumentError('a whole number from 1 to 100');
  return n;
};
const engineArg = (value: string): Engine => {
  if (value === 'rethinkdb' || value === 'reqlite') return value;
  throw new InvalidArgumentError('use rethinkdb or reqlite');
};

/** `fedlab scenario <name|file.yaml|all>` and `fedlab scenario --list`. */
export function registerScenarioCommand(program: Command, io: CliIo, makeLab: LabFactory): void {
  program
    .command('scenario [which]')
    .description(
      'run a scenario (a built-in name, a .yaml file, or all) on a fresh federation sc-<name>; ' +
        'prints a summary, writes a JSON report, and on failure a bundle (logs, files, tables)',
    )
    .option('--list', 'list the built-in scenarios')
    .option('--federation <name>', 'run on this running federation instead (it is left running)')
    .option('--engine <engine>', 'rethinkdb | reqlite (default: auto)', engineArg)
    .option('--keep', 'leave the fresh federation running at the end')
    .option('--report <file>', 'also write the JSON report to this file')
    .option('--seed <n>', "replace the scenario's seed", seedArg)
    .option(
      '--repeat <n>',
      'run them n times (each on a fresh federation) and print the spread of recovery: min, median, max',
      repeatArg,
    )
    .action(async (which: string | undefined, flags: ScenarioFlags, cmd: Command) => {
      if (flags.list) return listBuiltins(io);
      if (which === undefined)
        throw new FedlabError(
          'SCENARIO_MISSING',
          'name a scenario, a .yaml file or all; see fedlab scenario --list',
        );
      if (flags.federation !== undefined && flags.engine !== undefined)
        throw new FedlabError(
          'SCENARIO_USAGE',
          `--engine picks the engine of a fresh federation; with --federation ${flags.federation} the running federation's engine is used: leave --engine out`,
        );
      const scenarios = await resolveScenarios(which);
      const lab = makeLab(labOptions(cmd.optsWithGlobals<GlobalOptions>(), io));
      if (flags.keep && (flags.repeat ?? 1) > 1)
        throw new FedlabError(
          'SCENARIO_USAGE',
          '--keep leaves the fresh federation running, so a second run of --repeat could not bring it up again: use one of them',
        );
      const reports: ScenarioReport[] = [];
      for (let run = 1; run <= (flags.repeat ?? 1); run++) {
        if (flags.repeat !== undefined) io.out(`run ${run} of ${flags.repeat}\n`);
        const result = await runScenarios(lab, scenarios, {
          ...(flags.federation === undefined ? { ports: freePorts } : { federation: flags.federation }),
          ...(flags.engine === undefined ? {} : { engine: flags.engine }),
          ...(flags.keep ? { keep: true } : {}),
          ...(flags.report === undefined ? {} : { reportFile: flags.report }),
          ...(flags.seed === undefined ? {} : { seed: flags.seed }),
        });
        for (const report of result.reports) io.out(renderScenarioReport(report) + '\n');
        reports.push(...result.reports);
      }
      if (reports.length > 1) io.out(renderScenarioTotals(reports) + '\n');
      if (flags.repeat !== undefined && flags.repeat > 1)
        io.out(renderRecoveryDistribution(recoveryDistribution(reports)) + '\n');
      const failed = reports.filter((r) => r.status === 'failed');
      if (failed.length > 0)
        throw new FedlabError(
          'SCENARIO_FAILED',
          `${failed.map((r) => r.scenario).join(', ')} failed; read the summary above and the bundle in ${failed[0]?.bundle ?? failed[0]?.dir ?? 'the scenario directory'}`,
          { details: { failed: failed.map((r) => r.scenario) } },
        );
    });
}

async function listBuiltins(io: CliIo): Promise<void> {
  for (const s of await builtinScenarios())
    io.out(
      `${s.name.padEnd(22)} ${s.description}${s.engines.length < 2 ? ` [${s.engines.join(', ')} only]` : ''}`,
    );
}
