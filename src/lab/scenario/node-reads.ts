import { API_PATHS, buildCreate } from '../../protocol/index.js';
import { generateKeypair } from '../../shared/crypto/index.js';
import { NodeApiError } from '../errors.js';
import { NodeApi } from '../node-api/node-api.js';
import type { LoadTarget } from './deps.js';

const TIMEOUT_MS = 5_000;

/** Posts a fresh CREATE (a new key, so it spends nothing) through `via`; returns its id. */
export async function postProbe(via: LoadTarget, data: Record<string, unknown>): Promise<string> {
  const tx = buildCreate(generateKeypair(), { probe: data });
  await new NodeApi(via.apiUrl, TIMEOUT_MS).postTransaction(tx, 'async');
  return tx.id;
}

/** The VALID blocks holding the transaction, as `via` reports them. */
export async function validBlocksHolding(via: LoadTarget, txId: string): Promise<string[]> {
  const query = `?transaction_id=${encodeURIComponent(txId)}&status=valid`;
  const ids = await getJson(via, `${API_PATHS.blocks}${query}`);
  return Array.isArray(ids) ? ids.map(String) : [];
}

/** The public keys of the nodes that voted on the block, as `via` reports them. */
export async function votersOf(via: LoadTarget, blockId: string): Promise<string[]> {
  const votes = await getJson(via, `${API_PATHS.votes}?block_id=${encodeURIComponent(blockId)}`);
  if (!Array.isArray(votes)) return [];
  return votes.map((v: unknown) => String((v as { node_pubkey?: unknown }).node_pubkey));
}

/** The membership epoch the node follows (its /health report), undefined when it does not say. */
export async function epochOf(via: LoadTarget): Promise<number | undefined> {
  const health = (await new NodeApi(via.apiUrl, TIMEOUT_MS).health()).body as {
    membership?: { epoch?: unknown };
  };
  const epoch = health.membership?.epoch;
  return typeof epoch === 'number' ? epoch : undefined;
}

/** The epoch a block was made in, as `via` serves it (absent: 0). */
export async function blockEpochOf(via: LoadTarget, blockId: string): Promise<number> {
  const block = (await getJson(via, API_PATHS.block.replace(':id', encodeURIComponent(blockId)))) as {
    block?: { epoch?: unknown };
  };
  return typeof block.block?.epoch === 'number' ? block.block.epoch : 0;
}

async function getJson(via: LoadTarget, path: string): Promise<unknown> {
  const url = `${via.apiUrl}${path}`;
  let response: Response;
  try {
    response = await fetch(url, { signal: AbortSignal.timeout(TIMEOUT_MS) });
  } catch (cause) {
    throw new NodeApiError(url, 'no answer', cause);
  }
  if (!response.ok) throw new NodeApiError(url, `HTTP ${response.status}`);
  return response.json();
}
