/**
 * Three members, each with its own pipeline context as startNode builds it (the federation =
 * membersOf(self, keyring), a liveness view, the policy), all on one shared store: the
 * shape of a production federation, in memory.
 */
import {
  generateKeypair,
  makeCreate,
  makeOutput,
  makePolicy,
  makeTransfer,
  signTransaction,
  type Keypair,
  type Transaction,
} from '../../../../src/node/core/index.js';
import type { PipelineContext } from '../../../../src/node/pipeline/context.js';
import { membersOf } from '../../../../src/node/pipeline/members.js';
import { LivenessView } from '../../../../src/node/pipeline/liveness-view.js';
import { MembershipView } from '../../../../src/node/pipeline/membership-view.js';
import type { Stage } from '../../../../src/node/pipeline/stage.js';
import { silentLogger, type Logger } from '../../../../src/shared/log.js';

/** Sorted by public key, as membersOf sorts members. */
export const MEMBERS = [generateKeypair(), generateKeypair(), generateKeypair()].sort((x, y) =>
  x.publicKey < y.publicKey ? -1 : 1,
) as [Keypair, Keypair, Keypair];
export const KEYS = MEMBERS.map((m) => m.publicKey);

export function contextOf<S>(
  me: Keypair,
  store: S,
  all: readonly Keypair[] = MEMBERS,
  log: Logger = silentLogger,
): PipelineContext<S> {
  const keyring = all.map((k) => k.publicKey).filter((k) => k !== me.publicKey);
  const keys = membersOf(me.publicKey, keyring);
  const membership = new MembershipView(keys, log);
  const members = (): string[] => membership.current().members;
  return {
    store,
    keypair: me,
    members,
    membership,
    liveness: new LivenessView({
      self: me.publicKey,
      members,
      deadAfterMs: 5_000,
      maxAgeMs: 5_000,
      now: Date.now,
    }),
    policy: makePolicy(),
    log,
    random: Math.random,
    now: Date.now,
  };
}

export function createTx(owner: Keypair, data: Record<string, unknown>): Transaction {
  const unsigned = makeCreate({
    asset: data,
    outputs: [makeOutput(owner.publicKey)],
    issuers: [owner.publicKey],
  });
  return signTransaction(unsigned, [owner.privateKey]);
}

export function transferTx(spend: Transaction, from: Keypair, to: string): Transaction {
  const unsigned = makeTransfer({ spend: [{ tx: spend, outputIndex: 0 }], outputs: [makeOutput(to)] });
  return signTransaction(unsigned, [from.privateKey]);
}

export async function until(
  what: string,
  cond: () => boolean | Promise<boolean>,
  timeoutMs = 3_000,
): Promise<void> {
  for (const started = Date.now(); Date.now() - started < timeoutMs;) {
    if (await cond()) return;
    await new Promise((r) => setTimeout(r, 10));
  }
  if (!(await cond())) throw new Error(`timed out waiting for ${what}`);
}

/** Starts stages and stops every one of them after the test. */
export class Running {
  private readonly stages: Stage[] = [];
  start(...stages: Stage[]): void {
    for (const s of stages) s.start();
    this.stages.push(...stages);
  }
  async stopAll(): Promise<void> {
    await Promise.all(this.stages.splice(0).map((s) => s.stop()));
  }
  /** Poke every running stage and wait for its tick, `rounds` times: nothing more is pending. */
  async ticks(rounds = 2): Promise<void> {
    const live = this.stages.filter((s) => s.health().running);
    for (let i = 0; i < rounds; i++) {
      const base = live.map((s) => s.health().ticks);
      live.forEach((s) => s.poke());
      await until('one more tick of each stage', () => live.every((s, j) => s.health().ticks > base[j]!));
    }
  }
}
