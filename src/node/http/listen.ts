/** Listening on server.bind, and the URL clients (and tests) use to reach the API. */
import type { FastifyInstance } from 'fastify';
import { parseBind } from '../config/bind.js';

export interface ListeningApi {
  /** e.g. http://127.0.0.1:9984 (the actual port when bound to port 0). */
  url: string;
  port: number;
}

export async function listenApi(app: FastifyInstance, bind: string): Promise<ListeningApi> {
  const { host, port } = parseBind(bind);
  await app.listen({ host, port });
  const address = app.server.address();
  const actualPort = typeof address === 'object' && address !== null ? address.port : port;
  const shownHost =
    host === '0.0.0.0' || host === '::' ? 'localhost' : host.includes(':') ? `[${host}]` : host;
  return { url: `http://${shownHost}:${actualPort}`, port: actualPort };
}
