import { z } from 'zod';
import { FAULT_ACTIONS, FAULT_TARGETS, type FaultAction, type FaultTarget } from '../fault/plan.js';
import type { TxKind } from './deps.js';
import { durationSchema, formatDuration } from './duration.js';
import { expectSchema, type Expectation } from './expect-schema.js';

/** Every kind a load can post (a Record, so a kind added to TxKind must be added here). */
const KINDS: Record<TxKind, true> = {
  create: true,
  transfer: true,
  divisible: true,
  threshold: true,
  'double-spend': true,
};
const weight = z.number().nonnegative('must be 0 or more');
const LOAD_ID = /^[a-z0-9][a-z0-9_-]*$/;

export const loadStepSchema = z
  .object({
    id: z.string().regex(LOAD_ID, 'must be lowercase letters, digits, "-" or "_"').optional(),
    rate: z.number().positive('must be more than 0').max(1000).describe('transactions per second, in all'),
    duration: durationSchema.describe('how long to post'),
    operators: z.array(z.string()).min(1).optional().describe('post through these (default all live)'),
    mix: z
      .object(Object.fromEntries(Object.keys(KINDS).map((k) => [k, weight.optional()])))
      .strict()
      .refine((m) => Object.values(m).some((w) => (w ?? 0) > 0), 'needs at least one weight above 0')
      .optional()
      .describe('relative weights of create, transfer, divisible, threshold (2-of-3), double-spend'),
    mode: z.enum(['async', 'sync', 'commit']).optional().describe('POST mode (default async)'),
    seed: z.int().nonnegative().optional().describe("default: the scenario's seed plus the step's position"),
    background: z.boolean().default(false).describe('run alongside the following steps (needs an id)'),
  })
  .strict()
  .refine((l) => !l.background || l.id !== undefined, {
    path: ['background'],
    message: 'a background load needs an id, so that a later step can `await` it',
  });

export const faultStepSchema = z
  .object({
    action: z.enum(FAULT_ACTIONS),
    operator: z.string(),
    target: z.enum(FAULT_TARGETS).optional().describe('node | database | both (default both)'),
  })
  .strict();

const flag = <T extends z.ZodType>(schema: T) =>
  z.preprocess((v) => (v === true || v === null ? {} : v), schema);
const backupStepSchema = flag(z.object({ file: z.string().min(1).optional() }).strict());
const restoreStepSchema = flag(
  z
    .object({
      file: z.string().min(1).optional().describe("default: the last backup step's file"),
      fresh: z.boolean().default(false).describe('down --volumes, then up the same federation first'),
    })
    .strict(),
);

export const membershipStepSchema = z
  .object({
    action: z.enum(['admit', 'remove', 'rotate-key']),
    operator: z.string().min(1),
    'reject-by': z.array(z.string()).min(1).optional().describe('members that vote no (the others vote yes)'),
    outcome: z
      .enum(['approved', 'rejected'])
      .default('approved')
      .describe('what the governance rule must decide; anything else fails the step'),
  })
  .strict();
export type MembershipStep = z.output<typeof membershipStepSchema>;

export const STEP_KINDS = [
  'load',
  'await',
  'fault',
  'wait',
  'backup',
  'restore',
  'membership',
  'expect',
] as const;
export type StepKind = (typeof STEP_KINDS)[number];

type LoadStepInput = z.output<typeof loadStepSchema>;
export type LoadStep = Omit<LoadStepInput, 'duration'> & { durationMs: number };
export type FaultStep = { action: FaultAction; operator: string; target?: FaultTarget | undefined };
export type StepAction =
  | { kind: 'load'; load: LoadStep }
  | { kind: 'await'; await: string }
  | { kind: 'fault'; fault: FaultStep }
  | { kind: 'wait'; waitMs: number }
  | { kind: 'backup'; backup: { file?: string | undefined } }
  | { kind: 'restore'; restore: { file?: string | undefined; fresh: boolean } }
  | { kind: 'membership'; membership: MembershipStep }
  | { kind: 'expect'; expect: Expectation };
export type Step = StepAction & { name: string; afterMs: number };

const stepObject = z
  .object({
    name: z.string().min(1).optional().describe('shown in progress and the report (default: derived)'),
    after: durationSchema.optional().describe('pause before the step starts'),
    load: loadStepSchema.optional(),
    await: z.string().optional().describe('wait for a background load to finish'),
    fault: faultStepSchema.optional(),
    wait: durationSchema.optional(),
    backup: backupStepSchema.optional(),
    restore: restoreStepSchema.optional(),
    membership: membershipStepSchema.optional(),
    expect: expectSchema.optional(),
  })
  .strict();

export const stepSchema = stepObject
  .superRefine((s, ctx) => {
    const kinds = STEP_KINDS.filter((k) => s[k] !== undefined);
    if (kinds.length !== 1)
      ctx.addIssue({
        code: 'custom',
        message:
          kinds.length === 0
            ? `needs one of: ${STEP_KINDS.join(', ')}`
            : `has ${kinds.join(' and ')}; a step does one thing`,
      });
  })
  .transform((s): Step => {
    const action = actionOf(s);
    return { name: s.name ?? defaultStepName(action), afterMs: s.after ?? 0, ...action };
  });

function actionOf(s: z.output<typeof stepObject>): StepAction {
  if (s.load) {
    const { duration, ...rest } = s.load;
    return { kind: 'load', load: { ...rest, durationMs: duration } };
  }
  if (s.await !== undefined) return { kind: 'await', await: s.await };
  if (s.fault) return { kind: 'fault', fault: s.fault };
  if (s.wait !== undefined) return { kind: 'wait', waitMs: s.wait };
  if (s.backup) return { kind: 'backup', backup: s.backup };
  if (s.restore) return { kind: 'restore', restore: s.restore };
  if (s.membership) return { kind: 'membership', membership: s.membership };
  return { kind: 'expect', expect: s.expect as Expectation };
}

/** "load 15/s for 20s", "kill gamma (node)", "expect all-valid within 60s", ... */
export function defaultStepName(a: StepAction): string {
  switch (a.kind) {
    case 'load':
      return `${a.load.background ? `start load ${a.load.id}: ` : 'load '}${a.load.rate}/s for ${formatDuration(a.load.durationMs)}`;
    case 'await':
      return `await load ${a.await}`;
    case 'fault':
      return `${a.fault.action} ${a.fault.operator}${a.fault.target ? ` (${a.fault.target})` : ''}`;
    case 'wait':
      return `wait ${formatDuration(a.waitMs)}`;
    case 'backup':
      return 'backup';
    case 'restore':
      return a.restore.fresh ? 'restore into a fresh federation' : 'restore';
    case 'membership':
      return `${a.membership.action} ${a.membership.operator}${a.membership.outcome === 'rejected' ? ' (rejected)' : ''}`;
    case 'expect':
      return `expect ${describeExpectation(a.expect)}`;
  }
}

export function describeExpectation(e: Expectation): string {
  if (e.kind === 'latency') return `latency under ${formatDuration(e.maxMs)} during faults`;
  if (e.kind === 'availability') return `at least ${e.minPercent} % of POSTs accepted during faults`;
  const what =
    e.kind === 'votes'
      ? `${e.operator} votes${e.blocks === 'all' ? ' on every block' : ''}`
      : e.kind === 'epoch'
        ? `epoch ${e.epoch}`
        : e.kind;
  return `${what} within ${formatDuration(e.withinMs)}`;
}
