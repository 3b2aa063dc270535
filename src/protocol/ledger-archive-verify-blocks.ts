/**
 * The blocks and votes of an archive, checked row by row before import writes any (issue 16).
 * A block: its body has exactly the block fields, its id is the hash of its body, its signature
 * is its creator's, its creator is a member of its epoch and its voters are exactly that epoch's
 * members. A vote: its signature is its voter's, its voter a member of the voted block's epoch,
 * and one vote per (block, voter), as the votes table keys them. Genesis-shaped blocks and the
 * votes on blocks the archive does not hold are not written (the target has its own genesis),
 * so they are not checked. Pure; the first bad row is refused (ArchiveRowRefusedError).
 */
import { canonicalJson } from '../shared/crypto/index.js';
import { blockIdOf, epochOfBlock, isGenesisBlock, type Block, type Vote } from './block.js';
import { ArchiveRowRefusedError, type ArchiveRow } from './ledger-archive-errors.js';
import { verifyPayload } from './signed-json.js';
import { verifyVote } from './vote.js';

export type MembersOf = (epoch: number) => readonly string[] | undefined;

const BODY_FIELDS = new Set(['timestamp', 'transactions', 'node_pubkey', 'voters', 'epoch']);

/** The blocks import writes (genesis-shaped ones left out), each verified; by id. */
export function verifyArchiveBlocks(
  blocks: readonly Block[],
  membersOf: MembersOf,
  source: string,
): Map<string, Block> {
  const byId = new Map<string, Block>();
  blocks.forEach((block, index) => {
    if (isGenesisBlock(block)) return;
    const row: ArchiveRow = { kind: 'block', index, label: `id ${block.id}` };
    const problem = blockProblem(block, membersOf) ?? (byId.has(block.id) ? 'appears twice' : null);
    if (problem !== null) throw new ArchiveRowRefusedError(source, row, problem);
    byId.set(block.id, block);
  });
  return byId;
}

function blockProblem(block: Block, membersOf: MembersOf): string | null {
  const body = block.block;
  const extra = Object.keys(body).filter((k) => !BODY_FIELDS.has(k));
  if (extra.length > 0) return `has fields a block body does not have: ${extra.join(', ')}`;
  if (body.epoch !== undefined && !(Number.isSafeInteger(body.epoch) && body.epoch >= 0))
    return `has epoch ${JSON.stringify(body.epoch)}, not a non-negative integer`;
  const id = blockIdOf(body);
  if (id !== block.id) return `has an id that is not the hash of its body (the body hashes to ${id})`;
  if (!verifyPayload(canonicalJson(body), block.signature, body.node_pubkey))
    return `is not signed by its creator ${body.node_pubkey}`;
  const epoch = epochOfBlock(block);
  const members = membersOf(epoch);
  if (members === undefined)
    return `was made in membership epoch ${epoch}, which the membership records do not reach`;
  if (!members.includes(body.node_pubkey))
    return `was created by ${body.node_pubkey}, not a member of epoch ${epoch}`;
  const voters = new Set(body.voters);
  const exact =
    voters.size === body.voters.length &&
    voters.size === members.length &&
    members.every((m) => voters.has(m));
  if (!exact)
    return `lists voters [${body.voters.join(', ')}], not the members of epoch ${epoch} [${[...members].join(', ')}]`;
  return null;
}

/** The votes import writes (those on `blocks`), each verified. */
export function verifyArchiveVotes(
  votes: readonly Vote[],
  blocks: ReadonlyMap<string, Block>,
  membersOf: MembersOf,
  source: string,
): Vote[] {
  const seen = new Set<string>();
  const out: Vote[] = [];
  votes.forEach((vote, index) => {
    const block = blocks.get(vote.vote.voting_for_block);
    if (block === undefined) return;
    const row: ArchiveRow = {
      kind: 'vote',
      index,
      label: `by ${vote.node_pubkey} on block ${block.id}`,
    };
    const key = `${block.id}:${vote.node_pubkey}`;
    const problem = voteProblem(vote, block, membersOf) ?? (seen.has(key) ? duplicate : null);
    if (problem !== null) throw new ArchiveRowRefusedError(source, row, problem);
    seen.add(key);
    out.push(vote);
  });
  return out;
}

// The votes table holds one row per (block, voter): which of two would count depends on which
// insert lands first, so an archive (one row per key when exported) with two is refused.
const duplicate = 'is a second vote of this voter on this block (an export holds one per block and voter)';

function voteProblem(vote: Vote, block: Block, membersOf: MembersOf): string | null {
  const signed: boolean = verifyVote(vote); // not as a type guard: `vote` is a Vote already
  if (!signed) return `is not signed by its voter ${vote.node_pubkey}`;
  const epoch = epochOfBlock(block);
  if (!(membersOf(epoch) ?? []).includes(vote.node_pubkey))
    return `is cast by ${vote.node_pubkey}, not a member of epoch ${epoch} of the block`;
  return null;
}
