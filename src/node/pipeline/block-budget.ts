/**
 * How many of the valid rows one block takes (pure): at most `maxTxs`, and never more than a
 * block can store (core/storable.ts): their JSON together at most maxBlockTxBytes, and at most
 * maxBlockIndexEntries entries in each multi-index of `bigchain` (transaction ids, output
 * public keys, spent outputs), beyond which RethinkDB silently leaves the block out of that
 * index. The first row is always taken: alone it is within limits (ingest checked its size).
 */
import { STORABLE_LIMITS, type Transaction } from '../core/index.js';

interface Cost {
  bytes: number;
  keys: number;
  spends: number;
}

function costOf(tx: Transaction): Cost {
  return {
    bytes: Buffer.byteLength(JSON.stringify(tx), 'utf8'),
    keys: tx.outputs.reduce((n, o) => n + o.public_keys.length, 0),
    spends: tx.inputs.filter((i) => i.fulfills !== null).length,
  };
}

export function takeForBlock(txs: readonly Transaction[], maxTxs: number): Transaction[] {
  const limit = STORABLE_LIMITS;
  const total: Cost = { bytes: 0, keys: 0, spends: 0 };
  const taken: Transaction[] = [];
  for (const tx of txs) {
    if (taken.length >= Math.min(maxTxs, limit.maxBlockIndexEntries)) break;
    const c = costOf(tx);
    const fits =
      total.bytes + c.bytes <= limit.maxBlockTxBytes &&
      total.keys + c.keys <= limit.maxBlockIndexEntries &&
      total.spends + c.spends <= limit.maxBlockIndexEntries;
    if (!fits && taken.length > 0) break;
    taken.push(tx);
    total.bytes += c.bytes;
    total.keys += c.keys;
    total.spends += c.spends;
  }
  return taken;
}
