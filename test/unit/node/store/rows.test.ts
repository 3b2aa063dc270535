import type { Block } from '../../../../src/node/core/index.js';
import { compareBlocks, voteKey } from '../../../../src/node/store/rows.js';

const block = (id: string, timestamp: string): Block => ({
  id,
  signature: 's',
  block: { timestamp, transactions: [], node_pubkey: 'k', voters: [] },
});

describe('rows', () => {
  test('blocks order by numeric timestamp, then id', () => {
    const sorted = [block('b', '100'), block('a', '100'), block('c', '99'), block('d', '1000')].sort(
      compareBlocks,
    );
    expect(sorted.map((b) => b.id)).toEqual(['c', 'a', 'b', 'd']);
  });
  test('vote keys fit RethinkDB primary keys (<= 127 chars)', () => {
    expect(voteKey('f'.repeat(64), '1'.repeat(44)).length).toBeLessThanOrEqual(127);
  });
});
