/** Transactions, blocks and votes shaped like spec v2.0 / BigchainDB 0.x (not signed: the fake does not validate). */
import type { Block, Transaction, Vote } from '../../../../src/node/core/index.js';

export const ALICE = 'GCooF8qvuiRfis6ajXY5goQHqekLdXMJHRy1tJ4fKxKR';
export const BOB = '8zRtw4xDyZxJ2yEFPPANGy3PNpzhodv5qndctecZEekC';
const hex = (c: string): string => c.repeat(64);

function output(owner: string, amount = '1'): Transaction['outputs'][number] {
  return {
    amount,
    public_keys: [owner],
    condition: {
      details: { type: 'ed25519-sha-256', public_key: owner },
      uri: 'ni:///sha-256;x?fpt=ed25519-sha-256&cost=131072',
    },
  };
}

export const CREATE_TX: Transaction = {
  id: hex('a'),
  version: '2.0',
  operation: 'CREATE',
  asset: { data: { kind: 'Bicycle', serial: 'abc123' } },
  metadata: { colour: 'Red' },
  inputs: [{ owners_before: [ALICE], fulfills: null, fulfillment: 'pGSAI' }],
  outputs: [output(ALICE)],
};

export const TRANSFER_TX: Transaction = {
  id: hex('b'),
  version: '2.0',
  operation: 'TRANSFER',
  asset: { id: CREATE_TX.id },
  metadata: { note: 'sold' },
  inputs: [
    {
      owners_before: [ALICE],
      fulfills: { transaction_id: CREATE_TX.id, output_index: 0 },
      fulfillment: 'pGSAI',
    },
  ],
  outputs: [output(BOB)],
};

export const BACKLOG_TX: Transaction = { ...CREATE_TX, id: hex('c'), asset: { data: { kind: 'Car' } } };

export const BLOCK: Block = {
  id: hex('d'),
  block: {
    timestamp: '1700000000000',
    transactions: [CREATE_TX, TRANSFER_TX],
    node_pubkey: ALICE,
    voters: [ALICE, BOB],
  },
  signature: 'sig',
};

export const VOTE: Vote = {
  node_pubkey: BOB,
  signature: 'sig',
  vote: {
    voting_for_block: BLOCK.id,
    previous_block: hex('e'),
    is_block_valid: true,
    invalid_reason: null,
    timestamp: '1700000000001',
  },
};
