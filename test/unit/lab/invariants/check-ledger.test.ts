// checkLedger on hand-built ledgers: every check passes on a good ledger and is shown failing
// on the ledger that breaks it (missing, duplicated, spent twice, forged votes, disagreeing nodes,
// double-spend pairs).
import { checkLedger, MAX_VIOLATIONS } from '../../../../src/lab/invariants/index.js';
import type { InvariantReport } from '../../../../src/lab/invariants/types.js';
import { alice, bob, carol, createFor, transferFrom } from '../../core/fixtures.js';
import { archiveOf, blockOf, forged, postedOf, validLedger, viewsOf, votesFor } from './fixtures.js';

const c1 = createFor(alice, '1', { n: 1 });
const c2 = createFor(bob, '1', { n: 2 });
const t1 = transferFrom(c1, alice, bob);
const t1b = transferFrom(c1, alice, carol); // spends c1:0 too

const check = (report: InvariantReport, name: string) => report.checks.find((c) => c.name === name);
const failing = (report: InvariantReport) => report.checks.filter((c) => !c.ok).map((c) => c.name);

describe('checkLedger', () => {
  it('passes a good ledger: every accepted tx once VALID, nothing spent twice, nodes agree', () => {
    const { archive, blocks } = validLedger([c1, c2], [t1]);
    const [b1, b2] = blocks as [(typeof blocks)[0], (typeof blocks)[0]];
    const report = checkLedger({
      archive,
      posted: [postedOf(c1), postedOf(c2), postedOf(t1, 'transfer')],
      nodeViews: viewsOf({ [c1.id]: ['valid', [b1]], [c2.id]: ['valid', [b1]], [t1.id]: ['valid', [b2]] }),
    });
    expect(failing(report)).toEqual([]);
    expect(report.ok).toBe(true);
    expect(report.counts).toMatchObject({
      posted: 3,
      accepted: 3,
      blocks: 2,
      validBlocks: 2,
      votes: 6,
      votesIgnored: 0,
      nodesLive: 3,
    });
  });

  it('accepted-valid-once: names a tx in no VALID block, with its status and blocks', () => {
    const { archive, blocks } = validLedger([c1]);
    const undecided = blockOf([c2]);
    archive.blocks.push(undecided);
    archive.votes.push(...votesFor(undecided, [true, null, null]));
    const report = checkLedger({
      archive,
      posted: [postedOf(c1), postedOf(c2), postedOf(t1, 'transfer', { accepted: false, error: 'HTTP 500' })],
      nodeViews: viewsOf({ [c1.id]: ['valid', blocks], [c2.id]: ['undecided', []] }),
    });
    expect(failing(report)).toEqual(['accepted-valid-once']);
    const violations = check(report, 'accepted-valid-once')?.violations ?? [];
    expect(violations).toHaveLength(1); // t1 was not accepted: nothing promised
    expect(violations[0]).toMatch(
      new RegExp(
        `^missing: create ${c2.id.slice(0, 12)}.*status undecided, blocks: ${undecided.id.slice(0, 12)} undecided`,
      ),
    );
  });

  it('accepted-valid-once and no-double-spend: a tx in two VALID blocks is a duplicate', () => {
    const { archive, blocks } = validLedger([c1], [c1, c2]);
    const report = checkLedger({
      archive,
      posted: [postedOf(c1), postedOf(c2)],
      nodeViews: viewsOf({
        [c1.id]: ['valid', blocks],
        [c2.id]: ['valid', [blocks[1] as (typeof blocks)[0]]],
      }),
    });
    expect(failing(report)).toEqual(['accepted-valid-once', 'no-double-spend']);
    expect(check(report, 'accepted-valid-once')?.violations[0]).toMatch(
      /^duplicate: create .* in 2 VALID blocks/,
    );
    expect(check(report, 'no-double-spend')?.violations[0]).toMatch(/in 2 VALID blocks/);
  });

  it('no-double-spend: an output spent by two VALID transactions', () => {
    const { archive, blocks } = validLedger([c1], [t1], [t1b]);
    const [b1, b2, b3] = blocks as [(typeof blocks)[0], (typeof blocks)[0], (typeof blocks)[0]];
    const report = checkLedger({
      archive,
      posted: [postedOf(c1), postedOf(t1, 'transfer'), postedOf(t1b, 'transfer')],
      nodeViews: viewsOf({ [c1.id]: ['valid', [b1]], [t1.id]: ['valid', [b2]], [t1b.id]: ['valid', [b3]] }),
    });
    expect(failing(report)).toEqual(['no-double-spend']);
    expect(check(report, 'no-double-spend')?.violations).toEqual([
      expect.stringMatching(new RegExp(`^output ${c1.id.slice(0, 12)}:0 spent by 2 VALID transactions`)),
    ]);
  });

  it('recounts from the votes: a forged vote is ignored either way', () => {
    const b1 = blockOf([c1]);
    const [v0, v1, v2] = votesFor(b1) as [
      ReturnType<typeof votesFor>[0],
      ReturnType<typeof votesFor>[0],
      ReturnType<typeof votesFor>[0],
    ];
    // Two good valid votes and a forged "invalid" one: still VALID.
    const stillValid = checkLedger({
      archive: archiveOf([b1], [v0, v1, forged(v2)]),
      posted: [postedOf(c1)],
      nodeViews: viewsOf({ [c1.id]: ['valid', [b1]] }),
    });
    expect(stillValid.ok).toBe(true);
    expect(stillValid.counts.votesIgnored).toBe(1);
    // One good valid vote and a forged "valid" one: undecided, so c1 is missing, and a node
    // that reports it VALID disagrees with the tables.
    const b2 = blockOf([c2]);
    const [w0, w1] = votesFor(b2, [true, false, null]) as [
      ReturnType<typeof votesFor>[0],
      ReturnType<typeof votesFor>[0],
    ];
    const report = checkLedger({
      archive: archiveOf([b2], [w0, forged(w1)]),
      posted: [postedOf(c2)],
      nodeViews: viewsOf({ [c2.id]: ['valid', [b2]] }),
    });
    expect(failing(report)).toEqual(['accepted-valid-once', 'nodes-agree']);
    expect(check(report, 'nodes-agree')?.violations[0]).toMatch(/tables says undecided; alpha says valid in/);
  });

  it('nodes-agree: a node with another status, or other VALID blocks, is named', () => {
    const { archive, blocks } = validLedger([c1]);
    const views = viewsOf({ [c1.id]: ['valid', blocks] });
    const base = { archive, posted: [postedOf(c1)] };
    expect(checkLedger({ ...base, nodeViews: views }).ok).toBe(true);
    const behind = structuredClone(views);
    (behind[1] as (typeof views)[0]).statuses[c1.id] = 'undecided';
    (behind[1] as (typeof views)[0]).validBlocks[c1.id] = [];
    const r1 = checkLedger({ ...base, nodeViews: behind });
    expect(failing(r1)).toEqual(['nodes-agree']);
    expect(check(r1, 'nodes-agree')?.violations[0]).toMatch(/beta says undecided/);
    const otherBlock = structuredClone(views);
    (otherBlock[2] as (typeof views)[0]).validBlocks[c1.id] = ['f'.repeat(64)];
    expect(failing(checkLedger({ ...base, nodeViews: otherBlock }))).toEqual(['nodes-agree']);
  });

  it('nodes-agree: a node that did not answer is listed, not compared; none answering fails', () => {
    const { archive, blocks } = validLedger([c1]);
    const views = viewsOf({ [c1.id]: ['valid', blocks] });
    const down = { operator: 'gamma', live: false, error: 'no answer', statuses: {}, validBlocks: {} };
    const report = checkLedger({ archive, posted: [postedOf(c1)], nodeViews: [...views.slice(0, 2), down] });
    expect(report.ok).toBe(true);
    expect(check(report, 'nodes-agree')?.summary).toMatch(/2 live node\(s\) \(not answering: gamma\)/);
    expect(checkLedger({ archive, posted: [postedOf(c1)], nodeViews: [down] }).ok).toBe(false);
  });

  describe('double-spend pairs', () => {
    const pair = (winnerAccepted = true) => [
      postedOf(t1, 'double-spend', { conflictsWith: t1b.id, accepted: winnerAccepted }),
      postedOf(t1b, 'double-spend', { conflictsWith: t1.id, operator: 'beta' }),
    ];

    it('exactly one VALID, the other INVALID or unknown: ok (not counted as lost)', () => {
      const { archive, blocks } = validLedger([c1], [t1]);
      const loserBlock = blockOf([t1b]);
      archive.blocks.push(loserBlock);
      archive.votes.push(...votesFor(loserBlock, [false, false, true]));
      const [b1, b2] = blocks as [(typeof blocks)[0], (typeof blocks)[0]];
      const report = checkLedger({
        archive,
        posted: [postedOf(c1), ...pair()],
        nodeViews: viewsOf({ [c1.id]: ['valid', [b1]], [t1.id]: ['valid', [b2]], [t1b.id]: ['invalid', []] }),
      });
      expect(failing(report)).toEqual([]);
      expect(report.counts.doubleSpendPairs).toBe(1);
      // The winner was the one the API did not accept (it timed out, yet landed): still one VALID.
      const flipped = checkLedger({ archive, posted: [postedOf(c1), ...pair(false)], nodeViews: [] });
      expect(check(flipped, 'accepted-valid-once')?.ok).toBe(true);
    });

    it('both VALID: a violation of the pair and a double spend', () => {
      const { archive } = validLedger([c1], [t1], [t1b]);
      const report = checkLedger({ archive, posted: [postedOf(c1), ...pair()], nodeViews: [] });
      expect(check(report, 'accepted-valid-once')?.violations).toEqual([
        expect.stringMatching(/BOTH are VALID/),
      ]);
      expect(check(report, 'no-double-spend')?.ok).toBe(false);
    });

    it('neither VALID: the pair is missing', () => {
      const { archive } = validLedger([c1]);
      const report = checkLedger({
        archive: { ...archive, backlog: [] },
        posted: [postedOf(c1), ...pair()],
        nodeViews: [],
      });
      expect(check(report, 'accepted-valid-once')?.violations).toEqual([
        expect.stringMatching(
          /^missing: double-spend pair .* neither is in a VALID block \(statuses unknown \/ unknown\)/,
        ),
      ]);
    });
  });

  it('caps the violations listed and counts the rest', () => {
    const { archive } = validLedger([c1]);
    const ghosts = Array.from({ length: MAX_VIOLATIONS + 7 }, (_, i) =>
      postedOf(createFor(alice, '1', { ghost: i })),
    );
    const report = checkLedger({ archive, posted: ghosts, nodeViews: viewsOf({}) });
    const violations = check(report, 'accepted-valid-once')?.violations ?? [];
    expect(violations).toHaveLength(MAX_VIOLATIONS + 1);
    expect(violations.at(-1)).toBe('... and 7 more');
    expect(check(report, 'accepted-valid-once')?.summary).toMatch(/^57 violation\(s\)/);
  });
});
