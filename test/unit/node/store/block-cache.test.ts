import type { Block } from '../../../../src/node/core/index.js';
import { BlockCache } from '../../../../src/node/store/block-cache.js';

const block = (id: string, txs: number): Block =>
  ({
    id,
    signature: 's',
    block: { timestamp: '1', transactions: new Array(txs).fill({}), node_pubkey: 'k', voters: [] },
  }) as Block;

describe('BlockCache', () => {
  test('evicts least recently used blocks beyond the transaction budget', () => {
    const cache = new BlockCache(10);
    cache.set(block('a', 4));
    cache.set(block('b', 4));
    expect(cache.get('a')?.id).toBe('a'); // a is now more recent than b
    cache.set(block('c', 4));
    expect(cache.get('b')).toBeUndefined();
    expect(cache.get('a')?.id).toBe('a');
    expect(cache.get('c')?.id).toBe('c');
  });
  test('keeps at least the newest block even when it alone exceeds the budget', () => {
    const cache = new BlockCache(2);
    cache.set(block('big', 5));
    expect(cache.size).toBe(1);
  });
});
