/**
 * An archive's membership records, resolved from a root the TARGET already trusts (issue 16):
 * its own epoch-0 record (written by its `init`), or, for a database without one, its configured
 * members. The archive's own epoch 0 is never the root: it is accepted only as the same root
 * (same id), or, when it starts no chain, as a copy naming the same keys under the same rule.
 * Every later record must then resolve with `resolveChain` (previous id, one change, ballots of
 * the previous epoch's members); a record it ignores is refused, never dropped.
 */
import { ArchiveRowRefusedError, type ArchiveRow } from './ledger-archive-errors.js';
import {
  membersOfEpoch,
  membershipRecordSchema,
  resolveChain,
  type MembershipRecord,
} from './membership/index.js';

/** What the target trusts: its own epoch-0 record, or (no record) its configured member keys. */
export type TrustedRoot = { record: MembershipRecord } | { keys: readonly string[] };

export interface VerifiedMembership {
  /** The members of an epoch, undefined beyond the resolved chain. */
  membersOf(epoch: number): readonly string[] | undefined;
  /** The records to write (root first), [] when neither side has any. */
  records: MembershipRecord[];
  /** The last epoch's member keys, sorted. */
  current: string[];
}

/** The target's root from its membership table's rows and its configured members. */
export function trustedRootOf(targetRows: readonly unknown[], configured: readonly string[]): TrustedRoot {
  const root = resolveChain(targetRows).epochs[0];
  return root ? { record: root } : { keys: [...configured] };
}

export function verifyArchiveMembership(
  rows: readonly unknown[],
  root: TrustedRoot,
  source: string,
): VerifiedMembership {
  const refuse = (index: number, label: string, problem: string): never => {
    throw new ArchiveRowRefusedError(source, { kind: 'membership', index, label } as ArchiveRow, problem);
  };
  const zeros = rows.flatMap((row, index) => (epochOf(row) === 0 ? [{ row, index }] : []));
  if (zeros.length > 1) refuse(zeros[1]!.index, 'epoch 0', 'is a second record of epoch 0');
  const later = rows.filter((row) => epochOf(row) !== 0);
  const rootRecord = chooseRoot(zeros[0], root, later.length > 0, refuse);
  if (rootRecord === undefined) {
    const keys = [...(root as { keys: readonly string[] }).keys].sort();
    return { membersOf: (e) => (e === 0 ? keys : undefined), records: [], current: keys };
  }
  const chain = resolveChain([rootRecord, ...later], rootRecord.id);
  const bad = chain.ignored[0];
  if (bad !== undefined) {
    const index = rows.findIndex((r) => idOf(r) === bad.id && epochOf(r) === bad.epoch);
    refuse(index, `epoch ${String(bad.epoch)}, id ${String(bad.id)}`, `does not resolve: ${bad.reason}`);
  }
  const last = chain.epochs.at(-1) as MembershipRecord;
  return {
    membersOf: (e) => membersOfEpoch(chain, e),
    records: chain.epochs,
    current: keysOf(last),
  };
}

type Refuse = (index: number, label: string, problem: string) => never;

/** The record chains start from, or undefined: no record on either side (keys only). */
function chooseRoot(
  zero: { row: unknown; index: number } | undefined,
  root: TrustedRoot,
  hasLater: boolean,
  refuse: Refuse,
): MembershipRecord | undefined {
  const trusted = 'record' in root ? root.record : undefined;
  if (zero === undefined) {
    if (hasLater && trusted === undefined)
      refuse(
        0,
        'epochs after 0',
        'has no epoch 0 and this database has none either: nothing to resolve from',
      );
    return trusted;
  }
  const label = `epoch 0, id ${String(idOf(zero.row))}`;
  const parsed = membershipRecordSchema.safeParse(zero.row);
  if (!parsed.success) return refuse(zero.index, label, `is malformed (${parsed.error.issues[0]?.message})`);
  const record = parsed.data as MembershipRecord;
  if (trusted?.id === record.id) return trusted;
  const trustedKeys = trusted ? keysOf(trusted) : [...(root as { keys: readonly string[] }).keys].sort();
  if (keysOf(record).join(',') !== trustedKeys.join(','))
    refuse(
      zero.index,
      label,
      `names members [${keysOf(record).join(', ')}], not this federation's epoch 0 [${trustedKeys.join(', ')}]`,
    );
  if (trusted === undefined) return record; // the configured keys, named and ruled by the archive
  if (record.rule !== trusted.rule)
    refuse(
      zero.index,
      label,
      `has admission rule ${record.rule}; this federation's epoch 0 has ${trusted.rule}`,
    );
  if (hasLater)
    refuse(
      zero.index,
      label,
      `is not this federation's epoch 0 (id ${trusted.id}), so the records after it cannot be followed ` +
        'from here: restore into the federation the backup was taken from (same name and operators)',
    );
  return trusted; // a copy of the same keys under the same rule, starting nothing: keep ours
}

const keysOf = (r: MembershipRecord): string[] => r.members.map((m) => m.publicKey).sort();
const field = (row: unknown, name: string): unknown =>
  typeof row === 'object' && row !== null ? (row as Record<string, unknown>)[name] : undefined;
const epochOf = (row: unknown): unknown => field(row, 'epoch');
const idOf = (row: unknown): unknown => field(row, 'id');
