/**
 * Building and signing the load's transactions from wallet outputs (pure): CREATE one output,
 * spend one output into one or several new outputs, signed by the output's owner (one key, or
 * `threshold` of its keys chosen with the PRNG).
 */
import {
  makeCreate,
  makeOutput,
  makeThresholdCondition,
  makeTransfer,
  signTransaction,
  type InputSigner,
  type Output,
  type Transaction,
} from '../../protocol/index.js';
import type { Keypair } from '../../shared/crypto/index.js';
import type { Prng } from './prng.js';
import type { OutputOwner, WalletOutput } from './wallet.js';

/** A CREATE by `issuer` of one output of `amount` owned by `issuer`. */
export function buildLoadCreate(
  issuer: Keypair,
  asset: Record<string, unknown>,
  amount: number,
): Transaction {
  const tx = makeCreate({
    asset,
    metadata: null,
    outputs: [makeOutput(issuer.publicKey, String(amount))],
    issuers: [issuer.publicKey],
  });
  return signTransaction(tx, [issuer.privateKey]);
}

/** The output a new owner gets for `amount`: its key's condition, or an m-of-n threshold. */
export function outputFor(owner: OutputOwner, amount: number): Output {
  if (owner.kind === 'single') return makeOutput(owner.keypair.publicKey, String(amount));
  const condition = makeThresholdCondition(
    owner.threshold,
    owner.keypairs.map((k) => makeOutput(k.publicKey).condition),
  );
  return makeOutput(condition, String(amount));
}

/** Spends `spent` whole into `to` (one output per entry; their amounts must sum to its amount). */
export function buildLoadSpend(
  spent: WalletOutput,
  to: readonly { owner: OutputOwner; amount: number }[],
  prng: Prng,
  metadata: Record<string, unknown> | null = null,
): Transaction {
  const tx = makeTransfer({
    spend: [{ tx: spent.tx, outputIndex: spent.index }],
    outputs: to.map((t) => outputFor(t.owner, t.amount)),
    metadata,
  });
  return signTransaction(tx, [signerOf(spent, prng)]);
}

function signerOf(spent: WalletOutput, prng: Prng): InputSigner {
  const { owner } = spent;
  if (owner.kind === 'single') return owner.keypair.privateKey;
  const signers = [...owner.keypairs];
  while (signers.length > owner.threshold) signers.splice(prng.int(0, signers.length - 1), 1);
  const condition = spent.tx.outputs[spent.index]?.condition.details;
  return { ...(condition === undefined ? {} : { condition }), privateKeys: signers.map((k) => k.privateKey) };
}

/** `total` cut into `parts` positive amounts (parts <= total), chosen with the PRNG. */
export function splitAmount(total: number, parts: number, prng: Prng): number[] {
  const cuts = new Set<number>();
  while (cuts.size < parts - 1) cuts.add(prng.int(1, total - 1));
  const points = [0, ...[...cuts].sort((a, b) => a - b), total];
  return points.slice(1).map((p, i) => p - (points[i] as number));
}
