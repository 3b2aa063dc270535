import { Ajv } from 'ajv';
import { BASE58_KEY, BASE58_SIGNATURE, canonicalJson, type Keypair } from '../shared/crypto/index.js';
import type { Vote, VoteBody } from './block.js';
import { signPayload, verifyPayload } from './signed-json.js';

export type { Vote, VoteBody } from './block.js';

/** Longest invalid_reason a vote may carry; makeVote shortens longer ones so the vote stays valid. */
export const MAX_INVALID_REASON = 2000;

const hex = { type: 'string', pattern: '^[0-9a-f]{64}$' } as const;
const VOTE_SCHEMA = {
  type: 'object',
  required: ['node_pubkey', 'signature', 'vote'],
  properties: {
    node_pubkey: { type: 'string', pattern: BASE58_KEY.source },
    signature: { type: 'string', pattern: BASE58_SIGNATURE.source },
    vote: {
      type: 'object',
      additionalProperties: false,
      required: ['voting_for_block', 'previous_block', 'is_block_valid', 'invalid_reason', 'timestamp'],
      properties: {
        voting_for_block: hex,
        previous_block: hex,
        is_block_valid: { type: 'boolean' },
        invalid_reason: { anyOf: [{ type: 'string', maxLength: MAX_INVALID_REASON }, { type: 'null' }] },
        timestamp: { type: 'string', pattern: '^[0-9]{1,20}$' },
      },
    },
  },
} as const;

const validateVoteShape = new Ajv({ strict: false }).compile(VOTE_SCHEMA);

/** True when `vote` has the vote shape (extra top-level fields, e.g. a database id, allowed). */
export function isVoteShaped(vote: unknown): vote is Vote {
  return validateVoteShape(vote);
}

export function makeVote(
  blockId: string,
  previousBlockId: string,
  isValid: boolean,
  invalidReason: string | null,
  keypair: Keypair,
  timestampMs: number = Date.now(),
): Vote {
  const body: VoteBody = {
    voting_for_block: blockId,
    previous_block: previousBlockId,
    is_block_valid: isValid,
    invalid_reason: isValid || invalidReason === null ? null : shorten(invalidReason),
    timestamp: String(Math.trunc(timestampMs)),
  };
  return {
    node_pubkey: keypair.publicKey,
    signature: signPayload(canonicalJson(body), keypair.privateKey),
    vote: body,
  };
}

/** Shape plus signature of node_pubkey over the canonical JSON of the vote body. */
export function verifyVote(vote: unknown): vote is Vote {
  return isVoteShaped(vote) && verifyPayload(canonicalJson(vote.vote), vote.signature, vote.node_pubkey);
}

function shorten(reason: string): string {
  return reason.length <= MAX_INVALID_REASON ? reason : reason.slice(0, MAX_INVALID_REASON - 1) + '…';
}
