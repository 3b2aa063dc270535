/**
 * GET / and GET /api/v1/: who this node is and where the API lives, shaped like BigchainDB's
 * (1.x gave public_key and keyring at the root; 2.x nests the v1 links under api.v1).
 */
import type { FastifyInstance } from 'fastify';
import type { ApiIdentity } from '../api-types.js';
import { rejectOtherMethods } from '../methods.js';

export const SOFTWARE = 'fedlab-node';
const DOCS = 'https://docs.bigchaindb.com/projects/server/en/v1.3.0/http-client-server-api.html';

export function apiV1Links(): Record<string, string> {
  const v1 = '/api/v1/';
  return {
    docs: DOCS,
    self: v1,
    transactions: `${v1}transactions/`,
    outputs: `${v1}outputs/`,
    assets: `${v1}assets/`,
    metadata: `${v1}metadata/`,
    blocks: `${v1}blocks/`,
    statuses: `${v1}statuses/`,
    votes: `${v1}votes/`,
    health: '/health',
  };
}

export function registerRootRoutes(
  app: FastifyInstance,
  opts: { identity: ApiIdentity; version: string },
): void {
  const links = apiV1Links();
  app.get('/', async () => ({
    software: SOFTWARE,
    version: opts.version,
    public_key: opts.identity.publicKey,
    keyring: opts.identity.keyring,
    docs: DOCS,
    api: { v1: links },
    _links: { api_v1: '/api/v1/', docs: DOCS },
  }));
  app.get('/api/v1/', async () => ({ ...links, _links: links }));
  rejectOtherMethods(app, '/', ['GET']);
  rejectOtherMethods(app, '/api/v1/', ['GET']);
}
