/**
 * GET / and GET /api/v1/: who this node is and where the API lives, shaped like BigchainDB's
 * (1.x gave public_key and keyring at the root; 2.x nests the v1 links under api.v1).
 */
import type { FastifyInstance } from 'fastify';
import { API_PATHS, type RootAnswer } from '../../../protocol/index.js';
import type { ApiIdentity } from '../api-types.js';
import { rejectOtherMethods } from '../methods.js';

export const SOFTWARE = 'fedlab-node';
const DOCS = 'https://docs.bigchaindb.com/projects/server/en/v1.3.0/http-client-server-api.html';

export function apiV1Links(): Record<string, string> {
  const v1 = API_PATHS.v1;
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
    health: API_PATHS.health,
  };
}

export function registerRootRoutes(
  app: FastifyInstance,
  opts: { identity: ApiIdentity; version: string },
): void {
  const links = apiV1Links();
  app.get(API_PATHS.root, async (): Promise<RootAnswer> => ({
    software: SOFTWARE,
    version: opts.version,
    public_key: opts.identity.publicKey,
    keyring: opts.identity.keyring,
    docs: DOCS,
    api: { v1: links },
    _links: { api_v1: API_PATHS.v1, docs: DOCS },
  }));
  app.get(API_PATHS.v1, async () => ({ ...links, _links: links }));
  rejectOtherMethods(app, API_PATHS.root, ['GET']);
  rejectOtherMethods(app, API_PATHS.v1, ['GET']);
}
