/**
 * The federation policy (the seed's "basic questions", enforced by every node): one schema for
 * the lab's federation file and the node's `.bigchaindb` `policy` key, so the two cannot drift.
 * The rules that enforce it live in the node (src/node/core/policy.ts).
 */
import { z } from 'zod';
import { isPublicKey } from '../shared/crypto/index.js';

const publicKey = z.string().refine(isPublicKey, 'must be a base58 Ed25519 public key (32 bytes)');

export const DEFAULT_MAX_TRANSACTION_BYTES = 15_360;

/** Who may read: anyone who reaches the API, or only holders of an API key of that node's operator. */
export const READ_POLICIES = ['anyone', 'api-key'] as const;
export type ReadPolicy = (typeof READ_POLICIES)[number];

export const federationPolicySchema = z
  .object({
    create: z
      .union([z.literal('anyone'), z.array(publicKey).min(1, 'must list at least one key, or be "anyone"')])
      .default('anyone')
      .describe('who may CREATE: "anyone" or a list of public keys (every owners_before key must be listed)'),
    transfer: z
      .object({
        allowed: z.boolean().default(true).describe('whether TRANSFER transactions are accepted'),
        metadata: z
          .enum(['allowed', 'forbidden'])
          .default('allowed')
          .describe('whether a TRANSFER may carry non-null metadata'),
      })
      .strict()
      .prefault({}),
    assetSchema: z
      .record(z.string(), z.unknown())
      .nullable()
      .default(null)
      .describe("a JSON Schema every CREATE's asset.data must satisfy, or null for any data"),
    maxTransactionBytes: z
      .int()
      .positive()
      .default(DEFAULT_MAX_TRANSACTION_BYTES)
      .describe('largest transaction (canonical JSON, bytes) the federation accepts'),
    read: z
      .enum(READ_POLICIES)
      .default('anyone')
      .describe(
        'who may read or query (every GET but /, /api/v1/ and /health): "anyone", or "api-key": only ' +
          "holders of an API key issued by that node's operator (config api_keys; fedlab api-key issue)",
      ),
  })
  .strict();

/** The federation's policy with every default filled in; every node enforces the same one. */
export type FederationPolicy = z.output<typeof federationPolicySchema>;
/** What a policy may be written as (every key optional). */
export type FederationPolicyInput = z.input<typeof federationPolicySchema>;

export const DEFAULT_POLICY: Readonly<FederationPolicy> = Object.freeze({
  create: 'anyone',
  transfer: Object.freeze({ allowed: true, metadata: 'allowed' }),
  assetSchema: null,
  maxTransactionBytes: DEFAULT_MAX_TRANSACTION_BYTES,
  read: 'anyone',
}) as FederationPolicy;

export function makePolicy(partial: Partial<FederationPolicy> = {}): FederationPolicy {
  return { ...DEFAULT_POLICY, ...partial };
}
