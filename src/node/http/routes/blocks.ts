/**
 * GET /api/v1/blocks?transaction_id=&status=  -> ids of the blocks holding the transaction
 * GET /api/v1/blocks/{id}                     -> the block {id, block, signature}
 * GET /api/v1/votes?block_id=                 -> the votes stored for the block ([] if none)
 * GET /api/v1/statuses?transaction_id=|block_id= -> {status: backlog|undecided|valid|invalid}
 */
import type { FastifyInstance } from 'fastify';
import { API_PATHS, BLOCK_STATUSES, type BlockStatus, type StatusAnswer } from '../../../protocol/index.js';
import type { ApiLedger } from '../api-types.js';
import { HttpError } from '../http-error.js';
import { rejectOtherMethods } from '../methods.js';
import { ID, ID_PARAMS } from '../query-schemas.js';

const blocksSchema = {
  querystring: {
    type: 'object',
    required: ['transaction_id'],
    properties: { transaction_id: ID, status: { type: 'string', enum: BLOCK_STATUSES } },
  },
} as const;

const votesSchema = {
  querystring: { type: 'object', required: ['block_id'], properties: { block_id: ID } },
} as const;

const statusesSchema = {
  querystring: { type: 'object', properties: { transaction_id: ID, block_id: ID } },
} as const;

async function blockIds(ledger: ApiLedger, txId: string, status: BlockStatus | undefined): Promise<string[]> {
  const ids = await ledger.getBlockIdsContaining(txId);
  if (status === undefined) return ids;
  const statuses = await Promise.all(ids.map((id) => ledger.getBlockStatus(id)));
  return ids.filter((_, i) => statuses[i] === status);
}

async function statusOf(
  ledger: ApiLedger,
  query: { transaction_id?: string; block_id?: string },
): Promise<StatusAnswer['status']> {
  const { transaction_id: txId, block_id: blockId } = query;
  if ((txId === undefined) === (blockId === undefined)) {
    throw new HttpError(400, 'give exactly one of the query parameters transaction_id or block_id');
  }
  if (txId !== undefined) {
    const status = await ledger.getTransactionStatus(txId);
    if (status === null) throw new HttpError(404, `no transaction with id ${txId}`);
    return status;
  }
  const status = await ledger.getBlockStatus(blockId ?? '');
  if (status === null) throw new HttpError(404, `no block with id ${blockId ?? ''}`);
  return status;
}

export function registerBlockRoutes(app: FastifyInstance, ledger: ApiLedger): void {
  app.get<{ Querystring: { transaction_id: string; status?: BlockStatus } }>(
    API_PATHS.blocks,
    { schema: blocksSchema },
    async (request) => blockIds(ledger, request.query.transaction_id, request.query.status),
  );
  app.get<{ Params: { id: string } }>(API_PATHS.block, { schema: { params: ID_PARAMS } }, async (request) => {
    const block = await ledger.getBlock(request.params.id);
    if (block === null) throw new HttpError(404, `no block with id ${request.params.id}`);
    return block;
  });
  app.get<{ Querystring: { block_id: string } }>(API_PATHS.votes, { schema: votesSchema }, async (request) =>
    ledger.getVotes(request.query.block_id),
  );
  app.get<{ Querystring: { transaction_id?: string; block_id?: string } }>(
    API_PATHS.statuses,
    { schema: statusesSchema },
    async (request): Promise<StatusAnswer> => ({ status: await statusOf(ledger, request.query) }),
  );
  for (const url of [API_PATHS.blocks, API_PATHS.block, API_PATHS.votes, API_PATHS.statuses]) {
    rejectOtherMethods(app, url, ['GET']);
  }
}
