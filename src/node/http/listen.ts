/** Listening on server.bind, and the URL clients (and tests) use to reach the API. */
import type { FastifyInstance } from 'fastify';
import { FedlabError } from '../../shared/errors.js';
import { parseBind } from '../config/bind.js';

/** server.bind cannot be listened on (port taken, no such address, privileged port). */
export class ListenError extends FedlabError {
  constructor(bind: string, reason: string, cause: unknown) {
    super(
      'LISTEN_FAILED',
      `cannot listen on ${bind}: ${reason}; stop what holds it, or set server.bind (BIGCHAINDB_SERVER_BIND)`,
      { details: { bind }, cause },
    );
  }
}

const LISTEN_PROBLEMS: Readonly<Record<string, string>> = {
  EADDRINUSE: 'the address is already in use',
  EADDRNOTAVAIL: 'no such address on this host',
  EACCES: 'permission denied',
  ENOTFOUND: 'the host name does not resolve',
};

export interface ListeningApi {
  /** e.g. http://127.0.0.1:9984 (the actual port when bound to port 0). */
  url: string;
  port: number;
}

export async function listenApi(app: FastifyInstance, bind: string): Promise<ListeningApi> {
  const { host, port } = parseBind(bind);
  try {
    await app.listen({ host, port });
  } catch (cause) {
    const code = (cause as NodeJS.ErrnoException).code ?? '';
    const reason = LISTEN_PROBLEMS[code];
    throw reason === undefined ? cause : new ListenError(bind, `${reason} (${code})`, cause);
  }
  const address = app.server.address();
  const actualPort = typeof address === 'object' && address !== null ? address.port : port;
  const shownHost =
    host === '0.0.0.0' || host === '::' ? 'localhost' : host.includes(':') ? `[${host}]` : host;
  return { url: `http://${shownHost}:${actualPort}`, port: actualPort };
}
