import { z } from 'zod';
import { DNS_LABEL, federationFileSchema } from '../federation-file/schema.js';
import { checkSteps } from './checks.js';
import { stepSchema } from './step-schema.js';

/**
 * A scenario file (docs/scenarios.md): a federation, then named steps (load, faults, waits,
 * backup, restore, expectations with time limits), run in order by `fedlab scenario`.
 */
export const SCENARIO_ENGINES = ['rethinkdb', 'reqlite'] as const;
export type ScenarioEngine = (typeof SCENARIO_ENGINES)[number];

export const scenarioSchema = z
  .object({
    name: z
      .string()
      .max(28, 'must be at most 28 characters')
      .regex(DNS_LABEL, 'must be DNS-safe: lowercase letters, digits and "-", starting with a letter')
      .describe('Scenario name; its fresh federation is sc-<name>'),
    description: z.string().default('').describe('One line for `fedlab scenario --list`'),
    seed: z.int().nonnegative().default(1).describe('Seed of every random choice (--seed overrides)'),
    engines: z
      .array(z.enum(SCENARIO_ENGINES))
      .min(1)
      .default([...SCENARIO_ENGINES])
      .describe('Engines it makes sense on; on another it is skipped, not failed'),
    federation: federationFileSchema
      .prefault({})
      .describe('A federation file (its name is replaced by sc-<scenario name>); default alpha, beta, gamma'),
    steps: z.array(stepSchema).min(1, 'needs at least one step'),
  })
  .strict()
  .superRefine((s, ctx) =>
    checkSteps(
      s.steps,
      s.federation.operators.map((op) => op.name),
      s.engines,
      ctx,
    ),
  );

export type ScenarioInput = z.input<typeof scenarioSchema>;
export type Scenario = z.output<typeof scenarioSchema>;
export type { Step, StepKind, LoadStep, FaultStep } from './step-schema.js';
export type { Expectation } from './expect-schema.js';
