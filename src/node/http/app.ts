/**
 * The node's HTTP API (BigchainDB HTTP API v1 paths and shapes, so that bigchaindb-driver works
 * unchanged). Built on fastify because it gives us, without extra code: JSON-schema-validated
 * query strings and bodies (ajv, 400 with the failing field), a request body limit (413), one
 * error handler for everything (our `{status, message}` JSON), `inject()` for tests without a
 * socket, and a graceful `close()` that waits for in-flight requests.
 */
import Fastify, {
  type FastifyError,
  type FastifyInstance,
  type FastifyReply,
  type FastifyRequest,
} from 'fastify';
import type { IncomingMessage } from 'node:http';
import type { Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import type { ApiOptions } from './api-types.js';
import { errorReply, HttpError, type ErrorBody } from './http-error.js';
import { softwareVersion } from './version.js';
import { registerRootRoutes } from './routes/root.js';
import { registerTransactionRoutes } from './routes/transactions.js';
import { registerQueryRoutes } from './routes/queries.js';
import { registerBlockRoutes } from './routes/blocks.js';
import { registerHealthRoute } from './routes/health.js';
import { installReadAccess, OPEN_READ_ACCESS, type ReadAccessGuard } from './read-access.js';

export const DEFAULT_BODY_LIMIT_BYTES = 65_536;
export const DEFAULT_COMMIT_TIMEOUT_MS = 15_000;
/**
 * How long a client may take to send one whole request (headers and body). Fastify's default, 0,
 * lets a request whose body never ends hold its connection forever; Node answers 408 (JSON, via
 * clientErrorHandler). It bounds receiving only: a commit-mode answer may take longer.
 */
export const REQUEST_TIMEOUT_MS = 30_000;

/**
 * A malformed HTTP request never reaches a route; answer it in our JSON shape too. An answer to
 * HEAD has no body (a client would take the body for a second, broken response).
 */
function clientErrorHandler(err: Error & { code?: string }, socket: Socket): void {
  if (err.code === 'ECONNRESET' || socket.destroyed) return;
  const status =
    err.code === 'HPE_HEADER_OVERFLOW' ? 431 : err.code === 'ERR_HTTP_REQUEST_TIMEOUT' ? 408 : 400;
  const body = JSON.stringify({ status, message: `malformed HTTP request (${err.code ?? err.message})` });
  const raw = (err as { rawPacket?: unknown }).rawPacket; // Node's parse errors carry the bytes read
  const head = Buffer.isBuffer(raw) && raw.subarray(0, 5).toString('latin1') === 'HEAD ';
  if (socket.writable) {
    socket.write(
      `HTTP/1.1 ${status} Error\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n` +
        `Connection: close\r\n\r\n${head ? '' : body}`,
    );
  }
  socket.destroy(err);
}

/** Node drops a CONNECT without a word unless someone listens; we are no proxy: say so in JSON. */
function refuseConnect(_request: IncomingMessage, socket: Duplex): void {
  socket.on('error', () => socket.destroy()); // a reset by the client is no concern of ours
  const body = JSON.stringify({ status: 405, message: 'method CONNECT is not allowed: this is no proxy' });
  socket.end(
    `HTTP/1.1 405 Method Not Allowed\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n` +
      `Connection: close\r\n\r\n${body}`,
  );
}

/**
 * Fastify answers a path that does not percent-decode (400) and a path parameter over its length
 * limit (414) itself, before any hook, as `{error, code, message, statusCode}`: answer them in
 * our JSON shape too (found by the fuzz suite).
 */
function frameworkErrors(error: FastifyError, _request: FastifyRequest, reply: FastifyReply): void {
  const code = error.statusCode;
  const status = code !== undefined && code >= 400 && code < 500 ? code : 400;
  void reply.code(status).type('application/json').send({ status, message: error.message });
}

function installErrorHandling(app: FastifyInstance, options: ApiOptions, access: ReadAccessGuard): void {
  const log = options.logger.child({ component: 'http' });
  app.setNotFoundHandler(async (request) => {
    throw new HttpError(404, `no such resource: ${request.method} ${request.url.split('?')[0] ?? ''}`);
  });
  app.setErrorHandler(async (error: FastifyError, request, reply) => {
    const known = access.answerFor(request, error, errorReply(error));
    const body: ErrorBody = known
      ? { status: known.status, message: known.message }
      : { status: 500, message: 'internal error; the node logged the details' };
    if (known?.retryAfterSec !== undefined) void reply.header('Retry-After', String(known.retryAfterSec));
    if (known === null) {
      log.error('http.unexpected_error', {
        method: request.method,
        url: request.url,
        error,
        stack: error.stack,
      });
    } else if (body.status >= 500) {
      log.warn('http.error', { method: request.method, url: request.url, status: body.status, error });
    }
    return reply.code(body.status).type('application/json').send(body);
  });
  app.addHook('onResponse', async (request, reply) => {
    log.debug('http.request', {
      method: request.method,
      url: request.url,
      status: reply.statusCode,
      ms: Math.round(reply.elapsedTime),
    });
  });
}

/** The API as a fastify instance (not listening; see listenApi). */
export function createApi(options: ApiOptions): FastifyInstance {
  const app = Fastify({
    logger: false, // we log through the node's structured logger (public key on every line)
    bodyLimit: options.bodyLimitBytes ?? DEFAULT_BODY_LIMIT_BYTES,
    routerOptions: { ignoreTrailingSlash: true },
    // Requests arriving while we close get our JSON 503 from the shutdown hook instead.
    return503OnClosing: false,
    requestTimeout: REQUEST_TIMEOUT_MS,
    clientErrorHandler,
    frameworkErrors,
  });
  app.server.on('connect', refuseConnect);
  const shutdown = new AbortController();
  app.addHook('onRequest', async () => {
    if (shutdown.signal.aborted)
      throw new HttpError(503, 'the node is shutting down; retry on another member');
  });
  app.addHook('preClose', async () => shutdown.abort());
  installErrorHandling(app, options, installReadAccess(app, options.readAccess ?? OPEN_READ_ACCESS));
  const identity = options.identity;
  registerRootRoutes(app, { identity, version: options.version ?? softwareVersion() });
  registerTransactionRoutes(app, {
    ledger: options.ledger,
    ingest: options.ingest,
    commitTimeoutMs: options.commitTimeoutMs ?? DEFAULT_COMMIT_TIMEOUT_MS,
    shutdown: shutdown.signal,
  });
  registerQueryRoutes(app, options.ledger);
  registerBlockRoutes(app, options.ledger);
  registerHealthRoute(app, options.health);
  return app;
}
