// Issue 16: what `bigchaindb membership pending` reports, and commit's guard against stacking a
// new epoch on undecided blocks of an older one (pure parts and the guard over a small fake).
import {
  generateKeypair,
  makeBlock,
  makeVote,
  type Block,
  type Vote,
} from '../../../../src/node/core/index.js';
import {
  EpochPendingError,
  pendingReport,
  refuseStackedEpochs,
} from '../../../../src/node/cli/commands/membership-pending.js';
import { genesisRecord, membersNamedByKey } from '../../../../src/protocol/membership/index.js';
import { buildCreate } from '../../../../src/protocol/index.js';

const [a, b, c] = [generateKeypair(), generateKeypair(), generateKeypair()];
const keys = [a, b, c].map((k) => k.publicKey);
const tx = () => buildCreate(generateKeypair(), { n: Math.random() });
const PREV = '0'.repeat(64);

describe('membership pending and the commit guard (issue 16)', () => {
  const old = makeBlock([tx()], a, keys, 1_000, 0);
  const current = makeBlock([tx()], a, [a.publicKey, b.publicKey], 2_000, 1);
  const votes = new Map<string, Vote[]>([
    [old.id, [makeVote(old.id, PREV, true, null, a)]],
    [current.id, [makeVote(current.id, PREV, true, null, a), makeVote(old.id, PREV, true, null, b)]],
  ]);
  const votesOf = (id: string) => votes.get(id) ?? [];

  it('lists undecided blocks with who voted and who is silent; --voter keeps the blocks naming it', () => {
    const all = pendingReport(1, [old, current], votesOf);
    expect(all).toMatchObject({ epoch: 1, count: 2, olderEpochs: 1 });
    expect(all.blocks[0]).toEqual({
      id: old.id,
      epoch: 0,
      voters: keys,
      voted: [a.publicKey],
      silent: [b.publicKey, c.publicKey],
    });
    // A vote for another block (b's, filed under this one) does not count.
    expect(all.blocks[1]!.silent).toEqual([b.publicKey]);
    const gamma = pendingReport(1, [old, current], votesOf, c.publicKey);
    expect(gamma).toMatchObject({ count: 1, olderEpochs: 1, voter: c.publicKey });
    expect(gamma.blocks.map((x) => x.id)).toEqual([old.id]);
  });

  it('commit is refused while a block of an older epoch is undecided, naming it and its silent voters', async () => {
    const genesis = genesisRecord('bigchain', membersNamedByKey(keys), 'majority');
    const epoch1 = {
      ...genesis,
      epoch: 1,
      members: genesis.members.filter((m) => m.publicKey !== c.publicKey),
    };
    const chain = { epochs: [genesis, epoch1], ignored: [] };
    const store = (blocks: Block[]) => ({
      getUndecidedBlocks: async () => blocks,
      getVotes: async (id: string) => votesOf(id),
    });
    await expect(refuseStackedEpochs(store([current]), chain)).resolves.toBeUndefined();
    const refused = refuseStackedEpochs(store([old, current]), chain);
    await expect(refused).rejects.toBeInstanceOf(EpochPendingError);
    await expect(refused).rejects.toMatchObject({
      code: 'MEMBERSHIP_EPOCH_PENDING',
      message: expect.stringMatching(
        new RegExp(
          `^1 block\\(s\\) of an epoch older than the current epoch 1 are still undecided \\(${old.id} \\(epoch 0\\)\\).*member-${c.publicKey.slice(0, 8)} \\(${c.publicKey}\\).*--allow-pending`,
        ),
      ),
    });
  });
});
