/**
 * Fastify answers an unsupported method on a known path with 404; BigchainDB (Flask) answered
 * 405, which tells a client its URL is right. This registers the other methods of a path as
 * 405 routes with an `Allow` header.
 */
import type { FastifyInstance } from 'fastify';
import { HttpError } from './http-error.js';

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE' | 'OPTIONS';
const METHODS: readonly Method[] = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'];

export function rejectOtherMethods(app: FastifyInstance, url: string, allowed: readonly Method[]): void {
  const others = METHODS.filter((m) => !allowed.includes(m));
  const allow = [...allowed, ...(allowed.includes('GET') ? ['HEAD'] : [])].join(', ');
  app.route({
    method: others,
    url,
    handler: async (request, reply) => {
      void reply.header('allow', allow);
      throw new HttpError(405, `method ${request.method} is not allowed on ${url}; allowed: ${allow}`);
    },
  });
}
