import { applyChange, changeProblem } from './change.js';
import { recordId } from './record.js';
import { tallyBallots } from './rule.js';
import { membershipRecordSchema } from './schema.js';
import type { MembershipRecord } from './types.js';

export interface IgnoredRecord {
  epoch: unknown;
  id: unknown;
  reason: string;
}

/**
 * Where a chain starts (issue 16): what the reader already trusts, never merely what the table
 * holds. `record`: the genesis record itself (a node's pinned config, an archive's verified
 * root): epoch 0 is exactly it, whatever the rows say. `id` (or a bare string): the row of epoch
 * 0 with this id, its content re-hashed. `keys` (a config without a pinned root): the one row of
 * epoch 0 naming exactly these member keys (and this federation, when given).
 */
export type ChainRoot =
  string | { record: MembershipRecord } | { id: string } | { keys: readonly string[]; federation?: string };

export interface MembershipChain {
  /** Epoch 0, 1, ... n without gaps; the last is the current one. */
  epochs: MembershipRecord[];
  /** Rows that are not part of the chain, with why (reported in /health and status). */
  ignored: IgnoredRecord[];
  /**
   * Set when two different records are each approved as the same next epoch (only possible when
   * members signed both): the chain stops before that epoch, and no node follows either of them
   * until all but one are removed by an operator.
   */
  conflict?: { epoch: number; ids: string[] };
}

/**
 * The chain of epochs from the rows of the membership table, in any order, from `root`. Each next
 * epoch must name the previous record's id, carry the root's federation, apply one change to its
 * members, carry a correct id, and be approved by the previous epoch's members under its rule.
 * Several rows may be candidates for one epoch (the table's key is the record id): the one
 * approved record is taken; the others are ignored with a reason, so a row without valid ballots
 * never holds an epoch. Without a root (callers that have none), the one row of epoch 0 is taken
 * as it is: that trusts whoever wrote the table.
 */
export function resolveChain(rows: readonly unknown[], root?: ChainRoot): MembershipChain {
  const ignored: IgnoredRecord[] = [];
  const byEpoch = new Map<number, MembershipRecord[]>();
  for (const row of rows) {
    const parsed = membershipRecordSchema.safeParse(row);
    if (!parsed.success) {
      ignored.push({ ...idOf(row), reason: `malformed: ${parsed.error.issues[0]?.message ?? 'invalid'}` });
      continue;
    }
    const r = parsed.data as MembershipRecord;
    const same = byEpoch.get(r.epoch) ?? [];
    // The same record twice (an archive, a legacy table copied over): one candidate.
    if (!same.some((s) => s.id === r.id && JSON.stringify(s) === JSON.stringify(r)))
      byEpoch.set(r.epoch, [...same, r]);
  }
  const genesis = chooseGenesis(byEpoch.get(0) ?? [], normalize(root), ignored);
  if (genesis === undefined) return { epochs: [], ignored: [...ignored, ...beyond(byEpoch, 0)] };
  const epochs: MembershipRecord[] = [genesis];
  let conflict: MembershipChain['conflict'];
  for (let epoch = 1; byEpoch.has(epoch); epoch++) {
    const current = epochs[epochs.length - 1] as MembershipRecord;
    const approved: MembershipRecord[] = [];
    for (const candidate of byEpoch.get(epoch) ?? []) {
      const reason = problemOf(current, candidate);
      if (reason === null) approved.push(candidate);
      else ignored.push({ epoch, id: candidate.id, reason });
    }
    if (approved.length > 1) {
      const ids = approved.map((a) => a.id).sort();
      conflict = { epoch, ids };
      for (const a of approved)
        ignored.push({
          epoch,
          id: a.id,
          reason: `conflict: ${ids.length} different records are approved as epoch ${epoch} (${ids.join(', ')}); the chain stops at epoch ${epoch - 1} until an operator removes all but one`,
        });
      break;
    }
    const next = approved[0];
    if (!next) break;
    epochs.push(next);
  }
  ignored.push(...beyond(byEpoch, epochs.length));
  return conflict ? { epochs, ignored, conflict } : { epochs, ignored };
}

type Root =
  | { kind: 'record'; record: MembershipRecord }
  | { kind: 'id'; id: string }
  | { kind: 'keys'; keys: string[]; federation?: string }
  | { kind: 'none' };

function normalize(root: ChainRoot | undefined): Root {
  if (root === undefined) return { kind: 'none' };
  if (typeof root === 'string') return { kind: 'id', id: root };
  if ('record' in root) return { kind: 'record', record: root.record };
  if ('id' in root) return { kind: 'id', id: root.id };
  const keys = [...new Set(root.keys)].sort();
  return root.federation === undefined
    ? { kind: 'keys', keys }
    : { kind: 'keys', keys, federation: root.federation };
}

