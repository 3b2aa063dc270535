/** A block's status, as its election decides it (GET /api/v1/statuses?block_id=, ?status= filter). */
export type BlockStatus = 'valid' | 'undecided' | 'invalid';
export const BLOCK_STATUSES: readonly BlockStatus[] = ['valid', 'undecided', 'invalid'];

/** A transaction's status (GET /api/v1/statuses?transaction_id=): a block status, or still waiting. */
export type TxStatus = BlockStatus | 'backlog';
