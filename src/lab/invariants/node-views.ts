/**
 * What the nodes' APIs say (I/O, HTTP, bounded concurrency): each node's view of a list of
 * transactions, and a wait until every transaction is VALID on every node.
 */
import { setTimeout as delay } from 'node:timers/promises';
import { describeError } from '../../shared/errors.js';
import { mapLimit } from '../load/map-limit.js';
import type { LoadTarget } from '../load/types.js';
import { NodeApi } from '../node-api/node-api.js';
import type { NodeView, ViewStatus } from './types.js';

export interface ViewOptions {
  /** Requests in flight per node (default 8). */
  concurrency?: number;
  timeoutMs?: number;
}

/** Each node's status and VALID blocks of each transaction; a node that fails a request is not live. */
export async function collectNodeViews(
  targets: readonly LoadTarget[],
  txIds: readonly string[],
  options: ViewOptions = {},
): Promise<NodeView[]> {
  return Promise.all(targets.map((t) => viewOf(t, txIds, options)));
}

async function viewOf(target: LoadTarget, txIds: readonly string[], options: ViewOptions): Promise<NodeView> {
  const api = new NodeApi(target.apiUrl, options.timeoutMs ?? 5_000);
  const view: NodeView = { operator: target.operator, live: true, statuses: {}, validBlocks: {} };
  let failure: unknown;
  await mapLimit(txIds, options.concurrency ?? 8, async (txId) => {
    if (failure !== undefined) return; // one unanswered request makes the node not live: stop asking
    try {
      const [status, blocks] = await Promise.all([api.transactionStatus(txId), api.validBlockIds(txId)]);
      view.statuses[txId] = status ?? 'unknown';
      view.validBlocks[txId] = blocks.sort();
    } catch (error) {
      failure = error;
    }
  });
  return failure === undefined ? view : { ...view, live: false, error: describeError(failure) };
}

export interface NotValid {
  operator: string;
  txId: string;
  /** The last status seen, `unreachable` when the node did not answer. */
  status: ViewStatus | 'unreachable';
}

export interface AllValid {
  ok: boolean;
  afterMs: number;
  notValid: NotValid[];
}

/**
 * Polls until every transaction is VALID on every target, or `withinMs` passes; never throws for
 * a miss. VALID is final, so a (node, transaction) seen VALID is not asked again.
 */
export async function waitAllValid(
  targets: readonly LoadTarget[],
  txIds: readonly string[],
  withinMs: number,
  options: ViewOptions & { intervalMs?: number; signal?: AbortSignal } = {},
): Promise<AllValid> {
  const started = Date.now();
  const apis = targets.map((t) => ({ t, api: new NodeApi(t.apiUrl, options.timeoutMs ?? 5_000) }));
  let waiting: NotValid[] = targets.flatMap((t) =>
    txIds.map((txId): NotValid => ({ operator: t.operator, txId, status: 'unknown' })),
  );
  for (;;) {
    // A node that did not answer is not asked again this round: a paused one costs one timeout.
    const silent = new Set<string>();
    const asked = await mapLimit(waiting, (options.concurrency ?? 8) * targets.length, async (w) => {
      const api = apis.find((a) => a.t.operator === w.operator)?.api;
      if (api === undefined || silent.has(w.operator)) return { ...w, status: 'unreachable' as const };
      const status = await statusOrUnreachable(api, w.txId);
      if (status === 'unreachable') silent.add(w.operator);
      return { ...w, status };
    });
    waiting = asked.filter((w) => w.status !== 'valid');
    const afterMs = Date.now() - started;
    if (waiting.length === 0) return { ok: true, afterMs, notValid: [] };
    if (afterMs >= withinMs || options.signal?.aborted) return { ok: false, afterMs, notValid: waiting };
    await delay(Math.min(options.intervalMs ?? 250, withinMs - afterMs), undefined, {
      signal: options.signal,
    }).catch(() => undefined);
  }
}

async function statusOrUnreachable(api: NodeApi, txId: string): Promise<NotValid['status']> {
  try {
    return (await api.transactionStatus(txId)) ?? 'unknown';
  } catch {
    return 'unreachable';
  }
}
