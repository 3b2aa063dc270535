/**
 * This node's view of the federation's membership (issue 12): the chain of epochs read from the
 * `membership` table (`resolveChain`: only records approved by the previous epoch's members
 * count). The current epoch's members are who makes blocks, votes and gets work; a block is
 * judged and elected against the members of ITS epoch. With no record in the table (a database
 * from before epochs, or `init` without members), epoch 0 is the members from the config
 * (keyring plus self), as before.
 */
import {
  membersOfEpoch,
  resolveChain,
  type IgnoredRecord,
  type Member,
  type MembershipChain,
} from '../../protocol/membership/index.js';
import type { Logger } from '../../shared/log.js';

export interface MembershipReport {
  epoch: number;
  members: Member[];
  ignored: IgnoredRecord[];
  /** Where epoch 0 came from: the table's record, or this node's config (no record yet). */
  source: 'table' | 'config';
}

export class MembershipView {
  private chain: MembershipChain = { epochs: [], ignored: [] };
  private lastIgnored = '';

  constructor(
    /** Keyring plus self, sorted: epoch 0 while the table holds no record. */
    private readonly bootstrap: readonly string[],
    private readonly log: Logger,
  ) {}

  /** Takes the table's rows (any order, untrusted); logs records it ignores, once each. */
  update(rows: readonly unknown[]): void {
    const chain = resolveChain(rows);
    const before = this.current().epoch;
    this.chain = chain;
    const after = this.current();
    if (after.epoch !== before)
      this.log.info('membership_epoch', { epoch: after.epoch, members: after.members });
    const ignored = JSON.stringify(chain.ignored);
    if (chain.ignored.length > 0 && ignored !== this.lastIgnored)
      this.log.warn('membership_records_ignored', { ignored: chain.ignored });
    this.lastIgnored = ignored;
  }

  /** The current epoch and its member keys (sorted). */
  current(): { epoch: number; members: string[] } {
    const last = this.chain.epochs.at(-1);
    if (last === undefined) return { epoch: 0, members: [...this.bootstrap] };
    return { epoch: last.epoch, members: last.members.map((m) => m.publicKey).sort() };
  }

  /** The members of `epoch`, or undefined while this node does not know that epoch. */
  membersOf(epoch: number): string[] | undefined {
    if (this.chain.epochs.length === 0) return epoch === 0 ? [...this.bootstrap] : undefined;
    return membersOfEpoch(this.chain, epoch)?.sort();
  }

  /** Keys that were members in an earlier epoch and are not now (removed, or rotated out). */
  formerMembers(): string[] {
    const now = new Set(this.current().members);
    const ever = new Set(this.chain.epochs.flatMap((e) => e.members.map((m) => m.publicKey)));
    return [...ever].filter((k) => !now.has(k)).sort();
  }

  report(): MembershipReport {
    const last = this.chain.epochs.at(-1);
    return {
      epoch: this.current().epoch,
      members: last ? last.members : this.bootstrap.map((k) => ({ operator: '', publicKey: k })),
      ignored: this.chain.ignored,
      source: last ? 'table' : 'config',
    };
  }
}
