import {
  assignableMembers,
  isDeadWorkMover,
  liveSetOf,
  msUntilNextDeath,
} from '../../../../src/node/pipeline/liveness.js';
import { LivenessView } from '../../../../src/node/pipeline/liveness-view.js';
import { pickAssignee } from '../../../../src/node/pipeline/members.js';

const members = ['a', 'b', 'c'];
const DEAD_AFTER = 5_000;
const snapshot = (serverNowMs: number, beats: Record<string, number>) => ({
  serverNowMs,
  beats: Object.entries(beats).map(([key, atMs]) => ({ key, atMs })),
});

describe('liveSetOf', () => {
  test('fresh heartbeats are alive, old and missing ones dead, self always alive', () => {
    const live = liveSetOf(snapshot(100_000, { b: 99_000, c: 94_000 }), members, 'a', DEAD_AFTER);
    expect(live).toEqual({ alive: ['a', 'b'], dead: ['c'] });
    // a has no heartbeat at all and is self: alive; b's is missing: dead.
    expect(liveSetOf(snapshot(100_000, { c: 99_999 }), members, 'a', DEAD_AFTER)).toEqual({
      alive: ['a', 'c'],
      dead: ['b'],
    });
  });

  test('the boundary: younger than dead_after is alive, exactly dead_after is dead', () => {
    expect(liveSetOf(snapshot(10_000, { b: 5_001, c: 5_000 }), members, 'a', DEAD_AFTER).dead).toEqual(['c']);
  });

  test('ages are measured on the server clock only (any epoch, even far from the local one)', () => {
    const farFuture = 9_000_000_000_000;
    const live = liveSetOf(
      snapshot(farFuture, { b: farFuture - 1_000, c: Date.now() }),
      members,
      'a',
      DEAD_AFTER,
    );
    expect(live).toEqual({ alive: ['a', 'b'], dead: ['c'] });
  });

  test("non-members' heartbeats are ignored; a member's latest beat counts", () => {
    const live = liveSetOf(
      {
        serverNowMs: 100_000,
        beats: [
          { key: 'x', atMs: 100_000 },
          { key: 'b', atMs: 1 },
          { key: 'b', atMs: 99_000 },
        ],
      },
      members,
      'a',
      DEAD_AFTER,
    );
    expect(live).toEqual({ alive: ['a', 'b'], dead: ['c'] });
  });
});

describe('msUntilNextDeath', () => {
  test('the soonest live member (self aside) to age out; null when no one else is alive', () => {
    const snap = snapshot(100_000, { a: 95_100, b: 99_000, c: 97_000 });
    const live = liveSetOf(snap, members, 'a', DEAD_AFTER);
    expect(msUntilNextDeath(snap, live, 'a', DEAD_AFTER)).toBe(2_000); // c, at 102_000
    const alone = liveSetOf(snapshot(100_000, { b: 1, c: 2 }), members, 'a', DEAD_AFTER);
    expect(msUntilNextDeath(snapshot(100_000, { b: 1, c: 2 }), alone, 'a', DEAD_AFTER)).toBeNull();
  });
});

describe('assignee picking', () => {
  test('only live members get work; every member while liveness is unknown', () => {
    const live = { alive: ['a', 'b'], dead: ['c'] };
    expect(assignableMembers(members, live, 'a')).toEqual(['a', 'b']);
    expect(assignableMembers(members, null, 'a')).toEqual(members);
    const picks = new Set(
      Array.from({ length: 200 }, (_, i) =>
        pickAssignee(assignableMembers(members, live, 'a'), () => i / 200),
      ),
    );
    expect(picks).toEqual(new Set(['a', 'b']));
  });

  test('self when no one else is alive', () => {
    expect(assignableMembers(members, { alive: ['b'], dead: ['a', 'c'] }, 'b')).toEqual(['b']);
    expect(assignableMembers(members, { alive: [], dead: members }, 'b')).toEqual(['b']);
  });

  test('the first live member moves dead members’ work', () => {
    expect(isDeadWorkMover({ alive: ['a', 'b'], dead: ['c'] }, 'a')).toBe(true);
    expect(isDeadWorkMover({ alive: ['a', 'b'], dead: ['c'] }, 'b')).toBe(false);
    expect(isDeadWorkMover({ alive: ['b', 'c'], dead: ['a'] }, 'b')).toBe(true);
  });
});

/** Member a's view, forgetting a read as old as a death verdict. */
const viewOfA = (now: () => number) =>
  new LivenessView({ self: 'a', members: () => members, deadAfterMs: DEAD_AFTER, maxAgeMs: DEAD_AFTER, now });

describe('LivenessView', () => {
  test('caches the last read, forgets it when too old, and tells listeners about changes', () => {
    let nowMs = 0;
    const view = viewOfA(() => nowMs);
    const changes: string[][] = [];
    view.onChange((live) => changes.push(live.dead));
    expect(view.current()).toBeNull();
    expect(view.assignable()).toEqual(members);
    expect(view.report()).toMatchObject({ known: false, checkedAtMs: null });

    view.update(snapshot(50_000, { a: 50_000, b: 49_500, c: 40_000 }));
    expect(view.assignable()).toEqual(['a', 'b']);
    expect(view.report()).toEqual({ known: true, alive: ['a', 'b'], dead: ['c'], checkedAtMs: 0 });
    view.update(snapshot(51_000, { a: 51_000, b: 50_500, c: 40_000 })); // same set: no event
    view.update(snapshot(52_000, { a: 52_000, b: 51_500, c: 52_000 })); // c is back
    expect(changes).toEqual([['c'], []]);

    nowMs = DEAD_AFTER + 1; // no read for longer than a death verdict: unknown
    expect(view.current()).toBeNull();
    expect(view.assignable()).toEqual(members);
  });

  test('a view too old to judge deaths still keeps new work off the members it last saw dead, for a while', () => {
    let nowMs = 0;
    const view = viewOfA(() => nowMs);
    view.update(snapshot(50_000, { a: 50_000, b: 49_500, c: 40_000 }));
    // The heartbeat read is held up (a primary changing over): no verdicts, but c stays out of new work.
    nowMs = DEAD_AFTER * 2;
    expect(view.current()).toBeNull();
    expect(view.report().known).toBe(false);
    expect(view.assignable()).toEqual(['a', 'b']);
    // Much later the old view says nothing any more: every member, as before liveness existed.
    nowMs = DEAD_AFTER * 3 + 1;
    expect(view.assignable()).toEqual(members);
  });
});
