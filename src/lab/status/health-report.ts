import { z } from 'zod';

/**
 * The body of a node's GET /health, as the node writes it (src/node/http/node-backend.ts
 * `healthReport`; 503 adds `status` and `message`). The lab may not import the node, so the shape
 * is declared here; test/unit/lab/status.test.ts parses what the node's own code writes and
 * test/integration/lab/status-real-node.test.ts a real node's answer, so the two cannot drift.
 *
 * `database.servers`, `database.schemaReady`, `counts` and `liveness` are optional: a node image
 * built before they existed still gets a status (shown as "-"), never a wrong number.
 */
const countsSchema = z.object({
  /** Blocks this node created. */
  blocks: z.number().int().nonnegative(),
  /** Votes this node cast. */
  votes: z.number().int().nonnegative(),
  /** Backlog rows assigned to this node. */
  backlog: z.number().int().nonnegative(),
});

const fullReportSchema = z.object({
  healthy: z.boolean(),
  problems: z.array(z.string()).default([]),
  public_key: z.string().min(1),
  database: z.object({
    connected: z.boolean(),
    engine: z.string(),
    problem: z.string().optional(),
    /** Server names of the RethinkDB cluster (rethinkdb.server_status) as this node sees it. */
    servers: z.array(z.string()).optional(),
    /** The ledger's database, tables and indexes exist. */
    schemaReady: z.boolean().optional(),
  }),
  counts: countsSchema.optional(),
  /** Members' public keys this node sees alive or dead (itself included); known: it can tell. */
  liveness: z
    .object({ known: z.boolean(), alive: z.array(z.string()), dead: z.array(z.string()) })
    .optional(),
});

/** What a node answers when its health probe itself failed: only the verdict and why. */
const probeFailedSchema = z.object({ healthy: z.literal(false), problems: z.array(z.string()).min(1) });

export type NodeCounts = z.output<typeof countsSchema>;

/** The facts the lab takes from one node's /health. */
export interface NodeHealthFacts {
  readonly healthy: boolean;
  readonly problems: readonly string[];
  readonly publicKey?: string;
  readonly database?: {
    readonly connected: boolean;
    readonly engine: string;
    readonly problem?: string;
    readonly servers?: readonly string[];
    readonly schemaReady?: boolean;
  };
  readonly counts?: NodeCounts;
  readonly liveness?: {
    readonly known: boolean;
    readonly alive: readonly string[];
    readonly dead: readonly string[];
  };
}

export type ParsedHealth = { ok: true; facts: NodeHealthFacts } | { ok: false; problem: string };

/** Pure: a /health body as the lab uses it, or what about it the lab cannot read. */
export function parseNodeHealth(body: unknown): ParsedHealth {
  const full = fullReportSchema.safeParse(body);
  if (full.success) {
    const { public_key: publicKey, ...rest } = full.data;
    return { ok: true, facts: { ...rest, publicKey } };
  }
  const failed = probeFailedSchema.safeParse(body);
  if (failed.success) return { ok: true, facts: failed.data };
  const issue = full.error.issues[0];
  const where = issue?.path.join('.') || '(root)';
  return { ok: false, problem: `/health answer not understood: ${where}: ${issue?.message ?? 'invalid'}` };
}
