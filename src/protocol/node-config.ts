/**
 * The one schema of the node's `.bigchaindb` config file. Every key has a default and a
 * description; `show-config`, the env overrides (BIGCHAINDB_<PATH>) and the docs are derived
 * from it, so adding a key here is all it takes. The node reads its config through it
 * (src/node/config) and the lab writes each operator's file through its input type
 * (src/lab/material/node-config.ts), so what the lab writes is what the node reads.
 */
import { z } from 'zod';
import { isPublicKey } from '../shared/crypto/index.js';
import { ADMISSION_RULES } from './membership/types.js';
import { federationPolicySchema } from './policy.js';
import { apiKeyListSchema } from './api-key.js';

const publicKey = z.string().refine(isPublicKey, 'must be a base58 Ed25519 public key (32 bytes)');
const BIND = /^(\[[0-9a-fA-F:.]+\]|[^\s:/]+):(\d{1,5})$/;

const server = z
  .object({
    bind: z
      .string()
      .regex(BIND, 'must be HOST:PORT, e.g. "localhost:9984" or "0.0.0.0:9984"')
      .refine((s) => Number(s.slice(s.lastIndexOf(':') + 1)) <= 65535, 'port must be 0..65535')
      .default('localhost:9984')
      .describe('HOST:PORT the HTTP API listens on (port 0 = any free port)'),
    body_limit_bytes: z
      .int()
      .positive()
      .default(65_536)
      .describe(
        'largest accepted request body, HTTP 413 beyond. 64 KiB: a valid transaction is at most ' +
          'policy.maxTransactionBytes (15 KiB) of canonical JSON; this leaves room for pretty-printed ' +
          'JSON while refusing big bodies before they are parsed',
      ),
    commit_timeout_ms: z
      .int()
      .positive()
      .default(15_000)
      .describe(
        'how long POST ?mode=commit waits for a VALID block before answering 504 ' +
          "(below bigchaindb-driver's 20 s request timeout, so clients get our message)",
      ),
    accept_timeout_ms: z
      .int()
      .positive()
      .default(800)
      .describe(
        'how long a POST may take to validate and write to the backlog (retrying while RethinkDB ' +
          'elects a new primary) before answering 503 with Retry-After; a commit then waits ' +
          'commit_timeout_ms more for VALID',
      ),
  })
  .strict()
  .prefault({});

const database = z
  .object({
    host: z.string().min(1).default('localhost').describe('RethinkDB (or reqlite) host'),
    port: z.int().min(1).max(65535).default(28015).describe('RethinkDB driver port'),
    name: z.string().min(1).default('bigchain').describe('database that holds the ledger tables'),
    user: z.string().nullable().default(null).describe('database user (null = admin, no password)'),
    password: z.string().nullable().default(null).describe('password of database.user'),
  })
  .strict()
  .prefault({});

const keypair = z
  .object({
    public: publicKey.nullable().default(null).describe("this node's Ed25519 public key (base58)"),
    private: z
      .string()
      .refine(isPublicKey, 'must be a base58 Ed25519 private key (32-byte seed)')
      .nullable()
      .default(null)
      .describe("this node's Ed25519 private key (base58 of the 32-byte seed); keep secret"),
  })
  .strict()
  .prefault({});

export const configSchema = z
  .object({
    server,
    database,
    keypair,
    keyring: z
      .array(publicKey)
      .default([])
      .describe('public keys of the OTHER federation members (env: joined by ":")'),
    backlog_reassign_delay: z
      .number()
      .positive()
      .default(120)
      .describe('seconds after which a backlog transaction is reassigned to another member'),
    liveness: z
      .object({
        heartbeat_interval_ms: z
          .int()
          .positive()
          .default(500)
          .describe(
            'how often this node writes its heartbeat (database server time) and re-reads who is alive; ' +
              "also how often a dead member's backlog is looked for",
          ),
        dead_after_ms: z
          .int()
          .positive()
          .default(3000)
          .describe(
            'a member whose last heartbeat is older than this (database server time) is dead: it gets no ' +
              'new work and its backlog moves to live members at once',
          ),
      })
      .strict()
      .refine((l) => l.dead_after_ms >= 2 * l.heartbeat_interval_ms, {
        path: ['dead_after_ms'],
        message: 'must be at least twice liveness.heartbeat_interval_ms (one late heartbeat is not a death)',
      })
      .prefault({}),
    log: z
      .object({
        level: z.enum(['debug', 'info', 'warn', 'error']).default('info').describe('log level'),
      })
      .strict()
      .prefault({}),
    block: z
      .object({
        max_transactions: z.int().positive().default(1000).describe('most transactions in a block'),
        flush_interval_ms: z
          .int()
          .positive()
          .default(1000)
          .describe('write a partial block after this many ms of waiting'),
      })
      .strict()
      .prefault({}),
    membership: z
      .object({
        federation: z
          .string()
          .min(1)
          .nullable()
          .default(null)
          .describe(
            'the federation name every membership record must carry (issue 16); set together with ' +
              'membership.admission and membership.genesis_members, they pin the root of the membership chain',
          ),
        admission: z
          .enum(ADMISSION_RULES)
          .nullable()
          .default(null)
          .describe("epoch 0's admission rule (the pinned root's; see membership.federation)"),
        genesis_members: z
          .record(z.string().min(1), publicKey)
          .nullable()
          .default(null)
          .describe(
            "epoch 0's members, operator name -> public key (env: a JSON object): the pinned root every " +
              'membership read resolves from; an epoch-0 row of the table that differs is ignored. ' +
              'null: derived from keyring plus self, as before issue 16 (reported in /health)',
          ),
      })
      .strict()
      .refine(
        (m) =>
          [m.federation, m.admission, m.genesis_members].every((v) => v === null) ||
          [m.federation, m.admission, m.genesis_members].every((v) => v !== null),
        {
          message: 'federation, admission and genesis_members pin the root together: set all three, or none',
        },
      )
      .prefault({}),
    policy: federationPolicySchema
      .prefault({})
      .describe('the federation policy; every member must configure the same one'),
    api_keys: apiKeyListSchema
      .default([])
      .describe(
        "read API keys this node's operator issued ({id, label, sha256, created}; the sha256 of each " +
          'key, never the key), checked when policy.read is "api-key" (env: a JSON array); ' +
          'read at start: restart the node after a change (fedlab api-key does)',
      ),
  })
  .strict();

/** A complete, validated node configuration (all defaults filled in). */
export type NodeConfig = z.output<typeof configSchema>;
/** What a `.bigchaindb` file may hold (every key optional): what the lab writes. */
export type NodeConfigInput = z.input<typeof configSchema>;

/** The configuration with every key at its default. */
export function defaultConfig(): NodeConfig {
  return configSchema.parse({});
}