/** Epoch 0 from the root; every row of epoch 0 that is not it is ignored with why. */
function chooseGenesis(
  zeros: readonly MembershipRecord[],
  root: Root,
  ignored: IgnoredRecord[],
): MembershipRecord | undefined {
  const ignore = (r: MembershipRecord, reason: string): void => {
    ignored.push({ epoch: 0, id: r.id, reason });
  };
  const wellFormed = zeros.filter((r) => {
    const problem = genesisProblem(r);
    if (problem !== null) ignore(r, problem);
    return problem === null;
  });
  if (root.kind === 'record') {
    for (const r of wellFormed)
      if (r.id !== root.record.id)
        ignore(
          r,
          `not the bootstrap epoch this node was configured with (${root.record.id}): ignored, never followed`,
        );
    return root.record;
  }
  const fits = wellFormed.filter((r) =>
    root.kind === 'id'
      ? r.id === root.id
      : root.kind === 'keys'
        ? keysOf(r) === root.keys.join(',') &&
          (root.federation === undefined || r.federation === root.federation)
        : true,
  );
  const chosen = fits.length === 1 ? fits[0] : undefined;
  const why =
    root.kind === 'id'
      ? `not the bootstrap epoch this node was configured with (${root.id})`
      : root.kind === 'keys'
        ? fits.length > 1
          ? `one of ${fits.length} records of epoch 0 naming this node's configured members: none is followed; pin the genesis in the config`
          : `not the bootstrap epoch this node started from (it names other members than the configured ones: ${root.keys.length} keys)`
        : fits.length > 1
          ? `one of ${fits.length} records of epoch 0: none is followed`
          : 'not the bootstrap epoch this node started from';
  for (const r of wellFormed) if (r !== chosen) ignore(r, why);
  return chosen;
}

function genesisProblem(r: MembershipRecord): string | null {
  if (r.previous !== null || r.change !== null || r.ballots.length > 0)
    return 'an epoch-0 record names no previous record, no change and no ballots';
  if (recordId(r) !== r.id) return 'its id does not match its content';
  return null;
}

/** Rows past the resolved chain: no valid epoch before them. */
function beyond(byEpoch: ReadonlyMap<number, MembershipRecord[]>, resolved: number): IgnoredRecord[] {
  const out: IgnoredRecord[] = [];
  for (const [epoch, rs] of [...byEpoch].sort(([a], [b]) => a - b))
    if (epoch > resolved && epoch > 0)
      for (const r of rs) out.push({ epoch, id: r.id, reason: `no valid epoch ${epoch - 1} before it` });
  return out;
}

function problemOf(current: MembershipRecord, candidate: MembershipRecord): string | null {
  if (candidate.federation !== current.federation)
    return `is a record of federation "${candidate.federation}", not "${current.federation}"`;
  if (candidate.previous !== current.id)
    return `names ${String(candidate.previous)} as previous, not ${current.id}`;
  if (candidate.change === null) return 'names no change';
  if (candidate.rule !== current.rule) return `changes the rule from ${current.rule} to ${candidate.rule}`;
  if (recordId(candidate) !== candidate.id) return 'its id does not match its content';
  const proposal = {
    federation: current.federation,
    epoch: candidate.epoch,
    previous: current.id,
    change: candidate.change,
  };
  const problem = changeProblem(current.members, proposal);
  if (problem !== null) return problem;
  const expected = applyChange(current.members, candidate.change).map((m) => `${m.operator}=${m.publicKey}`);
  if (expected.join(',') !== candidate.members.map((m) => `${m.operator}=${m.publicKey}`).join(','))
    return 'its members are not the previous members with its change applied';
  const tally = tallyBallots(
    current.rule,
    current.members.map((m) => m.publicKey),
    proposal,
    candidate.ballots,
  );
  if (tally.outcome !== 'approved')
    return `not approved under ${current.rule} (${tally.approvals.length} of ${tally.electorate} valid yes ballots)`;
  return null;
}

const keysOf = (r: MembershipRecord): string =>
  r.members
    .map((m) => m.publicKey)
    .sort()
    .join(',');

const idOf = (row: unknown): { epoch: unknown; id: unknown } =>
  typeof row === 'object' && row !== null
    ? { epoch: (row as Record<string, unknown>).epoch, id: (row as Record<string, unknown>).id }
    : { epoch: undefined, id: undefined };

/** The members (public keys) of `epoch`, or undefined when the chain does not reach it. */
export function membersOfEpoch(chain: MembershipChain, epoch: number): string[] | undefined {
  return chain.epochs[epoch]?.members.map((m) => m.publicKey);
}
