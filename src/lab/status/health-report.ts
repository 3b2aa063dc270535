import { healthProbeFailedSchema, healthReportSchema, type NodeCounts } from '../../protocol/index.js';

/**
 * The body of a node's GET /health is the protocol's (src/protocol/health.ts): the node writes it
 * through that type and the lab parses it with that schema, so the two cannot drift.
 * test/integration/lab/status-real-node.test.ts also parses a real node's answer.
 */
export type { NodeCounts } from '../../protocol/index.js';

const report = healthReportSchema.shape;
/** The part of the protocol's report the lab uses (unknown keys are dropped). */
const labViewSchema = healthReportSchema
  .pick({ healthy: true, problems: true, public_key: true, counts: true })
  .extend({
    database: report.database.pick({
      connected: true,
      engine: true,
      problem: true,
      servers: true,
      schemaReady: true,
    }),
    liveness: report.liveness.unwrap().pick({ known: true, alive: true, dead: true }).optional(),
    membership: report.membership.unwrap().pick({ epoch: true, members: true }).optional(),
  });

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
  /** The membership epoch the node follows and its members (issue 12). */
  readonly membership?: {
    readonly epoch: number;
    readonly members: readonly { readonly operator: string; readonly publicKey: string }[];
  };
}

export type ParsedHealth = { ok: true; facts: NodeHealthFacts } | { ok: false; problem: string };

/** Pure: a /health body as the lab uses it, or what about it the lab cannot read. */
export function parseNodeHealth(body: unknown): ParsedHealth {
  const full = labViewSchema.safeParse(body);
  if (full.success) {
    const { public_key: publicKey, ...rest } = full.data;
    return { ok: true, facts: { ...rest, publicKey } };
  }
  const failed = healthProbeFailedSchema.safeParse(body);
  if (failed.success) return { ok: true, facts: failed.data };
  const issue = full.error.issues[0];
  const where = issue?.path.join('.') || '(root)';
  return { ok: false, problem: `/health answer not understood: ${where}: ${issue?.message ?? 'invalid'}` };
}
