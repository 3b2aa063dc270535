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

export interface MembershipChain {
  /** Epoch 0, 1, ... n without gaps; the last is the current one. */
  epochs: MembershipRecord[];
  /** Rows that are not part of the chain, with why (reported in /health and status). */
  ignored: IgnoredRecord[];
}

/**
 * The chain of epochs from the rows of the membership table, in any order. Epoch 0 is taken as
 * the bootstrap when `genesisId` matches (or, without it, when exactly one epoch 0 exists); each
 * next epoch must name the previous record's id, apply to its members, carry a correct id, and
 * be approved by the previous epoch's members under its rule. Anything else is ignored with a
 * reason: a record without valid ballots never changes who the members are.
 */
export function resolveChain(rows: readonly unknown[], genesisId?: string): MembershipChain {
  const ignored: IgnoredRecord[] = [];
  const records: MembershipRecord[] = [];
  for (const row of rows) {
    const parsed = membershipRecordSchema.safeParse(row);
    if (parsed.success) records.push(parsed.data as MembershipRecord);
    else ignored.push({ ...idOf(row), reason: `malformed: ${parsed.error.issues[0]?.message ?? 'invalid'}` });
  }
  const byEpoch = new Map<number, MembershipRecord[]>();
  for (const r of records) byEpoch.set(r.epoch, [...(byEpoch.get(r.epoch) ?? []), r]);
  const epochs: MembershipRecord[] = [];
  const genesisCandidates = (byEpoch.get(0) ?? []).filter(
    (r) => genesisId === undefined || r.id === genesisId,
  );
  const genesis = genesisCandidates.length === 1 ? genesisCandidates[0] : undefined;
  for (const r of byEpoch.get(0) ?? [])
    if (r !== genesis)
      ignored.push({ epoch: 0, id: r.id, reason: 'not the bootstrap epoch this node started from' });
  if (genesis === undefined) return { epochs, ignored };
  epochs.push(genesis);
  for (let epoch = 1; byEpoch.has(epoch); epoch++) {
    const current = epochs[epochs.length - 1] as MembershipRecord;
    let next: MembershipRecord | undefined;
    for (const candidate of byEpoch.get(epoch) ?? []) {
      const reason = next ? 'a second record for this epoch' : problemOf(current, candidate);
      if (reason === null) next = candidate;
      else ignored.push({ epoch, id: candidate.id, reason });
    }
    if (!next) break;
    epochs.push(next);
  }
  const last = epochs.length;
  for (const [epoch, rs] of byEpoch)
    if (epoch > last)
      for (const r of rs) ignored.push({ epoch, id: r.id, reason: `no valid epoch ${epoch - 1} before it` });
  return { epochs, ignored };
}

function problemOf(current: MembershipRecord, candidate: MembershipRecord): string | null {
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

const idOf = (row: unknown): { epoch: unknown; id: unknown } =>
  typeof row === 'object' && row !== null
    ? { epoch: (row as Record<string, unknown>).epoch, id: (row as Record<string, unknown>).id }
    : { epoch: undefined, id: undefined };

/** The members (public keys) of `epoch`, or undefined when the chain does not reach it. */
export function membersOfEpoch(chain: MembershipChain, epoch: number): string[] | undefined {
  return chain.epochs[epoch]?.members.map((m) => m.publicKey);
}
