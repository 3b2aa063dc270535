import { Ajv } from 'ajv';
import {
  BASE58_KEY,
  BASE58_SIGNATURE,
  canonicalJson,
  sha3_256Hex,
  type Keypair,
} from '../../shared/crypto/index.js';
import { BlockInvalidError } from './errors.js';
import { describeAjvErrors } from './schema-check.js';
import { signPayload, verifyPayload } from '../../protocol/signed-json.js';
import { blockIdOf, type Block, type BlockBody } from '../../protocol/block.js';
import type { Transaction } from '../../protocol/types.js';

export type { Block, BlockBody } from '../../protocol/block.js';

const key = { type: 'string', pattern: BASE58_KEY.source } as const;
// Transactions are only required to be objects here: judgeBlock validates each one properly.
const BLOCK_SCHEMA = {
  type: 'object',
  required: ['id', 'block', 'signature'],
  properties: {
    id: { type: 'string', pattern: '^[0-9a-f]{64}$' },
    signature: { type: 'string', pattern: BASE58_SIGNATURE.source },
    block: {
      type: 'object',
      additionalProperties: false,
      required: ['timestamp', 'transactions', 'node_pubkey', 'voters'],
      properties: {
        timestamp: { type: 'string', pattern: '^[0-9]{1,20}$' },
        transactions: { type: 'array', items: { type: 'object' } },
        node_pubkey: key,
        voters: { type: 'array', items: key },
        epoch: { type: 'integer', minimum: 0 },
      },
    },
  },
} as const;

const validateBlockShape = new Ajv({ strict: false }).compile(BLOCK_SCHEMA);

/** Block id: SHA3-256 hex of the canonical JSON of the body. */
export function computeBlockId(body: BlockBody): string {
  return blockIdOf(body); // the protocol's: the lab's checks and the archive verification hash alike
}

/**
 * Builds and signs a block. `voters` = the members of `epoch` (the current one); without an epoch
 * the body has no `epoch` field (blocks as before membership epochs: epoch 0).
 */
export function makeBlock(
  txs: Transaction[],
  keypair: Keypair,
  voters: string[],
  timestampMs: number = Date.now(),
  epoch?: number,
): Block {
  const body: BlockBody = {
    timestamp: String(Math.trunc(timestampMs)),
    transactions: txs,
    node_pubkey: keypair.publicKey,
    voters: [...voters],
    ...(epoch === undefined ? {} : { epoch }),
  };
  const payload = canonicalJson(body);
  return { id: sha3_256Hex(payload), block: body, signature: signPayload(payload, keypair.privateKey) };
}

/**
 * Checks shape, id and the creator's signature (not the transactions: see judgeBlock). Extra
 * top-level fields a database may add are tolerated; the body must be exact.
 */
export function verifyBlock(candidate: unknown): Block {
  if (!validateBlockShape(candidate)) {
    throw new BlockInvalidError(
      'BLOCK_SCHEMA',
      `block is malformed: ${describeAjvErrors(validateBlockShape.errors)}`,
    );
  }
  const block = candidate as unknown as Block;
  const payload = canonicalJson(block.block);
  const id = sha3_256Hex(payload);
  if (id !== block.id) {
    throw new BlockInvalidError(
      'BLOCK_ID_MISMATCH',
      `block id ${block.id} is not the hash of its body (${id})`,
      {
        blockId: block.id,
        expected: id,
      },
    );
  }
  if (!verifyPayload(payload, block.signature, block.block.node_pubkey)) {
    throw new BlockInvalidError(
      'BLOCK_SIGNATURE_INVALID',
      `block ${block.id} is not signed by its node_pubkey ${block.block.node_pubkey}`,
      {
        blockId: block.id,
      },
    );
  }
  return block;
}
