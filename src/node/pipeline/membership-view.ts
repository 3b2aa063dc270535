/**
 * This node's view of the federation's membership (issue 12): the chain of epochs read from the
 * `membership` table (`resolveChain`: only records approved by the previous epoch's members
 * count). The current epoch's members are who makes blocks, votes and gets work; a block is
 * judged and elected against the members of ITS epoch. The chain is resolved from this node's
 * own root on every read (issue 16, membership-root.ts): a pinned config's genesis record, or
 * (unpinned) the epoch-0 row naming keyring plus self. With no record resolving (a database from
 * before epochs, `init` without members), epoch 0 is the root's members, as before.
 */
import {
  membersOfEpoch,
  resolveChain,
  type IgnoredRecord,
  type Member,
  type MembershipChain,
} from '../../protocol/membership/index.js';
import type { Logger } from '../../shared/log.js';
import { derivedRoot, type MembershipRoot } from './membership-root.js';

export interface MembershipReport {
  epoch: number;
  members: Member[];
  ignored: IgnoredRecord[];
  /** Where epoch 0 came from: the table's record, or this node's config (no record yet). */
  source: 'table' | 'config';
  /**
   * The root this node resolves from: pinned in its config, or derived from keyring plus self
   * (a config from before issue 16); `id` is epoch 0's record id once known.
   */
  root?: { source: 'pinned' | 'derived'; id: string | null };
  /** Two approved records for one epoch: the chain stops before it (see resolveChain). */
  conflict?: { epoch: number; ids: string[] };
}

export class MembershipView {
  private chain: MembershipChain = { epochs: [], ignored: [] };
  /** The current epoch, derived from `chain` once per change (read on every ingest). */
  private now: { epoch: number; members: readonly string[] };
  /** The rows last resolved: the table is read every second and rarely changes. */
  private lastRows = '[]';

  private readonly root: MembershipRoot;
  private readonly bootstrap: readonly string[];

  constructor(
    /** Where the chain starts; bare keys (keyring plus self) are a derived root. */
    root: MembershipRoot | readonly string[],
    private readonly log: Logger,
  ) {
    this.root = isRoot(root) ? root : derivedRoot(root);
    this.bootstrap = this.root.bootstrap;
    if (this.root.genesis) this.chain = { epochs: [this.root.genesis], ignored: [] };
    this.now = { epoch: 0, members: [...this.bootstrap] };
  }

  /**
   * Takes the table's rows (any order, untrusted). Unchanged rows are not resolved again (that
   * verifies every ballot); a new epoch and newly ignored records are logged.
   */
  update(rows: readonly unknown[]): void {
    const text = JSON.stringify(rows);
    if (text === this.lastRows) return;
    this.lastRows = text;
    const chain = resolveChain(rows, this.root.chain);
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
      this.log.warn('membership_records_ignored', { ignored: chain.ignored, root: this.root.source });
    if (chain.conflict) this.log.error('membership_epoch_conflict', chain.conflict);
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
    const rootId = this.chain.epochs[0]?.id ?? null;
    return {
      epoch: this.current().epoch,
      members: last ? last.members : this.bootstrap.map((k) => ({ operator: '', publicKey: k })),
      ignored: this.chain.ignored,
      source: last && (this.root.source === 'derived' || this.chain.epochs.length > 1) ? 'table' : 'config',
      root: { source: this.root.source, id: rootId },
      ...(this.chain.conflict ? { conflict: this.chain.conflict } : {}),
    };
  }
}

const isRoot = (root: MembershipRoot | readonly string[]): root is MembershipRoot =>
  !Array.isArray(root) && typeof (root as MembershipRoot).source === 'string';
