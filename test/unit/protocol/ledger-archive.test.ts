import { parseLedgerArchive, type LedgerArchive } from '../../../src/protocol/ledger-archive.js';
import { compareMembers, foreignContent, isLabProbe } from '../../../src/protocol/ledger-archive-checks.js';
import { buildCreate, generateKeypair } from '../../../src/node/core/index.js';
import { archiveOf, ledgerFixture } from '../node/store/ledger-archive-fixture.js';

describe('parseLedgerArchive', () => {
  const f = ledgerFixture();
  const archive = archiveOf(f);
  const text = JSON.stringify(archive);

  it('reads back what was sealed, with counts', () => {
    const parsed = parseLedgerArchive(text, 'b.json');
    expect(parsed.counts).toEqual({ blocks: 2, votes: 3, backlog: 1, transactions: 2 });
    expect(parsed).toEqual(archive);
  });

  it.each([
    ['', /b\.json is empty/],
    ['{"blocks": [', /b\.json is not JSON/],
    ['[]', /expected a JSON object/],
    ['{"format": "other"}', /format "other", expected "fedlab-ledger-archive"/],
    [JSON.stringify({ ...archive, version: 2 }), /version 2; this fedlab reads version 1; use the fedlab/],
  ])('refuses %j with a message naming the file', (input, message) => {
    expect(() => parseLedgerArchive(input, 'b.json')).toThrow(
      expect.objectContaining({ code: 'LEDGER_ARCHIVE_INVALID', message: expect.stringMatching(message) }),
    );
  });

  it('names the path of a schema problem', () => {
    const bad = { ...archive, votes: [{ ...archive.votes[0], node_pubkey: 7 }] };
    expect(() => parseLedgerArchive(JSON.stringify(bad), 'b.json')).toThrow(/votes\.0\.node_pubkey/);
  });

  it('refuses an edited or truncated archive (counts, sha256)', () => {
    const fewer = { ...archive, votes: archive.votes.slice(1) };
    expect(() => parseLedgerArchive(JSON.stringify(fewer), 'b.json')).toThrow(
      /corrupt: counts say votes 3 but it holds 2/,
    );
    const edited = JSON.parse(text) as LedgerArchive;
    edited.backlog[0]!.assignmentTimestampMs = 6;
    expect(() => parseLedgerArchive(JSON.stringify(edited), 'b.json')).toThrow(/does not match its sha256/);
  });
});

describe('member and target checks', () => {
  it('compareMembers names missing and extra keys', () => {
    expect(compareMembers(['a', 'b', 'c'], ['b', 'c', 'd'])).toEqual({ missing: ['a'], extra: ['d'] });
    expect(compareMembers(['b', 'a'], ['a', 'b'])).toEqual({ missing: [], extra: [] });
  });

  it('foreignContent: genesis, lab probes and the archive itself are not foreign', () => {
    const f = ledgerFixture();
    const archive = archiveOf(f);
    const probe = buildCreate(generateKeypair(), { fedlab: 'probe', federation: 'x', at: 'now' });
    expect(isLabProbe(probe)).toBe(true);
    const target = {
      blocks: [f.genesis, f.block([probe], 3_000), ...archive.blocks, f.block([f.transfer], 4_000)],
      backlog: [{ tx: probe }, { tx: f.transfer }],
    };
    expect(foreignContent(target, archive)).toEqual({ blocks: 0, backlog: 0, examples: [] });
    const other = buildCreate(generateKeypair(), { mine: 1 });
    const foreign = foreignContent({ blocks: [f.block([other], 5_000)], backlog: [{ tx: other }] }, archive);
    expect(foreign).toMatchObject({ blocks: 1, backlog: 1 });
    expect(foreign.examples[1]).toBe(`transaction ${other.id}`);
  });
});
