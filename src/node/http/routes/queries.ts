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
import { HttpError } from '../http-error.js';
import { ID, limitSchema, MAX_LIMIT } from '../query-schemas.js';

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

/**
 * ajv's type coercion turns `limit=Infinity` into Infinity and lets it past `maximum`, which
 * would lift MAX_LIMIT (found by the fuzz suite): check the coerced number once more.
 */
function limitOf(query: SearchQuery): number {
  if (Number.isSafeInteger(query.limit)) return query.limit;
  throw new HttpError(400, `querystring/limit must be an integer from 1 to ${MAX_LIMIT}`);
}

export function registerQueryRoutes(app: FastifyInstance, ledger: ApiLedger): void {
  app.get<{ Querystring: { public_key: string; spent?: boolean } }>(
    API_PATHS.outputs,
    { schema: outputsSchema },
    async (request) => ledger.getOutputs(request.query.public_key, request.query.spent),
  );
  app.get<{ Querystring: SearchQuery }>(API_PATHS.assets, { schema: searchSchema }, async (request) =>
    ledger.searchAssets(request.query.search, limitOf(request.query)),
  );
  app.get<{ Querystring: SearchQuery }>(API_PATHS.metadata, { schema: searchSchema }, async (request) =>
    ledger.searchMetadata(request.query.search, limitOf(request.query)),
  );
  for (const url of [API_PATHS.outputs, API_PATHS.assets, API_PATHS.metadata]) {
    rejectOtherMethods(app, url, ['GET']);
  }
}
