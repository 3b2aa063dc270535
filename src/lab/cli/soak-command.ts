import { mkdir, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { InvalidArgumentError, type Command } from 'commander';
import { FedlabError } from '../../shared/errors.js';
import type { Engine } from '../federation/model.js';
import { parseDurationMs } from '../scenario/duration.js';
import { renderScenarioReport } from '../scenario/summary.js';
import { describeMemory } from '../soak/memory.js';
import { runSoak } from '../soak/run-soak.js';
import type { LabFactory } from './commands.js';
import { labOptions, type CliIo, type GlobalOptions } from './io.js';

/** The soak's defaults: 10 minutes at 20 tx/s (see docs/measurements.md for the maximum measured). */
export const SOAK_DEFAULTS = { duration: '10m', rate: 20 } as const;

const durationArg = (value: string): number => {
  const ms = parseDurationMs(value);
  if (ms === undefined || ms < 60_000 || ms > 24 * 3_600_000)
    throw new InvalidArgumentError('a duration from 1m to 24h, like "2m" or "10m"');
  return ms;
};
const rateArg = (value: string): number => {
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0 || n > 1000)
    throw new InvalidArgumentError('transactions per second, 1 to 1000');
  return n;
};

interface SoakFlags {
  duration: number;
  rate: number;
  seed?: string;
  engine?: Engine;
  report?: string;
}

/** `fedlab soak [--duration 10m] [--rate 20]`: load with a fault each segment, an admission and a removal. */
export function registerSoakCommand(program: Command, io: CliIo, makeLab: LabFactory): void {
  program
    .command('soak')
    .description(
      'a long run on a fresh federation sc-soak: load throughout, the four faults in turn (kill, pause, ' +
        'partition, database server loss), one admission and one removal; checks every accepted ' +
        "transaction VALID exactly once from the tables and that no node's memory grows",
    )
    .option(
      '--duration <d>',
      `how long the load runs, in all (default ${SOAK_DEFAULTS.duration})`,
      durationArg,
    )
    .option('--rate <n>', `transactions per second (default ${SOAK_DEFAULTS.rate})`, rateArg)
    .option('--seed <n>', 'seed of every random choice')
    .option('--report <file>', 'also write the soak report (JSON) to this file')
    .action(async (flags: Partial<SoakFlags>, cmd: Command) => {
      const lab = makeLab(labOptions(cmd.optsWithGlobals<GlobalOptions>(), io));
      const seed = flags.seed === undefined ? undefined : Number(flags.seed);
      if (seed !== undefined && (!Number.isInteger(seed) || seed < 0))
        throw new FedlabError('SOAK_USAGE', `--seed must be a whole number (got "${flags.seed ?? ''}")`);
      const soak = await runSoak(lab, {
        durationMs: flags.duration ?? (parseDurationMs(SOAK_DEFAULTS.duration) as number),
        rate: flags.rate ?? SOAK_DEFAULTS.rate,
        ...(seed === undefined ? {} : { seed }),
      });
      if (flags.report !== undefined) {
        await mkdir(dirname(flags.report), { recursive: true });
        await writeFile(flags.report, JSON.stringify(soak, null, 2) + '\n');
      }
      io.out(renderScenarioReport(soak.scenario) + '\n');
      io.out('memory of each node (docker stats, first third -> last third of the run):');
      for (const m of soak.memory) io.out(`  ${describeMemory(m)}`);
      if (!soak.ok)
        throw new FedlabError(
          'SOAK_FAILED',
          soak.scenario.ok
            ? `memory grew on ${soak.memory
                .filter((m) => m.grew)
                .map((m) => m.operator)
                .join(', ')}; see the figures above`
            : `the soak failed; read the summary above and the bundle in ${soak.scenario.bundle ?? soak.scenario.dir ?? 'the scenario directory'}`,
        );
    });
}
