/**
 * The federation policy (the seed's "basic questions", enforced by every node): one schema for
 * both the lab's federation file and the node's `.bigchaindb`, so the two cannot drift apart.
 */
import { z } from 'zod';
import { isPublicKey } from './crypto/index.js';

const publicKey = z.string().refine(isPublicKey, 'must be a base58 Ed25519 public key (32 bytes)');

/** The policy keys shared by the federation file and the node config. */
export const policyFields = {
  create: z
    .union([z.literal('anyone'), z.array(publicKey).min(1, 'must list at least one key, or be "anyone"')])
    .default('anyone')
    .describe('who may CREATE: "anyone" or a list of public keys'),
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
};

/** The federation policy as the federation file holds it. */
export const federationPolicySchema = z.object(policyFields).strict();
export type FederationPolicySpec = z.output<typeof federationPolicySchema>;
