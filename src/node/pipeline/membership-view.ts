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
  /** The current epoch, derived from `chain` once per change (read on every ingest). */
  private now: { epoch: number; members: readonly string[] };
  /** The rows last resolved: the table is read every second and rarely changes. */
  private lastRows = '[]';

  constructor(
    /** Keyring plus self, sorted: epoch 0 while the table holds no record. */
    private readonly bootstrap: readonly string[],
    private readonly log: Logger,
  ) {
    this.now = { epoch: 0, members: [...bootstrap] };
  }

  /**
   * Takes the table's rows (any order, untrusted). Unchanged rows are not resolved again (that
   * verifies every ballot); a new epoch and newly ignored records are logged.
   */
  update(rows: readonly unknown[]): void {
    const text = JSON.stringify(rows);
    if (text === this.lastRows) return;
    this.lastRows = text;
    const chain = resolveChain(rows);
    const before = this.now.epoch;
    const ignoredBefore = JSON.stringify(this.chain.ignored);
    this.chain = chain;
    const last = chain.epochs.at(-1);
    this.now = last
      ? { epoch: last.epoch, members: last.members.map((m) => m.publicKey).sort() }
      : { epoch: 0, members: [...this.bootstrap] };
    if (this.now.epoch !== before)
      this.log.info('membership_epoch', { epoch: this.now.epoch, members: this.now.members });
    if (chain.ignored.length > 0 && JSON.stringify(chain.ignored) !== ignoredBefore)
      this.log.warn('membership_records_ignored', { ignored: chain.ignored });
  }

  /** The current epoch and its member keys (sorted; a copy the caller may keep). */
  current(): { epoch: number; members: string[] } {
    return { epoch: this.now.epoch, members: [...this.now.members] };
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
