import { buildCreate } from '../../protocol/index.js';
import { generateKeypair } from '../../shared/crypto/index.js';
import { NodeApi } from '../node-api/node-api.js';
import type { LoadTarget } from './deps.js';

const TIMEOUT_MS = 5_000;
const apiOf = (via: LoadTarget): NodeApi => new NodeApi(via.apiUrl, TIMEOUT_MS);

/** Posts a fresh CREATE (a new key, so it spends nothing) through `via`; returns its id. */
export async function postProbe(via: LoadTarget, data: Record<string, unknown>): Promise<string> {
  const tx = buildCreate(generateKeypair(), { probe: data });
  await apiOf(via).postTransaction(tx, 'async');
  return tx.id;
}

/** The VALID blocks holding the transaction, as `via` reports them. */
export const validBlocksHolding = (via: LoadTarget, txId: string): Promise<string[]> =>
  apiOf(via).validBlockIds(txId);

/** The public keys of the nodes that voted on the block, as `via` reports them. */
export const votersOf = (via: LoadTarget, blockId: string): Promise<string[]> => apiOf(via).voters(blockId);

/** The membership epoch the node follows (its /health report), undefined when it does not say. */
export async function epochOf(via: LoadTarget): Promise<number | undefined> {
  const health = (await apiOf(via).health()).body as { membership?: { epoch?: unknown } };
  const epoch = health.membership?.epoch;
  return typeof epoch === 'number' ? epoch : undefined;
}

/** The epoch a block was made in, as `via` serves it (absent: 0). */
export const blockEpochOf = (via: LoadTarget, blockId: string): Promise<number> =>
  apiOf(via).blockEpoch(blockId);
