/**
 * The node's HTTP API (BigchainDB's v1 paths plus /health): the paths the node serves
 * (src/node/http) and the lab calls (src/lab/node-api), and the shapes of the answers both read.
 */
import type { BlockStatus, TxStatus } from './status.js';

export const API_V1 = '/api/v1/';

/** Every path the API serves (`:id` is a path parameter). */
export const API_PATHS = {
  root: '/',
  v1: API_V1,
  transactions: '/api/v1/transactions',
  transaction: '/api/v1/transactions/:id',
  outputs: '/api/v1/outputs',
  assets: '/api/v1/assets',
  metadata: '/api/v1/metadata',
  blocks: '/api/v1/blocks',
  block: '/api/v1/blocks/:id',
  votes: '/api/v1/votes',
  statuses: '/api/v1/statuses',
  health: '/health',
} as const;

/** POST /api/v1/transactions?mode=: answer once queued, once validated, or once in a VALID block. */
export type SubmitMode = 'async' | 'sync' | 'commit';
export const SUBMIT_MODES: readonly SubmitMode[] = ['async', 'sync', 'commit'];

/** The path and query of POST /api/v1/transactions in `mode`. */
export const submitPath = (mode: SubmitMode): string => `${API_PATHS.transactions}?mode=${mode}`;

/** The path and query of GET /api/v1/statuses for one transaction. */
export const txStatusPath = (txId: string): string =>
  `${API_PATHS.statuses}?transaction_id=${encodeURIComponent(txId)}`;

/** GET /api/v1/statuses answer. */
export interface StatusAnswer {
  status: TxStatus | BlockStatus;
}

/** GET /: who the node is (BigchainDB 1.x gave public_key and keyring at the root). */
export interface RootAnswer {
  software: string;
  version: string;
  public_key: string;
  keyring: readonly string[];
  docs: string;
  api: { v1: Record<string, string> };
  _links: { api_v1: string; docs: string };
}

/** Every error answer of the API. */
export interface ErrorAnswer {
  status: number;
  message: string;
}
