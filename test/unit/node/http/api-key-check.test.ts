import { timingSafeEqual } from 'node:crypto';
import { API_KEY_PREFIX, hashApiKey, newApiKey, type ApiKeyRecord } from '../../../../src/protocol/index.js';
import { matchApiKey, presentedKeys } from '../../../../src/node/http/api-key-check.js';

const NOW = new Date('2026-12-08T10:00:00.000Z');
const issued = [newApiKey('alice', NOW), newApiKey('bob', NOW), newApiKey('carol', NOW)];
const records: ApiKeyRecord[] = issued.map((i) => i.record);
const [alice, bob, carol] = issued as [(typeof issued)[0], (typeof issued)[0], (typeof issued)[0]];

describe('newApiKey and hashApiKey', () => {
  it('makes a prefixed 256-bit key and stores only its sha256, with an id, label and time', () => {
    expect(alice.key.startsWith(API_KEY_PREFIX)).toBe(true);
    expect(Buffer.from(alice.key.slice(API_KEY_PREFIX.length), 'base64url')).toHaveLength(32);
    expect(alice.record).toEqual({
      id: expect.stringMatching(/^[0-9a-f]{8}$/),
      label: 'alice',
      sha256: hashApiKey(alice.key),
      created: '2026-12-08T10:00:00.000Z',
    });
    expect(JSON.stringify(alice.record)).not.toContain(alice.key.slice(API_KEY_PREFIX.length));
    expect(hashApiKey('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  });

  it('never reuses an id that is taken, and keys differ', () => {
    let calls = 0;
    const random = (n: number): Buffer => Buffer.alloc(n, n === 4 && calls++ === 0 ? 0 : 1);
    const { record } = newApiKey('x', NOW, new Set(['00000000']), random);
    expect(record.id).toBe('01010101');
    expect(new Set(issued.map((i) => i.key)).size).toBe(3);
  });
});

describe('presentedKeys', () => {
  it('reads X-Api-Key, Authorization: Bearer or Basic (the password) and app_key; ignores junk', () => {
    expect(presentedKeys({ 'x-api-key': ' k1 ' })).toEqual(['k1']);
    expect(presentedKeys({ authorization: 'Bearer k2' })).toEqual(['k2']);
    expect(presentedKeys({ authorization: 'bearer   k2 ' })).toEqual(['k2']);
    expect(presentedKeys({ app_key: 'k3' })).toEqual(['k3']);
    const basic = (s: string) => ({ authorization: `Basic ${Buffer.from(s).toString('base64')}` });
    expect(presentedKeys(basic('apikey:k4'))).toEqual(['k4']); // http://apikey:<key>@host/
    expect(presentedKeys(basic('k5:'))).toEqual(['k5']);
    expect(presentedKeys(basic(':'))).toEqual([]);
    expect(presentedKeys({ authorization: 'Digest k6' })).toEqual([]);
    expect(presentedKeys({ 'x-api-key': '', app_key: 'x'.repeat(513) })).toEqual([]);
    expect(presentedKeys({})).toEqual([]);
    expect(presentedKeys({ 'x-api-key': ['a', 'b'] })).toEqual(['a']);
  });
});

describe('matchApiKey', () => {
  it('finds the issued key; a wrong, revoked, empty or missing key matches nothing', () => {
    expect(matchApiKey([bob.key], records)).toEqual(bob.record);
    expect(matchApiKey(['wrong', carol.key], records)).toEqual(carol.record);
    expect(matchApiKey([alice.key + 'x'], records)).toBeNull();
    expect(matchApiKey([alice.key.slice(0, -1)], records)).toBeNull();
    expect(matchApiKey([alice.key], [bob.record])).toBeNull();
    expect(matchApiKey([], records)).toBeNull();
    expect(matchApiKey([alice.key], [])).toBeNull();
    expect(matchApiKey([alice.record.sha256], records)).toBeNull(); // the hash is not the key
  });

  it('compares in constant time: every record, equal-length digests, no early exit', () => {
    const seen: number[][] = [];
    const spy = (a: Buffer, b: Buffer): boolean => {
      seen.push([a.length, b.length]);
      return timingSafeEqual(a, b);
    };
    for (const presented of [[alice.key], [carol.key], ['wrong']]) {
      seen.length = 0;
      matchApiKey(presented, records, spy);
      expect(seen).toEqual([
        [32, 32],
        [32, 32],
        [32, 32],
      ]);
    }
  });
});
