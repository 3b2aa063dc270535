/** The `votes` table: one document per (block, voter). */
import { r } from 'rethinkdb-ts';
import type { Vote } from '../core/index.js';
import { voteDoc, voteFromDoc, voteKey, type VoteDoc } from './rows.js';
import { IDX } from './schema.js';
import type { KeyBatcher } from './key-batcher.js';
import { checkWrite, primaryKeyReader, type StoreContext } from './tables.js';

export class VoteQueries {
  /** Votes are never removed: "voter V voted on block B" stays true, so it is cached. */
  private readonly voted = new Map<string, Set<string>>();

  private readonly reader: KeyBatcher<VoteDoc>;

  constructor(private readonly c: StoreContext) {
    this.reader = primaryKeyReader(c, c.t.votes);
  }

  /** Insert with a key derived from (block, voter): a retry or a second vote is a no-op. */
  async write(vote: Vote): Promise<boolean> {
    const result = checkWrite(
      await this.c.db.run(this.c.t.votes.insert(voteDoc(vote), { conflict: 'error' })),
      'vote insert',
    );
    return result.inserted === 1;
  }

  async forBlock(blockId: string): Promise<Vote[]> {
    const query = this.c.t.votes.between([blockId, r.minval], [blockId, r.maxval], {
      index: IDX.voteBlockVoter,
    });
    const docs = (await this.c.db.run(query)) as VoteDoc[];
    return docs.map(voteFromDoc);
  }

  /**
   * The votes of these voters on a block, by primary key (what the election counts: a vote
   * from a non-voter is ignored anyway, and a voter has one document per block).
   */
  async ofVoters(blockId: string, voters: readonly string[]): Promise<Vote[]> {
    return (await this.byKeys(voters.map((v) => voteKey(blockId, v)))).map(voteFromDoc);
  }

  /** Which of these blocks `voter` has voted on (primary-key lookups; positives are cached). */
  async votedAmong(voter: string, blockIds: readonly string[]): Promise<Set<string>> {
    let known = this.voted.get(voter);
    if (known === undefined) this.voted.set(voter, (known = new Set()));
    const unknown = blockIds.filter((id) => !known.has(id));
    for (let i = 0; i < unknown.length; i += 500) {
      const docs = await this.byKeys(unknown.slice(i, i + 500).map((id) => voteKey(id, voter)));
      for (const doc of docs) known.add(doc.vote.voting_for_block);
    }
    return new Set(blockIds.filter((id) => known.has(id)));
  }

  private async byKeys(keys: readonly string[]): Promise<VoteDoc[]> {
    return (await this.reader.loadMany(keys)).filter((d): d is VoteDoc => d !== null);
  }

  /** The block this voter voted on last (latest vote timestamp, then block id). */
  async lastVotedBlockId(voter: string): Promise<string | null> {
    const query = this.c.t.votes
      .getAll(voter, { index: IDX.voteVoter })
      .pluck({ vote: ['voting_for_block', 'timestamp'] });
    const rows = (await this.c.db.run(query)) as { vote: { voting_for_block: string; timestamp: string } }[];
    let best: { t: number; id: string } | null = null;
    for (const { vote } of rows) {
      const t = Number(vote.timestamp);
      if (best === null || t > best.t || (t === best.t && vote.voting_for_block > best.id))
        best = { t, id: vote.voting_for_block };
    }
    return best?.id ?? null;
  }

  async count(): Promise<number> {
    return this.c.db.run(this.c.t.votes.count());
  }
}
