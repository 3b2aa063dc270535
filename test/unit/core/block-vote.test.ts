import {
  computeBlockId,
  isGenesisBlock,
  judgeBlock,
  singleEpoch,
  makeBlock,
  makeGenesisBlock,
  makeVote,
  validateBlockTransactions,
  verifyBlock,
  verifyVote,
  BlockInvalidError,
  DEFAULT_POLICY,
  MAX_INVALID_REASON,
  type Block,
} from '../../../src/node/core/index.js';
import { canonicalJson, decodeBase58, sha3_256Hex, verifyBytes } from '../../../src/shared/crypto/index.js';
import { alice, bob, carol, clone, createFor, factsWith, transferFrom } from './fixtures.js';

const federation = [alice.publicKey, bob.publicKey, carol.publicKey];
const create = createFor(alice, '3');
const t1 = transferFrom(create, alice, bob);

describe('blocks', () => {
  const block = makeBlock([create], alice, federation, 1_700_000_000_123);

  it('id is the sha3 of the canonical body; the signature is over the canonical body', () => {
    expect(block.id).toBe(sha3_256Hex(canonicalJson(block.block)));
    expect(computeBlockId(block.block)).toBe(block.id);
    expect(block.block.timestamp).toBe('1700000000123');
    expect(
      verifyBytes(Buffer.from(canonicalJson(block.block)), decodeBase58(block.signature), alice.publicKey),
    ).toBe(true);
    expect(verifyBlock(block)).toBe(block);
  });

  it.each([
    ['malformed', (b: Block) => ((b.block as { voters: unknown }).voters = 'x'), 'BLOCK_SCHEMA'],
    ['body changed, id kept', (b: Block) => b.block.voters.pop(), 'BLOCK_ID_MISMATCH'],
    [
      'body changed, id recomputed',
      (b: Block) => (b.block.voters.pop(), (b.id = computeBlockId(b.block))),
      'BLOCK_SIGNATURE_INVALID',
    ],
    [
      'creator swapped',
      (b: Block) => ((b.block.node_pubkey = bob.publicKey), (b.id = computeBlockId(b.block))),
      'BLOCK_SIGNATURE_INVALID',
    ],
    ['signature garbage', (b: Block) => (b.signature = '0000'), 'BLOCK_SCHEMA'],
  ] as [string, (b: Block) => unknown, string][])('rejects %s with %s', (_name, tamper, code) => {
    const copy = clone(block);
    tamper(copy);
    expect(() => verifyBlock(copy)).toThrow(expect.objectContaining({ code }));
    expect(() => verifyBlock(copy)).toThrow(BlockInvalidError);
  });

  it('tolerates extra top-level fields a database adds', () => {
    expect(() => verifyBlock({ ...block, _rev: 1 })).not.toThrow();
  });
});

describe('judging a block (what a voter decides)', () => {
  it('valid when signed by a member and every transaction is valid', async () => {
    const block = makeBlock([t1], bob, federation);
    expect(await judgeBlock(block, factsWith(create), DEFAULT_POLICY, singleEpoch(federation))).toEqual({
      valid: true,
    });
  });

  it('its own transactions are not duplicates once it is valid (late voter)', async () => {
    const block = makeBlock([t1], bob, federation);
    const facts = factsWith(create);
    facts.addBlock(block.id, [t1], 'valid');
    expect(await judgeBlock(block, facts, DEFAULT_POLICY, singleEpoch(federation))).toEqual({ valid: true });
  });

  it.each([
    [
      'a creator outside the federation',
      () => makeBlock([t1], bob, federation),
      [alice.publicKey],
      'BLOCK_SIGNER_UNKNOWN',
    ],
    [
      'an invalid transaction',
      () => makeBlock([transferFrom(create, bob, carol)], bob, federation),
      federation,
      'BLOCK_TX_INVALID',
    ],
    [
      'a bad id',
      () => ({ ...makeBlock([t1], bob, federation), id: 'a'.repeat(64) }),
      federation,
      'BLOCK_ID_MISMATCH',
    ],
  ] as [string, () => unknown, string[], string][])('invalid for %s', async (_name, make, members, code) => {
    const verdict = await judgeBlock(make(), factsWith(create), DEFAULT_POLICY, singleEpoch(members));
    expect(verdict).toMatchObject({ valid: false, code });
    if (!verdict.valid) expect(verdict.reason.length).toBeGreaterThan(10);
  });
});

describe('transactions of one block', () => {
  it('rejects a repeated id and a second spender of an output, keeping the first', async () => {
    const rival = transferFrom(create, alice, carol);
    const { valid, invalid } = await validateBlockTransactions([t1, t1, rival, 'junk'], factsWith(create));
    expect(valid).toEqual([t1]);
    expect(invalid.map((i) => i.error.code)).toEqual(['TX_DUPLICATE', 'TX_DOUBLE_SPEND', 'TX_SCHEMA']);
    expect(invalid[1]?.tx).toBe(rival);
  });

  it('facts failures propagate instead of becoming verdicts', async () => {
    const broken = factsWith(create);
    broken.getCommittedTransaction = () => Promise.reject(new Error('database down'));
    await expect(validateBlockTransactions([t1], broken)).rejects.toThrow('database down');
    await expect(
      judgeBlock(makeBlock([t1], bob, federation), broken, DEFAULT_POLICY, singleEpoch(federation)),
    ).rejects.toThrow('database down');
  });
});

describe('votes', () => {
  const block = makeBlock([create], alice, federation);

  it('are signed over the canonical vote body and verify', () => {
    const vote = makeVote(block.id, 'e'.repeat(64), false, 'BLOCK_TX_INVALID: bad', bob, 1_700_000_000_000);
    expect(vote.vote).toEqual({
      voting_for_block: block.id,
      previous_block: 'e'.repeat(64),
      is_block_valid: false,
      invalid_reason: 'BLOCK_TX_INVALID: bad',
      timestamp: '1700000000000',
    });
    expect(
      verifyBytes(Buffer.from(canonicalJson(vote.vote)), decodeBase58(vote.signature), bob.publicKey),
    ).toBe(true);
    expect(verifyVote(vote)).toBe(true);
    expect(makeVote(block.id, block.id, true, 'ignored', bob).vote.invalid_reason).toBeNull();
  });

  it('shorten an over-long invalid_reason so that the vote stays valid', () => {
    const vote = makeVote(block.id, block.id, false, 'x'.repeat(5000), bob);
    expect(vote.vote.invalid_reason).toHaveLength(MAX_INVALID_REASON);
    expect(verifyVote(vote)).toBe(true);
  });

  it('reject tampering', () => {
    const vote = makeVote(block.id, block.id, true, null, bob);
    expect(verifyVote({ ...vote, vote: { ...vote.vote, is_block_valid: false } })).toBe(false);
    expect(verifyVote({ ...vote, node_pubkey: alice.publicKey })).toBe(false);
    expect(verifyVote({ ...vote, signature: 'x' })).toBe(false);
    expect(verifyVote({ vote: vote.vote })).toBe(false);
    expect(verifyVote(null)).toBe(false);
  });
});

describe('genesis', () => {
  it('is an empty block with the creator as its only voter', () => {
    const g = makeGenesisBlock(alice, 1);
    expect(g.block).toMatchObject({
      transactions: [],
      voters: [alice.publicKey],
      node_pubkey: alice.publicKey,
      timestamp: '1',
    });
    expect(verifyBlock(g)).toBe(g);
    expect(isGenesisBlock(g)).toBe(true);
    expect(isGenesisBlock(makeBlock([create], alice, [alice.publicKey]))).toBe(false);
  });
});
