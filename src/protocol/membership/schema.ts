import { z } from 'zod';
import { ADMISSION_RULES, CHANGE_KINDS } from './types.js';

const member = z.object({ operator: z.string().min(1), publicKey: z.string().min(1) });
const change = z.object({
  kind: z.enum(CHANGE_KINDS),
  operator: z.string().min(1),
  publicKey: z.string().optional(),
  previousKey: z.string().optional(),
  bundle: z
    .looseObject({
      operator: z.string(),
      publicKey: z.string(),
      rethinkdbHost: z.string().optional(),
      nodeHost: z.string().optional(),
    })
    .optional(),
  possession: z.string().optional(),
});
const ballot = z.object({ voter: z.string(), approve: z.boolean(), signature: z.string() });

/** A row of the membership table as the node reads it: untrusted until resolveChain accepts it. */
export const membershipRecordSchema = z.object({
  id: z.string().regex(/^[0-9a-f]{64}$/, 'id must be 64 hex digits'),
  federation: z.string(),
  epoch: z.number().int().min(0),
  previous: z.string().nullable(),
  members: z.array(member).min(1),
  rule: z.enum(ADMISSION_RULES),
  change: change.nullable(),
  ballots: z.array(ballot),
});

/** A proposal as members receive it to sign (untrusted input). */
export const proposalSchema = z.object({
  federation: z.string(),
  epoch: z.number().int().min(1),
  previous: z.string(),
  change,
});

/** What `membership commit` reads: the proposal and the ballots collected for it. */
export const commitInputSchema = z.object({ proposal: proposalSchema, ballots: z.array(ballot) });
