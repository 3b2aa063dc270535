/**
 * `bigchaindb start`: init the database if needed, start the pipelines (runtime), then the HTTP
 * API on server.bind. On SIGTERM/SIGINT: stop taking HTTP requests (in-flight ones finish or
 * get 503), then stop the runtime, so nothing is cut half-way.
 */
import { requireKeypair } from '../../config/load.js';
import { apiOptionsForNode, createApi, listenApi } from '../../http/index.js';
import { startNode, type RunningNode } from '../../runtime/index.js';
import { load, nodeLogger, type CliContext } from '../context.js';
import type { FastifyInstance } from 'fastify';
import type { Logger } from '../../../shared/log.js';
import { readAccessOf } from '../../http/read-access-config.js';

async function stopAll(app: FastifyInstance | undefined, node: RunningNode): Promise<void> {
  try {
    await app?.close();
  } finally {
    await node.stop();
  }
}

/**
 * The started node, or undefined when a stop signal came first: the signal handler replaced the
 * default "terminate", so without this a SIGTERM while the database is still being reached would
 * be ignored until the connect timeout (30 s; `docker stop` gives 10 s, then SIGKILL).
 */
async function startOrStop(
  starting: Promise<RunningNode>,
  shutdown: Promise<string>,
  logger: Logger,
): Promise<RunningNode | undefined> {
  const first = await Promise.race([
    starting.then((node) => ({ node })),
    shutdown.then((signal) => ({ signal })),
  ]);
  if ('node' in first) return first.node;
  logger.info('shutdown_requested', { signal: first.signal, while: 'starting' });
  // Still connecting: stop the node if it ever starts (the CLI process exits before that).
  starting.then((node) => node.stop()).catch(() => undefined);
  logger.info('shutdown_complete', {});
  return undefined;
}

export async function startCommand(ctx: CliContext): Promise<void> {
  const loaded = await load(ctx);
  requireKeypair(loaded);
  const { config } = loaded;
  const logger = nodeLogger(ctx, config, 'start');
  const shutdown = ctx.waitForShutdown();
  const node = await startOrStop(startNode(config, { logger }), shutdown, logger);
  if (node === undefined) return;
  let app: FastifyInstance | undefined;
  try {
    app = createApi(
      apiOptionsForNode(node, {
        logger,
        bodyLimitBytes: config.server.body_limit_bytes,
        commitTimeoutMs: config.server.commit_timeout_ms,
        readAccess: readAccessOf(config, logger),
      }),
    );
    const { url } = await listenApi(app, config.server.bind);
    logger.info('http_listening', { url, bind: config.server.bind });
    const signal = await shutdown;
    logger.info('shutdown_requested', { signal });
  } finally {
    await stopAll(app, node);
    logger.info('shutdown_complete', {});
  }
}
