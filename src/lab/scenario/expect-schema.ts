import { z } from 'zod';
import { durationSchema } from './duration.js';

/**
 * An expectation of a scenario step: what a person would check, with a time limit (`within`).
 * A bare word is a shorthand: `expect: healthy` is `expect: { healthy: true }`.
 */
export const EXPECTATION_KINDS = [
  'all-valid',
  'healthy',
  'votes',
  'invariants',
  'latency',
  'availability',
  'epoch',
] as const;
export type ExpectationKind = (typeof EXPECTATION_KINDS)[number];
export const DEFAULT_WITHIN_MS = 60_000;

const flag = <T extends z.ZodType>(schema: T) =>
  z.preprocess((v) => (v === true || v === null ? {} : v), schema);

const allValid = flag(
  z
    .object({
      loads: z
        .array(z.string())
        .min(1)
        .optional()
        .describe('only the transactions of these loads (default: every load finished before this step)'),
    })
    .strict(),
);
const votes = z.preprocess(
  (v) => (typeof v === 'string' ? { operator: v } : v),
  z
    .object({
      operator: z.string().describe('the operator whose node must vote'),
      blocks: z
        .enum(['new', 'all'])
        .default('new')
        .describe("new: a probe transaction's block; all: also every block holding an accepted transaction"),
    })
    .strict(),
);
const latency = z.preprocess(
  (v) => (typeof v === 'string' ? { max: v } : v),
  z.object({ max: durationSchema.describe('longest time from posting to VALID') }).strict(),
);

/** Default of `availability`: at most 1 POST in 100 refused once new primaries are elected. */
export const DEFAULT_AVAILABILITY_PERCENT = 99;
const availability = z.preprocess(
  (v) => (v === true || v === null ? {} : typeof v === 'number' ? { min: v } : v),
  z
    .object({
      min: z
        .number()
        .min(0)
        .max(100)
        .default(DEFAULT_AVAILABILITY_PERCENT)
        .describe('lowest share of POSTs accepted, in percent'),
      settle: durationSchema
        .optional()
        .describe(
          "refusals posted this long after a fault began are RethinkDB's failover, not counted (default 8s)",
        ),
    })
    .strict(),
);

export const expectSchema = z.preprocess(
  (v) => (typeof v === 'string' ? { [v]: true } : v),
  z
    .object({
      'all-valid': allValid.optional().describe('every accepted transaction VALID on every live node'),
      healthy: flag(z.object({}).strict()).optional().describe('fedlab status: every operator healthy'),
      votes: votes
        .optional()
        .describe('the operator votes on new blocks (and, with blocks: all, on old ones)'),
      invariants: flag(z.object({}).strict()).optional().describe('the full ledger check from the tables'),
      latency: latency
        .optional()
        .describe('every accepted transaction posted to a live node during a fault was VALID within max'),
      availability: availability
        .optional()
        .describe(
          'during a single fault, each node under no fault accepts at least min % of the POSTs it is sent once RethinkDB elected new primaries (from its first accepted POST after the refusals of the first settle) until the fault ends',
        ),
      epoch: z
        .number()
        .int()
        .min(0)
        .optional()
        .describe(
          'every live node follows this membership epoch, a new block carries it, and no block decided before the first membership step changed status',
        ),
      within: durationSchema.optional().describe('time limit (default 60s; latency has none)'),
    })
    .strict()
    .superRefine((e, ctx) => {
      const kinds = EXPECTATION_KINDS.filter((k) => e[k] !== undefined);
      if (e.within !== undefined && (e.latency || e.availability))
        ctx.addIssue({
          code: 'custom',
          path: ['within'],
          message: e.latency
            ? 'latency takes no within: its max is the limit'
            : 'availability takes no within: it judges what the loads saw',
        });
      if (kinds.length !== 1)
        ctx.addIssue({
          code: 'custom',
          message:
            kinds.length === 0
              ? `needs one of: ${EXPECTATION_KINDS.join(', ')}`
              : `has ${kinds.join(' and ')}; one expectation per step`,
        });
    })
    .transform((e): Expectation => {
      const withinMs = e.within ?? DEFAULT_WITHIN_MS;
      if (e['all-valid']) return { kind: 'all-valid', withinMs, ...e['all-valid'] };
      if (e.votes) return { kind: 'votes', withinMs, ...e.votes };
      if (e.latency) return { kind: 'latency', maxMs: e.latency.max };
      if (e.availability)
        return {
          kind: 'availability',
          minPercent: e.availability.min,
          ...(e.availability.settle === undefined ? {} : { settleMs: e.availability.settle }),
        };
      if (e.invariants) return { kind: 'invariants', withinMs };
      if (e.epoch !== undefined) return { kind: 'epoch', withinMs, epoch: e.epoch };
      return { kind: 'healthy', withinMs };
    }),
);

export type Expectation =
  | { kind: 'all-valid'; withinMs: number; loads?: string[] | undefined }
  | { kind: 'healthy'; withinMs: number }
  | { kind: 'votes'; withinMs: number; operator: string; blocks: 'new' | 'all' }
  | { kind: 'invariants'; withinMs: number }
  | { kind: 'latency'; maxMs: number }
  | { kind: 'availability'; minPercent: number; settleMs?: number }
  | { kind: 'epoch'; withinMs: number; epoch: number };
