/**
 * GET /health: what the node reports (src/node/http/node-backend.ts writes it) and what the lab
 * reads (src/lab/status/health-report.ts parses it with these schemas). 200 when healthy; a 503
 * adds `status` and `message` (an ErrorAnswer) to the same report.
 *
 * `database.servers`, `database.schemaReady`, `counts` and `liveness` are optional: a node image
 * built before they existed still gets a status in the lab (shown as "-"), never a wrong number.
 */
import { z } from 'zod';

export const nodeCountsSchema = z.object({
  /** Blocks this node created. */
  blocks: z.number().int().nonnegative(),
  /** Votes this node cast. */
  votes: z.number().int().nonnegative(),
  /** Backlog rows assigned to this node. */
  backlog: z.number().int().nonnegative(),
});
export type NodeCounts = z.output<typeof nodeCountsSchema>;

export const healthReportSchema = z.object({
  healthy: z.boolean(),
  /** Why it is unhealthy (each a sentence); a 503's `message` joins them. */
  problems: z.array(z.string()).default([]),
  public_key: z.string().min(1),
  engine: z.object({ name: z.string(), limitations: z.array(z.string()).readonly() }).optional(),
  database: z.object({
    connected: z.boolean(),
    engine: z.string(),
    latencyMs: z.number().optional(),
    problem: z.string().optional(),
    /** Server names of the RethinkDB cluster (rethinkdb.server_status) as this node sees it. */
    servers: z.array(z.string()).optional(),
    /** The ledger's database, tables and indexes exist. */
    schemaReady: z.boolean().optional(),
    schemaProblem: z.string().optional(),
    limitations: z.array(z.string()).readonly().optional(),
  }),
  /** Pipeline stages: ticks, last tick and success (epoch ms), last error, changefeed state. */
  pipelines: z
    .array(
      z.object({
        name: z.string(),
        running: z.boolean(),
        ticks: z.number(),
        lastTickAtMs: z.number().nullable(),
        lastSuccessAtMs: z.number().nullable(),
        lastError: z.string().nullable(),
        feed: z.enum(['none', 'open', 'reopening']),
        // Issue 16, optional (older nodes omit them): a stage failing every other tick clears
        // lastError on each success; these show it, and /health degrades on repeated runs.
        consecutiveFailures: z.number().int().nonnegative().optional(),
        failuresLastMinute: z.number().int().nonnegative().optional(),
        failureRunsLastMinute: z.number().int().nonnegative().optional(),
        lastFailure: z.object({ atMs: z.number(), problem: z.string() }).nullable().optional(),
        /** Backlog rows the block stage deleted because no block write could store them. */
        rejectedRows: z
          .object({
            count: z.number().int().nonnegative(),
            last: z.object({ txId: z.string(), reason: z.string(), atMs: z.number() }).nullable(),
          })
          .optional(),
      }),
    )
    .optional(),
  counts: nodeCountsSchema.optional(),
  /** Members' public keys this node sees alive or dead (itself included); known: it can tell. */
  liveness: z
    .object({
      known: z.boolean(),
      alive: z.array(z.string()),
      dead: z.array(z.string()),
      /** When the view was last refreshed (the node's clock, epoch ms), or null if never. */
      checkedAtMs: z.number().nullable().optional(),
    })
    .optional(),
  /**
   * The membership epoch this node follows (issue 12): its number, its members and the rows of the
   * membership table that are not part of the chain (with why). Optional: older nodes omit it.
   */
  membership: z
    .object({
      epoch: z.number().int().nonnegative(),
      members: z.array(z.object({ operator: z.string(), publicKey: z.string() })),
      ignored: z.array(z.object({ epoch: z.unknown(), id: z.unknown(), reason: z.string() })).optional(),
      /**
       * Where this node's chain starts (issue 16): its config's pinned genesis, or derived from
       * keyring plus self (a config without a pin); `id` is epoch 0's record id once known.
       */
      root: z.object({ source: z.enum(['pinned', 'derived']), id: z.string().nullable() }).optional(),
      /** Two approved records for one epoch: the chain stops before it until an operator removes one. */
      conflict: z.object({ epoch: z.number().int(), ids: z.array(z.string()) }).optional(),
    })
    .optional(),
});
/** A full /health report as the node writes it. */
export type HealthReport = z.input<typeof healthReportSchema>;

/** What a node answers when its health probe itself failed: only the verdict and why. */
export const healthProbeFailedSchema = z.object({
  healthy: z.literal(false),
  problems: z.array(z.string()).min(1),
});
export type HealthProbeFailed = z.input<typeof healthProbeFailedSchema>;

/** The body of GET /health (without the 503's status and message). */
export type HealthAnswer = HealthReport | HealthProbeFailed;
