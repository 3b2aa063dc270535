/**
 * POST /api/v1/transactions?mode=async|sync|commit, GET /api/v1/transactions/{id} and
 * GET /api/v1/transactions?asset_id=&operation=.
 *
 * GET /transactions/{id} answers only transactions in a VALID block (as BigchainDB 1.x did); a
 * transaction still in the backlog, in an undecided block or only in invalid blocks is a 404
 * whose message names its status (GET /statuses gives it as data). Clients that poll after an
 * async post therefore see the transaction only once it is final.
 */
import type { FastifyInstance } from 'fastify';
import { API_PATHS, SUBMIT_MODES, type SubmitMode } from '../../../protocol/index.js';
import type { ApiIngest, ApiLedger } from '../api-types.js';
import { HttpError } from '../http-error.js';
import { rejectOtherMethods } from '../methods.js';
import { ID, ID_PARAMS } from '../query-schemas.js';
import { submitWithDeadline } from '../submit.js';

export interface TransactionRouteOptions {
  ledger: ApiLedger;
  ingest: ApiIngest;
  commitTimeoutMs: number;
  shutdown: AbortSignal;
}

const postSchema = {
  querystring: {
    type: 'object',
    properties: { mode: { type: 'string', enum: SUBMIT_MODES, default: 'async' } },
  },
  body: { type: 'object' },
} as const;

const listSchema = {
  querystring: {
    type: 'object',
    required: ['asset_id'],
    properties: { asset_id: ID, operation: { type: 'string', enum: ['CREATE', 'TRANSFER'] } },
  },
} as const;

async function getValidTransaction(ledger: ApiLedger, id: string): Promise<unknown> {
  const found = await ledger.getTransaction(id);
  if (found === null) throw new HttpError(404, `no transaction with id ${id}`);
  if (found.status !== 'valid') {
    throw new HttpError(
      404,
      `transaction ${id} is not in a valid block (status: ${found.status}); see GET /api/v1/statuses?transaction_id=${id}`,
    );
  }
  return found.tx;
}

export function registerTransactionRoutes(app: FastifyInstance, opts: TransactionRouteOptions): void {
  app.post<{ Querystring: { mode: SubmitMode }; Body: Record<string, unknown> }>(
    API_PATHS.transactions,
    { schema: postSchema },
    async (request, reply) => {
      const mode = request.query.mode;
      await submitWithDeadline(opts.ingest, request.body, mode, opts.commitTimeoutMs, opts.shutdown);
      // BigchainDB answers with the posted transaction itself.
      return reply.code(mode === 'async' ? 202 : 200).send(request.body);
    },
  );
  app.get<{ Querystring: { asset_id: string; operation?: 'CREATE' | 'TRANSFER' } }>(
    API_PATHS.transactions,
    { schema: listSchema },
    async (request) => opts.ledger.getTransactionsByAsset(request.query.asset_id, request.query.operation),
  );
  app.get<{ Params: { id: string } }>(
    API_PATHS.transaction,
    { schema: { params: ID_PARAMS } },
    async (request) => getValidTransaction(opts.ledger, request.params.id),
  );
  rejectOtherMethods(app, API_PATHS.transactions, ['GET', 'POST']);
  rejectOtherMethods(app, API_PATHS.transaction, ['GET']);
}
