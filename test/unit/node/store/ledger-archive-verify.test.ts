// Issue 16: import verifies every row it writes; a tampered archive is refused naming the row.
import {
  buildCreate,
  buildTransfer,
  DEFAULT_POLICY,
  generateKeypair,
  makeBlock,
  makeVote,
  type Block,
  type Transaction,
  type Vote,
} from '../../../../src/node/core/index.js';
import { verifyLedgerArchive } from '../../../../src/node/store/ledger-archive-verify.js';
import {
  LEDGER_ARCHIVE_FORMAT,
  LEDGER_ARCHIVE_VERSION,
  sealLedgerArchive,
  type ArchivedBacklogRow,
  type LedgerArchive,
} from '../../../../src/protocol/ledger-archive.js';
import {
  trustedRootOf,
  type TrustedRoot,
} from '../../../../src/protocol/ledger-archive-verify-membership.js';
import {
  decideProposal,
  genesisRecord,
  membersNamedByKey,
  proposalFor,
  signBallot,
  signPossession,
} from '../../../../src/protocol/membership/index.js';
import { ledgerFixture } from './ledger-archive-fixture.js';

const f = ledgerFixture();
const c = f.members[2]!;
const bob = generateKeypair();
const stranger = generateKeypair();
const keysRoot: TrustedRoot = trustedRootOf([], f.keys);
const epoch0 = genesisRecord('bigchain', membersNamedByKey(f.keys), 'majority');
const recordRoot: TrustedRoot = { record: epoch0 };

const createBlock = f.block([f.create], 2_000);
const toBob = buildTransfer(f.create, 0, f.owner.privateKey, bob.publicKey);
const spendBlock = f.block([toBob], 3_000);

function archive(
  blocks: Block[],
  votes: Vote[] = blocks.slice(1).flatMap((b) => f.votes(b, true)),
  extra: { backlog?: ArchivedBacklogRow[]; membership?: unknown[]; members?: string[] } = {},
): LedgerArchive {
  return sealLedgerArchive({
    format: LEDGER_ARCHIVE_FORMAT,
    version: LEDGER_ARCHIVE_VERSION,
    createdAt: '2026-01-01T00:00:00.000Z',
    database: 'bigchain',
    engine: 'rethinkdb',
    members: extra.members ?? f.keys,
    ...(extra.membership ? { membership: extra.membership } : {}),
    blocks,
    votes,
    backlog: extra.backlog ?? [],
  });
}

const verify = (a: LedgerArchive, root: TrustedRoot = keysRoot) =>
  verifyLedgerArchive(a, { root, policy: DEFAULT_POLICY, source: 'x.json' });
const row = (txs: Transaction[]) => txs.map((tx) => ({ tx, assignee: f.keys[0]!, assignmentTimestampMs: 1 }));

describe('an honest archive verifies', () => {
  it('blocks, votes and a backlog row that spends a VALID output', async () => {
    const v = await verify(archive([f.genesis, createBlock], undefined, { backlog: row([f.transfer]) }));
    expect(v.plan.blocks.map((b) => b.id)).toEqual([createBlock.id]);
    expect(v.plan.votes).toHaveLength(3);
    expect(v.plan.backlog.map((r) => r.tx.id)).toEqual([f.transfer.id]);
    expect(v.droppedBacklog).toEqual([]);
  });

  it("with the target's own epoch 0 as its membership record", async () => {
    const v = await verify(
      archive([f.genesis, createBlock], undefined, { membership: [epoch0] }),
      recordRoot,
    );
    expect(v.membership.map((r) => r.id)).toEqual([epoch0.id]);
  });

  it('a block listed before the VALID block whose output it spends (clocks apart) waits for it', async () => {
    const early = f.block([toBob], 1_500);
    await expect(verify(archive([f.genesis, early, createBlock]))).resolves.toBeDefined();
  });

  it('invalid and undecided blocks are not replayed: the nodes judge them', async () => {
    const thief = buildTransfer(f.create, 0, stranger.privateKey, stranger.publicKey);
    const rejected = f.block([thief], 3_000);
    const votes = [...f.votes(createBlock, true), ...f.votes(rejected, false)];
    await expect(verify(archive([f.genesis, createBlock, rejected], votes))).resolves.toBeDefined();
  });
});

