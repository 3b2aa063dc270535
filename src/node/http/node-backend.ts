/**
 * The API's view of a started node: its store answers the reads, its `submit` is the ingest,
 * and its health becomes GET /health's report (`healthy` plus a sentence per problem).
 */
import type { RunningNode, NodeHealth } from '../runtime/index.js';
import { stageProblem } from '../runtime/stage-verdict.js';
import type { HealthReport } from '../../protocol/index.js';
import type { ApiOptions } from './api-types.js';
import type { ReadAccess } from './read-access.js';
import type { Logger } from '../../shared/log.js';

/** Seconds past the runtime's own commit timeout before the API gives up itself (a backstop). */
const COMMIT_BACKSTOP_MS = 2_000;

export function healthReport(h: NodeHealth): HealthReport {
  const problems: string[] = [];
  if (!h.database.connected) problems.push(`database unreachable (${h.database.problem ?? 'no answer'})`);
  if (h.database.schemaReady === false)
    problems.push(`database schema not ready (${h.database.schemaProblem ?? 'tables or indexes'})`);
  if (h.stopping) problems.push('the node is stopping');
  const nowMs = Date.now();
  for (const s of h.stages) {
    const problem = stageProblem(s, nowMs);
    if (problem !== null) problems.push(problem);
  }
  if (!h.ok && problems.length === 0) problems.push('a pipeline stage has not run recently');
  return {
    healthy: h.ok,
    problems,
    public_key: h.publicKey,
    engine: { name: h.database.engine, limitations: h.database.limitations },
    database: h.database,
    pipelines: h.stages,
    ...(h.counts === undefined ? {} : { counts: h.counts }),
    liveness: h.liveness,
    membership: {
      epoch: h.membership.epoch,
      members: h.membership.members,
      ignored: h.membership.ignored,
      ...(h.membership.root ? { root: h.membership.root } : {}),
      ...(h.membership.conflict ? { conflict: h.membership.conflict } : {}),
    },
  };
}

export interface NodeApiSettings {
  logger: Logger;
  bodyLimitBytes: number;
  commitTimeoutMs: number;
  /** policy.read and the operator's issued keys (config api_keys); default: anyone may read. */
  readAccess?: ReadAccess;
}

export function apiOptionsForNode(node: RunningNode, settings: NodeApiSettings): ApiOptions {
  return {
    ledger: node.store,
    ingest: {
      submit: async (tx, mode) => {
        await node.submit(tx, mode);
      },
    },
    health: async () => healthReport(await node.health()),
    // The keyring is the current membership epoch's other members, read on every request: it
    // follows admissions, removals and rotations while running (the config's is only epoch 0).
    identity: {
      publicKey: node.publicKey,
      get keyring() {
        return node.members.filter((k) => k !== node.publicKey);
      },
    },
    logger: settings.logger,
    bodyLimitBytes: settings.bodyLimitBytes,
    // The runtime times a commit out itself (COMMIT_TIMEOUT, 504); this only guards against a hang.
    commitTimeoutMs: settings.commitTimeoutMs + COMMIT_BACKSTOP_MS,
    ...(settings.readAccess === undefined ? {} : { readAccess: settings.readAccess }),
  };
}
