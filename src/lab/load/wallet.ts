/**
 * The load's wallet (pure state): the keys it holds and the outputs it may spend. An output
 * becomes spendable only once its transaction was seen VALID; taking one removes it for good
 * (a failed or conflicting spend never gives it back: the post may have landed after all).
 */
import type { Keypair } from '../../shared/crypto/index.js';
import type { Transaction } from '../../protocol/index.js';
import type { Prng } from './prng.js';

/** Who can spend an output: one key, or 2 of 3 keys. */
export type OutputOwner =
  { kind: 'single'; keypair: Keypair } | { kind: 'threshold'; threshold: number; keypairs: Keypair[] };

/** What an output is for: a plain one, a divisible amount to split, a threshold lock. */
export type OutputTag = 'plain' | 'divisible' | 'threshold';

export interface WalletOutput {
  /** "txid:index" */
  ref: string;
  tx: Transaction;
  index: number;
  amount: number;
  owner: OutputOwner;
  tag: OutputTag;
}

export interface WalletCounts {
  pendingTxs: number;
  spendable: number;
  taken: number;
}

export class Wallet {
  private readonly pending = new Map<string, WalletOutput[]>();
  private spendable: WalletOutput[] = [];
  private taken = 0;

  /** Remembers the outputs of a posted transaction, one owner and tag per output. */
  addPending(tx: Transaction, owners: readonly { owner: OutputOwner; tag: OutputTag }[]): void {
    const outputs = tx.outputs.map((o, index): WalletOutput => {
      const mine = owners[index] ?? owners[0];
      if (mine === undefined) throw new RangeError(`no owner given for output ${index} of ${tx.id}`);
      return { ref: `${tx.id}:${index}`, tx, index, amount: Number(o.amount), ...mine };
    });
    this.pending.set(tx.id, outputs);
  }

  /** The transaction was seen VALID: its outputs may be spent. Returns whether it was pending. */
  markValid(txId: string): boolean {
    const outputs = this.pending.get(txId);
    if (outputs === undefined) return false;
    this.pending.delete(txId);
    this.spendable.push(...outputs);
    return true;
  }

  /** The transaction will never be VALID as far as the load knows (rejected post, lost pair). */
  forget(txId: string): void {
    this.pending.delete(txId);
  }

  /** Takes (removes) a spendable output that `fits`, chosen with `prng`; undefined when none. */
  take(prng: Prng, fits: (o: WalletOutput) => boolean = () => true): WalletOutput | undefined {
    const candidates = this.spendable.filter(fits);
    if (candidates.length === 0) return undefined;
    const chosen = prng.pick(candidates);
    this.spendable = this.spendable.filter((o) => o !== chosen);
    this.taken++;
    return chosen;
  }

  has(fits: (o: WalletOutput) => boolean): boolean {
    return this.spendable.some(fits);
  }

  counts(): WalletCounts {
    return { pendingTxs: this.pending.size, spendable: this.spendable.length, taken: this.taken };
  }
}
