// Shared builders for the core unit tests: deterministic keys (seeded, so the driver and our
// code can be given the very same keys) and a few ready-made transactions.
import driver from 'bigchaindb-driver';
import {
  makeCreate,
  makeOutput,
  makeTransfer,
  MemoryLedgerFacts,
  signTransaction,
  type Keypair,
  type Output,
  type OutputCondition,
  type Transaction,
} from '../../../src/node/core/index.js';

/**
 * The driver's Transaction API as the tests use it. Its own typings model its generics too
 * strictly for feeding it plain JSON (null metadata, our Output type), so tests go through this
 * looser but still typed view of the same functions.
 */
export interface DriverTransactionApi {
  makeEd25519Condition(publicKey: string): OutputCondition;
  makeEd25519Condition(publicKey: string, json: false): unknown;
  makeThresholdCondition(threshold: number, subconditions: unknown[]): OutputCondition;
  makeThresholdCondition(threshold: number, subconditions: unknown[], json: false): unknown;
  makeOutput(condition: OutputCondition, amount?: string): Output;
  makeCreateTransaction(
    asset: unknown,
    metadata: unknown,
    outputs: Output[],
    ...issuers: string[]
  ): Record<string, unknown>;
  makeTransferTransaction(
    spend: { tx: Transaction; output_index: number }[],
    outputs: Output[],
    metadata: unknown,
  ): Record<string, unknown>;
  signTransaction(tx: Record<string, unknown>, ...privateKeys: string[]): Transaction;
  serializeTransactionIntoCanonicalString(tx: unknown): string;
}
export const T = driver.Transaction as unknown as DriverTransactionApi;

/** Keypair from a one-byte seed pattern, built by the driver itself (its encoding is the reference). */
export function seededKeypair(n: number): Keypair {
  const kp = new driver.Ed25519Keypair(Buffer.alloc(32, n));
  return { publicKey: kp.publicKey, privateKey: kp.privateKey };
}

export const alice = seededKeypair(1);
export const bob = seededKeypair(2);
export const carol = seededKeypair(3);
export const dave = seededKeypair(4);

export function createFor(
  owner: Keypair,
  amount = '1',
  asset: Record<string, unknown> = { kind: 'test' },
): Transaction {
  const tx = makeCreate({
    asset,
    metadata: { note: 'c' },
    outputs: [makeOutput(owner.publicKey, amount)],
    issuers: [owner.publicKey],
  });
  return signTransaction(tx, [owner.privateKey]);
}

export function transferFrom(source: Transaction, from: Keypair, to: Keypair, outputIndex = 0): Transaction {
  const amount = source.outputs[outputIndex]?.amount ?? '1';
  const tx = makeTransfer({
    spend: [{ tx: source, outputIndex }],
    outputs: [makeOutput(to.publicKey, amount)],
    metadata: { note: 't' },
  });
  return signTransaction(tx, [from.privateKey]);
}

/** Facts in which `txs` sit in one VALID block. */
export function factsWith(...txs: Transaction[]): MemoryLedgerFacts {
  const facts = new MemoryLedgerFacts();
  facts.addBlock('b'.repeat(64), txs, 'valid');
  return facts;
}

/** A deep copy to tamper with. */
export function clone<T>(value: T): T {
  return structuredClone(value);
}
