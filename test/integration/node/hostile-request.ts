/**
 * One hostile request of the fuzz suite, what it may be answered, and the world the generators
 * draw real material from (committed outputs with their keys, ids and keys the ledger knows).
 */
import { canonicalJson, type Keypair, type Transaction } from '../../../src/node/core/index.js';
import type { InputSigner } from '../../../src/protocol/index.js';

/**
 * `reject`: the request is wrong whatever the ledger holds, so the answer must be a JSON 4xx.
 * `any`: it may be right (a replay, a spend of a real output, a query that finds something), so
 * any JSON answer below 500 will do.
 */
export type Expectation = 'reject' | 'any';

export interface HostileRequest {
  /** Which generator made it (for the summary and for a failure report). */
  kind: string;
  /** Index of the node it goes to. */
  node: number;
  method: string;
  /** Path and query as sent on the wire (already percent-encoded, or deliberately not). */
  path: string;
  headers: Record<string, string>;
  body?: string | Uint8Array;
  /** A whole request written on a socket as is (framing a client library would refuse to send). */
  raw?: string;
  expect: Expectation;
}

/** An output in a VALID block and how to sign for it. */
export interface Spendable {
  tx: Transaction;
  outputIndex: number;
  signer: InputSigner;
  /** Private keys of every owner (a threshold output has several). */
  ownerKeys: string[];
}

export interface FuzzWorld {
  nodes: number;
  bodyLimitBytes: number;
  /** Committed outputs the generators spend (again and again: replays and conflicting spends). */
  pool: Spendable[];
  /** Fixed keypairs: recipients of spends and issuers of honest CREATEs. */
  people: Keypair[];
  txIds: string[];
  blockIds: string[];
  publicKeys: string[];
}

/** A POST of a transaction-shaped body: `any` only when the body still parses to `original`. */
export function expectationOf(body: string, original: unknown): Expectation {
  try {
    return canonicalJson(JSON.parse(body)) === canonicalJson(original) ? 'any' : 'reject';
  } catch {
    return 'reject';
  }
}

export const JSON_TYPE = { 'content-type': 'application/json' };

/** Modes of POST /transactions: good ones (never commit: a losing spend would wait it out) and bad. */
export const GOOD_MODES = ['?mode=async', '?mode=sync', ''] as const;
export const BAD_MODES = [
  '?mode=COMMIT',
  '?mode=',
  '?mode=x',
  '?mode=commit&mode=async',
  '?mode=%00',
] as const;
