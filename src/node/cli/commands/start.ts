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

async function stopAll(app: FastifyInstance | undefined, node: RunningNode): Promise<void> {
  try {
    await app?.close();
  } finally {
    await node.stop();
  }
}

export async function startCommand(ctx: CliContext): Promise<void> {
  const loaded = await load(ctx);
  requireKeypair(loaded);
  const { config } = loaded;
  const logger = nodeLogger(ctx, config, 'start');
  const shutdown = ctx.waitForShutdown();
  const node = await startNode(config, { logger });
  let app: FastifyInstance | undefined;
  try {
    app = createApi(
      apiOptionsForNode(node, {
        logger,
        keyring: config.keyring,
        bodyLimitBytes: config.server.body_limit_bytes,
        commitTimeoutMs: config.server.commit_timeout_ms,
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
