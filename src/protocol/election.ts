import { isGenesisBlock, type Block } from './block.js';
import { isVoteShaped, verifyVote, type Vote } from './vote.js';

export type ElectionStatus = 'valid' | 'invalid' | 'undecided';
export type IgnoredReason = 'malformed' | 'other_block' | 'not_a_voter' | 'bad_signature' | 'duplicate';

export interface Election {
  blockId: string;
  status: ElectionStatus;
  /** number of distinct voters listed in the block */
  voters: number;
  validVotes: number;
  invalidVotes: number;
  counted: Vote[];
  ignored: { vote: unknown; reason: IgnoredReason }[];
}

/**
 * Counts the votes on `block`: VALID when more than half of its voters cast valid, correctly
 * signed votes; INVALID when at least half cast invalid ones; otherwise UNDECIDED. Votes from
 * non-voters, for other blocks, badly signed or malformed are ignored, and so is every vote of
 * a voter after its first. "First" means lowest timestamp, then lowest signature, so that every
 * node computes the same result whatever order its database returns the votes in.
 *
 * `members` (the federation's member keys as this node knows them): the block's creator writes
 * `voters`, so without them a member could list only itself (or keys it holds) and elect its own
 * block. With them, only members' votes count, and a block whose voters leave out a member is
 * INVALID (that member could not even vote on it). Membership changes would need the members of
 * the block's time here; the node has no admit/remove yet.
 */
export function electBlock(block: Block, votes: readonly unknown[], members?: readonly string[]): Election {
  const voters = electorate(block.block.voters, members);
  const election: Election = {
    blockId: block.id,
    status: 'undecided',
    voters: voters.size,
    validVotes: 0,
    invalidVotes: 0,
    counted: [],
    ignored: [],
  };
  const seen = new Set<string>();
  for (const vote of sortForElection(votes)) {
    const reason = ignoreReason(vote, block.id, voters, seen);
    if (reason !== null) {
      election.ignored.push({ vote, reason });
      continue;
    }
    const v = vote as Vote;
    seen.add(v.node_pubkey);
    election.counted.push(v);
    if (v.vote.is_block_valid) election.validVotes++;
    else election.invalidVotes++;
  }
  const listsEveryMember = members?.every((m) => block.block.voters.includes(m)) ?? true;
  const genesis = isGenesisBlock(block); // no transactions: nothing to commit, whoever made it
  election.status = genesis || listsEveryMember ? decide(election, genesis) : 'invalid';
  return election;
}

/** Who may vote: the block's voters, and of them only members when the members are known. */
function electorate(listed: readonly string[], members: readonly string[] | undefined): Set<string> {
  if (members === undefined) return new Set(listed);
  const memberSet = new Set(members);
  return new Set(listed.filter((k) => memberSet.has(k)));
}

function ignoreReason(
  vote: unknown,
  blockId: string,
  voters: Set<string>,
  seen: Set<string>,
): IgnoredReason | null {
  if (!isVoteShaped(vote)) return 'malformed';
  if (vote.vote.voting_for_block !== blockId) return 'other_block';
  if (!voters.has(vote.node_pubkey)) return 'not_a_voter';
  if (!verifyVote(vote)) return 'bad_signature';
  if (seen.has(vote.node_pubkey)) return 'duplicate';
  return null;
}

function decide(e: Election, genesis: boolean): ElectionStatus {
  if (genesis) return 'valid';
  if (e.validVotes * 2 > e.voters) return 'valid';
  if (e.invalidVotes * 2 >= e.voters) return 'invalid';
  return 'undecided';
}

function sortForElection(votes: readonly unknown[]): unknown[] {
  const shaped = votes.filter(isVoteShaped);
  const rest = votes.filter((v) => !isVoteShaped(v));
  shaped.sort((a, b) => {
    const ta = BigInt(a.vote.timestamp);
    const tb = BigInt(b.vote.timestamp);
    if (ta !== tb) return ta < tb ? -1 : 1;
    return a.signature < b.signature ? -1 : a.signature > b.signature ? 1 : 0;
  });
  return [...shaped, ...rest];
}
