/** The layout init gives the tables it makes, and the options tableCreate gets for it. */
import { tableCreateOptions } from '../../../../src/node/store/schema-create.js';
import { creationLayout, hasLayout, targetLayout } from '../../../../src/node/store/table-config.js';

describe('tables made by init --shards/--replicas get the layout at once', () => {
  test('what is asked, RethinkDB default 1 for the rest; nothing asked: no layout', () => {
    expect(creationLayout({ shards: 1, replicas: 3 })).toEqual({ shards: 1, replicas: 3 });
    expect(creationLayout({ replicas: 3 })).toEqual({ shards: 1, replicas: 3 });
    expect(creationLayout({ shards: 2 })).toEqual({ shards: 2, replicas: 1 });
    expect(creationLayout({})).toBeUndefined();
  });

  test('the same a reconfigure of a fresh table would reach, so init reconfigures it no more', () => {
    const fresh = { shards: [{ replicas: ['a'] }], name: 't' };
    for (const change of [{ replicas: 3 }, { shards: 2 }, { shards: 2, replicas: 2 }]) {
      const made = creationLayout(change);
      expect(made).toEqual(
        targetLayout({ shards: 1, replicas: 1, writeAcks: null, durability: null }, change),
      );
      expect(hasLayout(fresh, made ?? { shards: 0, replicas: 0 })).toBe(false);
    }
    expect(
      hasLayout({ name: 't', shards: [{ replicas: ['a', 'b', 'c'] }] }, { shards: 1, replicas: 3 }),
    ).toBe(true);
  });

  test("tableCreate's options: the primary key when not id, the layout when asked", () => {
    expect(tableCreateOptions({}, undefined)).toEqual({});
    expect(tableCreateOptions({ primaryKey: 'epoch' }, undefined)).toEqual({ primaryKey: 'epoch' });
    expect(tableCreateOptions({}, { shards: 1, replicas: 3 })).toEqual({ shards: 1, replicas: 3 });
  });
});