describe('a tampered archive is refused, naming the first bad row', () => {
  it('a block whose transactions were swapped under its genuine votes', async () => {
    const swapped = { ...createBlock, block: { ...createBlock.block, transactions: [toBob] } };
    await expect(verify(archive([f.genesis, swapped], f.votes(createBlock, true)))).rejects.toMatchObject({
      code: 'LEDGER_ARCHIVE_INVALID',
      row: { kind: 'block', index: 1 },
      message: expect.stringMatching(
        new RegExp(
          `x.json is refused: block #1 \\(id ${createBlock.id}\\) has an id that is not the hash of its body.*nothing was written`,
        ),
      ),
    });
  });

  it('a VALID block (genuine signatures) handing an output to a key that never owned it', async () => {
    const thief = buildTransfer(f.create, 0, stranger.privateKey, stranger.publicKey);
    const forged = f.block([thief], 3_000);
    await expect(verify(archive([f.genesis, createBlock, forged]))).rejects.toMatchObject({
      row: { kind: 'block', index: 2 },
      message: expect.stringMatching(
        new RegExp(
          `block #2 \\(id ${forged.id}, VALID by its votes\\) holds transaction #0 \\(${thief.id}\\) that is invalid.*TX_(FULFILLMENT|SIGNATURE)`,
        ),
      ),
    });
  });

  it('an edited block id', async () => {
    const edited = { ...createBlock, id: 'f'.repeat(64) };
    await expect(verify(archive([f.genesis, edited]))).rejects.toMatchObject({
      row: { kind: 'block', index: 1, label: `id ${'f'.repeat(64)}` },
      message: expect.stringContaining('has an id that is not the hash of its body'),
    });
  });

  it("a forged creator signature (a member's key named, another key signed)", async () => {
    const signed = makeBlock([f.create], stranger, f.keys, 2_000);
    const body = { ...signed.block, node_pubkey: f.a.publicKey };
    const forged = { ...makeBlock([f.create], f.a, f.keys, 2_000), signature: signed.signature };
    expect(forged.block).toEqual(body);
    await expect(verify(archive([f.genesis, forged]))).rejects.toMatchObject({
      row: { kind: 'block', index: 1 },
      message: expect.stringContaining(`is not signed by its creator ${f.a.publicKey}`),
    });
  });

  it('a block made by a key that is not a member', async () => {
    const foreign = makeBlock([f.create], stranger, f.keys, 2_000);
    await expect(verify(archive([f.genesis, foreign]))).rejects.toMatchObject({
      message: expect.stringContaining(`was created by ${stranger.publicKey}, not a member of epoch 0`),
    });
  });

  it('a vote by a non-member', async () => {
    const votes = [
      ...f.votes(createBlock, true),
      makeVote(createBlock.id, f.genesis.id, true, null, stranger, 5_000),
    ];
    await expect(verify(archive([f.genesis, createBlock], votes))).rejects.toMatchObject({
      row: { kind: 'vote', index: 3, label: `by ${stranger.publicKey} on block ${createBlock.id}` },
      message: expect.stringContaining('not a member of epoch 0 of the block'),
    });
  });

  it('a vote with a bad signature (its verdict flipped)', async () => {
    const [v0, ...rest] = f.votes(createBlock, false);
    const flipped = { ...v0!, vote: { ...v0!.vote, is_block_valid: true, invalid_reason: null } };
    await expect(verify(archive([f.genesis, createBlock], [flipped, ...rest]))).rejects.toMatchObject({
      row: { kind: 'vote', index: 0 },
      message: expect.stringContaining(`is not signed by its voter ${v0!.node_pubkey}`),
    });
  });

  it('a second vote of one voter on one block', async () => {
    const again = makeVote(createBlock.id, f.genesis.id, true, null, c, 9_000);
    const votes = [...f.votes(createBlock, true), again];
    await expect(verify(archive([f.genesis, createBlock], votes))).rejects.toMatchObject({
      row: { kind: 'vote', index: 3 },
      message: expect.stringContaining('a second vote of this voter on this block'),
    });
  });

  it("a membership epoch 0 of the archive's own, not the target's", async () => {
    const own = genesisRecord('bigchain', membersNamedByKey([stranger.publicKey]), 'majority');
    const a = archive([f.genesis, createBlock], undefined, { membership: [own] });
    await expect(verify(a, recordRoot)).rejects.toMatchObject({
      row: { kind: 'membership', index: 0 },
      message: expect.stringContaining(
        `names members [${stranger.publicKey}], not this federation's epoch 0`,
      ),
    });
    await expect(verify(a, keysRoot)).rejects.toMatchObject({ row: { kind: 'membership', index: 0 } });
  });

  it('an epoch after 0 approved by ballots of non-members', async () => {
    const draft = proposalFor(epoch0, { kind: 'admit', operator: 'x', publicKey: stranger.publicKey });
    const proposal = { ...draft, change: { ...draft.change, possession: signPossession(draft, stranger) } };
    const record = decideProposal(
      epoch0,
      proposal,
      f.members.map((k) => signBallot(proposal, true, k)),
    ).record!;
    const fake = [generateKeypair(), generateKeypair()].map((k) => signBallot(proposal, true, k));
    const forged = { ...record, ballots: fake };
    const members = [...f.keys, stranger.publicKey].sort();
    const a = archive([f.genesis, createBlock], undefined, { membership: [epoch0, forged], members });
    await expect(verify(a, recordRoot)).rejects.toMatchObject({
      row: { kind: 'membership', index: 1, label: `epoch 1, id ${record.id}` },
      message: expect.stringContaining('does not resolve: not approved under majority'),
    });
    // The honest record resolves (and blocks of epoch 0 keep their members).
    const honest = archive([f.genesis, createBlock], undefined, { membership: [epoch0, record], members });
    expect((await verify(honest, recordRoot)).membership.map((r) => r.epoch)).toEqual([0, 1]);
  });

  it('an output spent twice across VALID blocks', async () => {
    const toStranger = buildTransfer(f.create, 0, f.owner.privateKey, stranger.publicKey);
    const second = f.block([toStranger], 4_000);
    await expect(verify(archive([f.genesis, createBlock, spendBlock, second]))).rejects.toMatchObject({
      row: { kind: 'block', index: 3 },
      message: expect.stringContaining('TX_DOUBLE_SPEND'),
    });
  });

  it('an archive without sha256', async () => {
    const { sha256: _dropped, ...unsealed } = archive([f.genesis, createBlock]);
    await expect(verify(unsealed as LedgerArchive)).rejects.toMatchObject({
      code: 'LEDGER_ARCHIVE_INVALID',
      message: expect.stringMatching(
        /x.json has no sha256: import takes only sealed archives; .*bigchaindb export --out FILE/,
      ),
    });
  });

  it('a members field the membership records do not make', async () => {
    const a = archive([f.genesis, createBlock], undefined, {
      members: [...f.keys, stranger.publicKey].sort(),
    });
    await expect(verify(a)).rejects.toMatchObject({
      message: expect.stringContaining('its members field says'),
    });
  });
});

describe('backlog rows', () => {
  it('a row in conflict with a VALID block is dropped and reported', async () => {
    const again = buildTransfer(f.create, 0, f.owner.privateKey, stranger.publicKey);
    const v = await verify(
      archive([f.genesis, createBlock, spendBlock], undefined, { backlog: row([again]) }),
    );
    expect(v.plan.backlog).toEqual([]);
    expect(v.droppedBacklog).toEqual([expect.objectContaining({ txId: again.id, code: 'TX_DOUBLE_SPEND' })]);
  });

  it('a row that is invalid otherwise is refused', async () => {
    const thief = buildTransfer(f.create, 0, stranger.privateKey, stranger.publicKey);
    const fresh = buildCreate(generateKeypair(), { ok: 1 });
    const a = archive([f.genesis, createBlock], undefined, { backlog: row([fresh, thief]) });
    await expect(verify(a)).rejects.toMatchObject({
      row: { kind: 'backlog', index: 1, label: `transaction ${thief.id}` },
      message: expect.stringContaining('is invalid against the ledger'),
    });
  });
});
