/**
 * GET /api/v1/outputs?public_key=&spent=  -> [{transaction_id, output_index}] (BigchainDB 2.x)
 * GET /api/v1/assets?search=&limit=       -> [{id, data}]
 * GET /api/v1/metadata?search=&limit=     -> [{id, metadata}]
 * All over transactions in VALID blocks only.
 */
import type { FastifyInstance } from 'fastify';
import { API_PATHS } from '../../../protocol/index.js';
import type { ApiLedger } from '../api-types.js';
import { rejectOtherMethods } from '../methods.js';
import { ID, limitSchema } from '../query-schemas.js';

const outputsSchema = {
  querystring: {
    type: 'object',
    required: ['public_key'],
    properties: { public_key: ID, spent: { type: 'boolean' } },
  },
} as const;

const searchSchema = {
  querystring: {
    type: 'object',
    required: ['search'],
    properties: { search: { type: 'string', minLength: 1, maxLength: 1000 }, limit: limitSchema },
  },
} as const;

interface SearchQuery {
  search: string;
  limit: number;
}

export function registerQueryRoutes(app: FastifyInstance, ledger: ApiLedger): void {
  app.get<{ Querystring: { public_key: string; spent?: boolean } }>(
    API_PATHS.outputs,
    { schema: outputsSchema },
    async (request) => ledger.getOutputs(request.query.public_key, request.query.spent),
  );
  app.get<{ Querystring: SearchQuery }>(API_PATHS.assets, { schema: searchSchema }, async (request) =>
    ledger.searchAssets(request.query.search, request.query.limit),
  );
  app.get<{ Querystring: SearchQuery }>(API_PATHS.metadata, { schema: searchSchema }, async (request) =>
    ledger.searchMetadata(request.query.search, request.query.limit),
  );
  for (const url of [API_PATHS.outputs, API_PATHS.assets, API_PATHS.metadata]) {
    rejectOtherMethods(app, url, ['GET']);
  }
}
