/**
 * The load of the node bench, the same for every engine: clients post CREATEs (async) through
 * all nodes for a fixed time, we wait for the backlog to drain and count what became VALID; then
 * a shorter commit-mode phase measures POST latency. Every loop is bounded in time and stops
 * early when the signal aborts.
 */
import { performance } from 'node:perf_hooks';
import {
  generateKeypair,
  makeCreate,
  makeOutput,
  signTransaction,
  type Keypair,
} from '../node/core/index.js';
import type { RunningNode } from '../node/runtime/index.js';
import { notYet, pollUntil, ready } from '../shared/poll.js';

export interface LoadOptions {
  seconds: number;
  clients: number;
  commitSeconds: number;
  signal: AbortSignal;
}

export interface LoadResult {
  posted: number;
  postErrors: number;
  valid: number;
  /** From the first async POST until the backlog was empty. */
  elapsedS: number;
  validPerS: number;
  commitOk: number;
  commitErrors: number;
  p50Ms: number;
  p99Ms: number;
}

const DRAIN_TIMEOUT_MS = 120_000;
const COUNT_TIMEOUT_MS = 60_000;

function createTx(owner: Keypair, n: number): ReturnType<typeof signTransaction> {
  const unsigned = makeCreate({
    asset: { bench: n, at: Date.now() },
    outputs: [makeOutput(owner.publicKey)],
    issuers: [owner.publicKey],
  });
  return signTransaction(unsigned, [owner.privateKey]);
}

/** Clients post for `ms`; each client waits for its POST before the next one. */
async function postPhase(
  nodes: readonly RunningNode[],
  clients: number,
  ms: number,
  mode: 'async' | 'commit',
  signal: AbortSignal,
): Promise<{ ids: string[]; latencies: number[]; errors: number }> {
  const owner = generateKeypair();
  const ids: string[] = [];
  const latencies: number[] = [];
  let errors = 0;
  let n = 0;
  const deadline = performance.now() + ms;
  const client = async (c: number): Promise<void> => {
    while (performance.now() < deadline && !signal.aborted) {
      const tx = createTx(owner, n++);
      const node = nodes[(c + n) % nodes.length] as RunningNode;
      const t0 = performance.now();
      try {
        await node.submit(tx, mode);
        latencies.push(performance.now() - t0);
        ids.push(tx.id);
      } catch {
        errors++;
      }
    }
  };
  await Promise.all(Array.from({ length: clients }, (_, c) => client(c)));
  return { ids, latencies, errors };
}

/** Wait (bounded) until nothing is left in the backlog; returns when that happened. */
async function waitDrained(node: RunningNode, signal: AbortSignal): Promise<number> {
  const drained = async () => ((await node.store.counts()).backlog === 0 ? ready(true) : notYet('backlog'));
  // A bench reports what it reached: a timeout or abort ends the wait, it does not fail the run.
  await pollUntil(drained, {
    what: 'an empty backlog',
    timeoutMs: DRAIN_TIMEOUT_MS,
    intervalMs: 250,
    signal,
  }).catch(() => undefined);
  return performance.now();
}

async function countValid(node: RunningNode, ids: string[], signal: AbortSignal): Promise<number> {
  const settled = new Set(['valid', 'invalid', null]);
  let pending = ids;
  const allSettled = async () => {
    const statuses = await Promise.all(pending.map((id) => node.store.getTransactionStatus(id)));
    pending = pending.filter((_, i) => !settled.has(statuses[i] ?? null));
    return pending.length === 0 ? ready(true) : notYet(`${pending.length} transactions undecided`);
  };
  const what = 'every transaction decided';
  await pollUntil(allSettled, { what, timeoutMs: COUNT_TIMEOUT_MS, intervalMs: 500, signal }).catch(
    () => undefined,
  );
  const final = await Promise.all(ids.map((id) => node.store.getTransactionStatus(id)));
  return final.filter((s) => s === 'valid').length;
}

export function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
}

export async function runLoad(nodes: readonly RunningNode[], options: LoadOptions): Promise<LoadResult> {
  const first = nodes[0];
  if (first === undefined) throw new Error('the bench needs at least one node');
  const started = performance.now();
  const posted = await postPhase(nodes, options.clients, options.seconds * 1000, 'async', options.signal);
  const drainedAt = await waitDrained(first, options.signal);
  const valid = await countValid(first, posted.ids, options.signal);
  const elapsedS = (drainedAt - started) / 1000;
  const commitClients = Math.max(1, Math.floor(options.clients / 3));
  const commit = await postPhase(
    nodes,
    commitClients,
    options.commitSeconds * 1000,
    'commit',
    options.signal,
  );
  return {
    posted: posted.ids.length,
    postErrors: posted.errors,
    valid,
    elapsedS,
    validPerS: valid / elapsedS,
    commitOk: commit.latencies.length,
    commitErrors: commit.errors,
    p50Ms: percentile(commit.latencies, 50),
    p99Ms: percentile(commit.latencies, 99),
  };
}

/** The per-engine lines the bench printed before it compared engines. */
export function loadLines(result: LoadResult, seconds: number): string[] {
  return [
    `async: posted ${result.posted} (${(result.posted / seconds).toFixed(0)}/s, ${result.postErrors} errors), ` +
      `VALID ${result.valid} in ${result.elapsedS.toFixed(1)} s => ${result.validPerS.toFixed(1)} VALID tx/s`,
    `commit: ${result.commitOk} ok, ${result.commitErrors} errors; POST latency p50 ${result.p50Ms.toFixed(0)} ms, ` +
      `p99 ${result.p99Ms.toFixed(0)} ms`,
  ];
}
