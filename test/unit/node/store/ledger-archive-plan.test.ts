import { assembleArchive, planImport } from '../../../../src/node/store/ledger-archive-plan.js';
import { assignBacklog } from '../../../../src/node/store/ledger-archive-import.js';
import { checkLedgerArchive } from '../../../../src/protocol/ledger-archive.js';
import { buildCreate, generateKeypair } from '../../../../src/node/core/index.js';
import { ledgerFixture } from './ledger-archive-fixture.js';

const reads = (f: ReturnType<typeof ledgerFixture>) => {
  const valid = f.block([f.create], 2_000);
  const invalid = f.block([f.transfer], 3_000);
  const undecided = f.block([buildCreate(generateKeypair(), { u: 1 })], 4_000);
  const later = f.block([buildCreate(generateKeypair(), { late: 1 })], 5_000);
  const pendingTx = buildCreate(generateKeypair(), { pending: 1 });
  return {
    blocks: { valid, invalid, undecided, later },
    pendingTx,
    reads: {
      createdAt: '2026-01-01T00:00:00.000Z',
      database: 'bigchain',
      engine: 'reqlite' as const,
      members: [...f.keys].reverse(),
      backlog: [
        { tx: pendingTx, assignee: f.keys[0]!, assignmentTimestampMs: 1 },
        // left the backlog for a block after the backlog read: dropped
        { tx: f.create, assignee: f.keys[1]!, assignmentTimestampMs: 1 },
        // re-queued from an invalid block: kept
        { tx: f.transfer, assignee: f.keys[2]!, assignmentTimestampMs: 1 },
      ],
      blockDocs: [{ ...f.genesis, genesis: true }, valid, invalid, undecided],
      votes: [
        ...f.votes(valid, true),
        ...f.votes(invalid, false),
        ...f.votes(undecided, true, [f.a]),
        ...f.votes(later, true), // a block written after the block read: its votes are dropped
      ],
    },
  };
};

describe('assembleArchive: a consistent archive of what was read', () => {
  const f = ledgerFixture();
  const { reads: r, blocks, pendingTx } = reads(f);
  const archive = assembleArchive(r);

  it('keeps blocks by time, members sorted, votes only for exported blocks', () => {
    expect(archive.members).toEqual(f.keys);
    expect(archive.blocks.map((b) => b.id)).toEqual([
      f.genesis.id,
      blocks.valid.id,
      blocks.invalid.id,
      blocks.undecided.id,
    ]);
    expect(archive.votes).toHaveLength(7);
    expect(archive.votes.every((v) => v.vote.voting_for_block !== blocks.later.id)).toBe(true);
    expect(archive.genesisBlockId).toBe(f.genesis.id);
  });

  it('drops backlog rows whose transaction is in a live block, keeps re-queued ones', () => {
    expect(archive.backlog.map((row) => row.tx.id).sort()).toEqual([pendingTx.id, f.transfer.id].sort());
  });

  it('is sealed: counts and sha256 check out when read back', () => {
    expect(archive.counts).toEqual({ blocks: 4, votes: 7, backlog: 2, transactions: 4 });
    expect(() => checkLedgerArchive(JSON.parse(JSON.stringify(archive)), 'x')).not.toThrow();
  });

  it('planImport: no genesis, valid then undecided then invalid, derived rows counted', () => {
    const plan = planImport(archive, f.keys);
    expect(plan.blocks.map((b) => b.id)).toEqual([blocks.valid.id, blocks.undecided.id, blocks.invalid.id]);
    expect(plan.skipped).toEqual({ genesisBlocks: 1, votes: 0, backlog: 0 });
    expect(plan.rebuilt).toEqual({ assets: 2, metadata: 1, tx_blocks: 3, spent_by: 1 });
    expect(plan.backlog).toHaveLength(2);
  });
});

describe('assignBacklog', () => {
  const f = ledgerFixture();
  const row = (assignee: string) => ({ tx: f.create, assignee, assignmentTimestampMs: 1 });
  const options = { self: f.keys[0]!, members: f.keys, deadAfterMs: 1_000, random: () => 0 };

  it('keeps every assignee while liveness is unknown (no heartbeat at all)', () => {
    const out = assignBacklog([row(f.keys[2]!)], options, { serverNowMs: 10_000, beats: [] });
    expect(out).toEqual({ rows: [row(f.keys[2]!)], reassigned: 0 });
  });

  it("gives a dead member's rows to a live one", () => {
    const beats = [
      { key: f.keys[1]!, atMs: 9_900 },
      { key: f.keys[2]!, atMs: 1 },
    ];
    const out = assignBacklog([row(f.keys[1]!), row(f.keys[2]!)], options, { serverNowMs: 10_000, beats });
    expect(out.reassigned).toBe(1);
    expect(out.rows.map((r) => r.assignee)).toEqual([f.keys[1], f.keys[0]]);
  });
});
