import { membersOf, pickAssignee, pickOtherAssignee } from '../../../../src/node/pipeline/members.js';

describe('federation decisions', () => {
  test('membersOf adds self, dedups and sorts', () => {
    expect(membersOf('b', ['c', 'a', 'b', 'c'])).toEqual(['a', 'b', 'c']);
  });
  test('pickAssignee spans every member', () => {
    const members = ['a', 'b', 'c'];
    expect([0, 0.34, 0.99].map((x) => pickAssignee(members, () => x))).toEqual(['a', 'b', 'c']);
    expect(() => pickAssignee([], () => 0)).toThrow(RangeError);
  });
  test('pickOtherAssignee never picks the current one, unless alone', () => {
    for (const x of [0, 0.5, 0.999]) expect(pickOtherAssignee(['a', 'b', 'c'], 'b', () => x)).not.toBe('b');
    expect(pickOtherAssignee(['a'], 'a', () => 0.5)).toBe('a');
  });
});
