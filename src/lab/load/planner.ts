/**
 * The load's plan (pure, given the events it is told): which kind comes next, through which
 * operator, spending which output, with which amounts. Every choice comes from one seeded PRNG
 * and keys from a second stream of the same seed, so the same seed and the same sequence of
 * VALID/rejected events give the same transactions. Spends use only outputs seen VALID; when
 * nothing fits yet, the planner posts a CREATE instead (and says which kind it wanted).
 */
import type { Transaction } from '../../protocol/index.js';
import { encodeBase58, keypairFromPrivateKey, type Keypair } from '../../shared/crypto/index.js';
import { buildLoadCreate, buildLoadSpend, splitAmount } from './build.js';
import { createPrng, deriveSeed, type Prng } from './prng.js';
import type { TxKind } from './types.js';
import { Wallet, type OutputOwner, type OutputTag, type WalletOutput } from './wallet.js';

export interface PlannedPost {
  kind: TxKind;
  operator: string;
  tx: Transaction;
  spends: string[];
  conflictsWith?: string;
  /** The kind the plan wanted when it had to fall back to this one. */
  plannedKind?: TxKind;
}

export interface PlannerOptions {
  seed: number;
  mix?: Partial<Record<TxKind, number>>;
  /** Put in every CREATE's asset, so that two runs with one seed make different transactions. */
  nonce?: string;
  /** Key source (default: derived from the seed). */
  newKeypair?: () => Keypair;
}

export const DEFAULT_MIX: Partial<Record<TxKind, number>> = { create: 1, transfer: 1 };
const DIVISIBLE_MIN = 10;
const DIVISIBLE_MAX = 1000;
const tagged =
  (tag: OutputTag) =>
  (o: WalletOutput): boolean =>
    o.tag === tag;
const isPlain = tagged('plain');

type Out = { owner: OutputOwner; tag: OutputTag; amount: number };

export class LoadPlanner {
  readonly wallet = new Wallet();
  private readonly prng: Prng;
  private readonly newKeypair: () => Keypair;
  private readonly partners = new Map<string, string>();
  private round: number;
  private count = 0;

  constructor(private readonly options: PlannerOptions) {
    this.prng = createPrng(options.seed);
    const keys = createPrng(deriveSeed(options.seed, 1));
    this.newKeypair = options.newKeypair ?? (() => keypairFromPrivateKey(encodeBase58(keys.bytes(32))));
    this.round = this.prng.int(0, 1 << 20);
  }

  /** The next post, or two for a double-spend, through `operators` (round robin; non-empty). */
  next(operators: readonly string[]): PlannedPost[] {
    if (operators.length === 0) throw new RangeError('no operator to post through');
    const kind = this.prng.weighted(this.options.mix ?? DEFAULT_MIX) ?? 'create';
    const op = (): string => operators[this.round++ % operators.length] as string;
    const posts = this.plan(kind, operators.length, op);
    return posts.map((p) => (p.kind === kind ? p : { ...p, plannedKind: kind }));
  }

  /** The transaction was seen VALID: its outputs become spendable, its rival is forgotten. */
  onValid(txId: string): void {
    this.wallet.markValid(txId);
    const rival = this.partners.get(txId);
    if (rival !== undefined) this.wallet.forget(rival);
  }

  onRejected(txId: string): void {
    this.wallet.forget(txId);
  }

  private plan(kind: TxKind, operators: number, op: () => string): PlannedPost[] {
    const toNewOwner = (): Out[] => [this.single('plain', 0)];
    switch (kind) {
      case 'transfer':
        return this.spendOr(kind, op, isPlain, toNewOwner);
      case 'divisible': // split a divisible amount once there is one, else create one
        if (!this.wallet.has(tagged('divisible'))) return [this.create('divisible', op)];
        return this.spendOr(kind, op, tagged('divisible'), (o) => this.split(o.amount));
      case 'threshold': // spend a 2-of-3 output once there is one, else lock a plain one into 2-of-3
        if (this.wallet.has(tagged('threshold')))
          return this.spendOr(kind, op, tagged('threshold'), toNewOwner);
        return this.spendOr(kind, op, isPlain, () => [this.lock()]);
      case 'double-spend':
        if (operators < 2) return this.spendOr('transfer', op, isPlain, toNewOwner);
        return this.doubleSpend(op);
      default:
        return [this.create('plain', op)];
    }
  }

  private spendOr(
    kind: TxKind,
    op: () => string,
    fits: (o: WalletOutput) => boolean,
    to: (spent: WalletOutput) => Out[],
  ): PlannedPost[] {
    const spent = this.wallet.take(this.prng, fits);
    if (spent === undefined) return [this.create('plain', op)];
    return [this.spend(kind, op(), spent, to(spent))];
  }

  private doubleSpend(op: () => string): PlannedPost[] {
    const spent = this.wallet.take(this.prng, isPlain);
    if (spent === undefined) return [this.create('plain', op)];
    const [a, b] = [op(), op()] as [string, string];
    const first = this.spend('double-spend', a, spent, [this.single('plain', spent.amount)], { side: 'a' });
    const second = this.spend('double-spend', b, spent, [this.single('plain', spent.amount)], { side: 'b' });
    this.partners.set(first.tx.id, second.tx.id).set(second.tx.id, first.tx.id);
    return [
      { ...first, conflictsWith: second.tx.id },
      { ...second, conflictsWith: first.tx.id },
    ];
  }

  private create(tag: OutputTag, op: () => string): PlannedPost {
    const issuer = this.newKeypair();
    const amount = tag === 'divisible' ? this.prng.int(DIVISIBLE_MIN, DIVISIBLE_MAX) : 1;
    const asset = { load: this.options.nonce ?? 'fedlab-load', n: this.count++ };
    const tx = buildLoadCreate(issuer, asset, amount);
    this.wallet.addPending(tx, [{ owner: { kind: 'single', keypair: issuer }, tag }]);
    return { kind: tag === 'divisible' ? 'divisible' : 'create', operator: op(), tx, spends: [] };
  }

  private spend(
    kind: TxKind,
    operator: string,
    spent: WalletOutput,
    to: Out[],
    metadata: Record<string, unknown> | null = null,
  ): PlannedPost {
    const amounts = to.map((t) => (t.amount > 0 ? t.amount : spent.amount));
    const outs = to.map((t, i) => ({ ...t, amount: amounts[i] as number }));
    const tx = buildLoadSpend(spent, outs, this.prng, metadata);
    this.wallet.addPending(tx, outs);
    return { kind, operator, tx, spends: [spent.ref] };
  }

  private single(tag: OutputTag, amount: number): Out {
    return { owner: { kind: 'single', keypair: this.newKeypair() }, tag, amount };
  }

  private lock(): Out {
    const keypairs = [this.newKeypair(), this.newKeypair(), this.newKeypair()];
    return { owner: { kind: 'threshold', threshold: 2, keypairs }, tag: 'threshold', amount: 0 };
  }

  private split(total: number): Out[] {
    const parts = this.prng.int(2, Math.min(4, total));
    return splitAmount(total, parts, this.prng).map((amount) => this.single('plain', amount));
  }
}
