// Benchmark of the federation node's pipeline on both database engines, side by side: three
// in-process nodes on one reqlite process (reqlite), then on a real three-server RethinkDB cluster
// in containers, node i on server i with every table on 3 replicas and write_acks majority
// (rethinkdb). Per engine, clients post CREATE transactions (mode=async) through all three for
// `--seconds`, we wait for the backlog to drain and count what became VALID; a shorter phase
// posts in mode=commit for p50/p99 latency. Goes through the runtime API (what the HTTP layer
// calls), not HTTP. Every loop is bounded in time; Ctrl-C stops the load and removes the cluster.
//
//   node dist/bench/node-bench.js [--engine reqlite|rethinkdb|both] [--seconds 30] [--clients 24]
//                                 [--commit-seconds 10] [--db HOST:PORT]  (reqlite: use this server)
//                                 [--rethinkdb-image IMAGE]  (default: images/versions.json)
// Exit code 1 when an engine asked for did not complete (e.g. no RethinkDB image), 130 on Ctrl-C.
import { randomBytes } from 'node:crypto';
import Docker from 'dockerode';
import { describeError } from '../shared/errors.js';
import { parseBenchArgs } from './bench-args.js';
import { checkDockerImage, removeLabelled } from './bench-docker.js';
import { runEngine, type EngineOutcome } from './engine-run.js';
import { resultTable } from './result-table.js';

/** First Ctrl-C: abort (loops stop, cleanup runs). Second: remove this run's containers, exit now. */
function onInterrupt(controller: AbortController, runId: string): () => void {
  let count = 0;
  const handler = (signal: NodeJS.Signals): void => {
    count += 1;
    if (count === 1) {
      console.error(`\n${signal}: stopping and removing what the bench started (again: remove and exit now)`);
      controller.abort();
      return;
    }
    void removeLabelled(new Docker(), runId)
      .catch(() => undefined)
      .finally(() => process.exit(130));
  };
  process.on('SIGINT', handler);
  process.on('SIGTERM', handler);
  return () => {
    process.off('SIGINT', handler);
    process.off('SIGTERM', handler);
  };
}

/** Why the rethinkdb engine cannot run here (no Docker engine, no image), or undefined. */
async function rethinkdbBlocker(image: string): Promise<string | undefined> {
  try {
    await checkDockerImage(new Docker(), image);
    return undefined;
  } catch (e) {
    return describeError(e);
  }
}

async function main(): Promise<number> {
  const args = parseBenchArgs(process.argv.slice(2));
  const runId = randomBytes(4).toString('hex');
  const controller = new AbortController();
  const release = onInterrupt(controller, runId);
  try {
    const blocker = args.engines.includes('rethinkdb')
      ? await rethinkdbBlocker(args.rethinkdbImage)
      : undefined;
    if (blocker !== undefined) console.error(`rethinkdb: cannot run: ${blocker}`);
    console.log(
      `node bench ${runId}: ${args.seconds} s async + ${args.commitSeconds} s commit, ${args.clients} clients`,
    );
    const outcomes: EngineOutcome[] = [];
    for (const engine of args.engines) {
      if (controller.signal.aborted) outcomes.push({ engine, problem: 'interrupted' });
      else if (engine === 'rethinkdb' && blocker !== undefined)
        outcomes.push({ engine, problem: 'not run (why: below)' });
      else outcomes.push(await runEngine(engine, { ...args, runId, signal: controller.signal }));
    }
    console.log('');
    for (const line of resultTable(outcomes)) console.log(line);
    if (blocker !== undefined) console.error(`\nrethinkdb did not run: ${blocker}`);
    if (controller.signal.aborted) return 130;
    return outcomes.some((o) => o.problem !== undefined) ? 1 : 0;
  } finally {
    release();
  }
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (e: unknown) => {
    console.error(describeError(e));
    process.exitCode = 1;
  },
);
