/**
 * Hostile JSON values for the fuzz suite (fast-check arbitraries): odd unicode (lone surrogates,
 * NUL, RTL and other invisible marks, emoji), odd key names ($reql_type$, empty, __proto__, very
 * long), unsafe numbers, deep nesting, and the bad public keys, fulfillments, ids, versions,
 * operations and amounts a transaction field can be replaced with.
 */
import fc from 'fast-check';
import { encodeBase58 } from '../../../src/node/core/index.js';

/** Characters that have broken JSON, databases or renderers somewhere (all storable in a value). */
const ODD_CHARS = [
  '\u0000', '\u202e', '\u200f', '\u200b', '\u2028', '\u2029', '\ufeff', '\uffff', '\ufffd', '\u0301',
  '\u007f', '\u00a0', '😀', '👩‍👩‍👧', '𝕏', '"', '\\', '\n', '\r', '\t', '/', '%', '$', '.', 'ÿ',
]; // prettier-ignore
/** Lone UTF-16 surrogates: valid in a JS string and in JSON text, refused by RethinkDB. */
const LONE_SURROGATES = ['\ud800', '\udbff', '\udc00', '\udfff'];

const oddParts = (chars: fc.Arbitrary<string>): fc.Arbitrary<string> =>
  fc
    .array(
      fc.oneof(
        { weight: 3, arbitrary: chars },
        { weight: 2, arbitrary: fc.string({ maxLength: 4 }) },
        { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 3 }) },
      ),
      { maxLength: 10 },
    )
    .map((parts) => parts.join(''));

/** Odd strings; one in twenty holds a lone surrogate (so that most odd content is storable). */
export const oddString: fc.Arbitrary<string> = fc.oneof(
  { weight: 19, arbitrary: oddParts(fc.constantFrom(...ODD_CHARS)) },
  { weight: 1, arbitrary: oddParts(fc.constantFrom(...ODD_CHARS, ...LONE_SURROGATES)) },
);

export const oddKey: fc.Arbitrary<string> = fc.oneof(
  // without NUL (RethinkDB cuts a key there): that case is the constant below
  { weight: 4, arbitrary: oddString.map((k) => k.split('\u0000').join('')) },
  {
    weight: 1,
    arbitrary: fc.constantFrom(
      '',
      '$reql_type$',
      '__proto__',
      'constructor',
      'id',
      'a.b',
      '$x',
      ' ',
      'a\u0000b',
    ),
  },
  { weight: 1, arbitrary: fc.integer({ min: 128, max: 12_000 }).map((n) => 'k'.repeat(n)) },
);

/** Numbers around what JSON, doubles and the database can hold. */
const oddNumber: fc.Arbitrary<number> = fc.oneof(
  { weight: 4, arbitrary: fc.integer() },
  { weight: 3, arbitrary: fc.double({ min: -1e15, max: 1e15 }) }, // NaN and -0 included
  { weight: 1, arbitrary: fc.double() },
  fc.constantFrom(
    Number.MAX_SAFE_INTEGER,
    Number.MAX_SAFE_INTEGER + 2,
    -Number.MAX_SAFE_INTEGER - 2,
    Number.MAX_VALUE,
    Number.MIN_VALUE,
    -0,
    1e21,
    2 ** 64,
  ),
);

const leaf: fc.Arbitrary<unknown> = fc.oneof(oddString, oddNumber, fc.boolean(), fc.constant(null));

/** A JSON-ish value of odd content: a few levels, small (keys and strings are the hostile part). */
export const oddJson: fc.Arbitrary<unknown> = fc.letrec<{ value: unknown; array: unknown[]; object: object }>(
  (tie) => ({
    value: fc.oneof({ depthSize: 'small', maxDepth: 4 }, leaf, tie('array'), tie('object')),
    array: fc.array(tie('value'), { maxLength: 4 }),
    object: fc.dictionary(oddKey, tie('value'), { maxKeys: 4 }),
  }),
).value;

/** `levels` levels of alternating objects and arrays around `inner` ({a: [{a: ...}]}). */
export function nest(levels: number, inner: unknown = 1, arraysOnly = false): unknown {
  let v = inner;
  for (let i = 1; i < levels; i++) v = arraysOnly || i % 2 === 0 ? [v] : { a: v };
  return v;
}

/** Values nested around the storable limit (16 levels in a transaction). */
export const deepJson: fc.Arbitrary<unknown> = fc
  .tuple(fc.integer({ min: 8, max: 40 }), fc.boolean(), leaf)
  .map(([levels, arraysOnly, inner]) => nest(levels, inner, arraysOnly));

const bytes = (min: number, max: number): fc.Arbitrary<Uint8Array> =>
  fc.uint8Array({ minLength: min, maxLength: max });

export const badPublicKey: fc.Arbitrary<unknown> = fc.oneof(
  bytes(0, 64).map((b) => encodeBase58(b)), // wrong length (or, at 32, maybe no curve point)
  bytes(32, 32).map((b) => encodeBase58(b)),
  fc.constantFrom(
    '',
    '0OIl0OIl0OIl0OIl0OIl0OIl0OIl0OIl0OIl0OIl0OIl',
    encodeBase58(new Uint8Array(32)), // all-zero point (small order)
    encodeBase58(Uint8Array.of(1, ...new Uint8Array(31))), // the identity
    encodeBase58(new Uint8Array(32).fill(0xff)), // not canonical
    '1',
    '1'.repeat(44),
    'z'.repeat(45),
  ),
  oddString,
  fc.constantFrom(null, 0, [], {}),
);

/** DER of `tag` with minimal length encoding. */
function tlv(tag: number, body: Uint8Array): Uint8Array {
  const n = body.length;
  const len =
    n < 0x80
      ? [n]
      : n < 0x100
        ? [0x81, n]
        : n < 0x10000
          ? [0x82, n >> 8, n & 0xff]
          : [0x83, n >> 16, (n >> 8) & 0xff, n & 0xff];
  return Buffer.concat([Uint8Array.from([tag, ...len]), body]);
}

const ed25519Der = (key: Uint8Array, sig: Uint8Array): Uint8Array =>
  tlv(0xa4, Buffer.concat([tlv(0x80, key), tlv(0x81, sig)]));

/** A threshold fulfillment wrapped `levels` times around an ed25519 one. */
function nestedThresholdDer(levels: number, key: Uint8Array, sig: Uint8Array): Uint8Array {
  let der = ed25519Der(key, sig);
  for (let i = 0; i < levels; i++)
    der = tlv(0xa2, Buffer.concat([tlv(0xa0, der), tlv(0xa1, new Uint8Array())]));
  return der;
}

const b64u = (b: Uint8Array): string => Buffer.from(b).toString('base64url');

export const badFulfillment: fc.Arbitrary<unknown> = fc.oneof(
  bytes(0, 200).map(b64u),
  fc.tuple(bytes(32, 32), bytes(64, 64)).map(([k, s]) => b64u(ed25519Der(k, s))),
  fc
    .tuple(fc.integer({ min: 1, max: 300 }), bytes(32, 32), bytes(64, 64))
    .map(([n, k, s]) => b64u(nestedThresholdDer(n, k, s))),
  fc.tuple(bytes(32, 32), bytes(0, 80)).map(([k, s]) => b64u(ed25519Der(k, s))), // bad signature size
  bytes(1, 120).map((b) => Buffer.from(b).toString('base64')), // standard base64, padded
  fc.constantFrom(
    '',
    '=',
    'pGSAIA',
    b64u(Uint8Array.of(0xa4, 0x84, 0xff, 0xff, 0xff, 0xff)), // claims 4 GiB
    b64u(Uint8Array.of(0xa4, 0x80, 0, 0)), // indefinite length
    b64u(Uint8Array.of(0xa0, 0x03, 0x80, 0x01, 0x41)), // preimage-sha-256: unsupported type
    b64u(Uint8Array.of(0xa3, 0x00)), // rsa-sha-256, empty
  ),
  oddString,
  fc.constantFrom(null, 1, [], {}, true),
);

export const badId: fc.Arbitrary<unknown> = fc.oneof(
  fc.stringMatching(/^[0-9a-f]{64}$/),
  fc.stringMatching(/^[0-9a-fA-F]{0,130}$/),
  oddString,
  fc.constantFrom('', null, 0, [], {}, 'G'.repeat(64), ' '.repeat(64)),
);

export const badVersion: fc.Arbitrary<unknown> = fc.constantFrom(
  '1.0', '2', '2.0 ', ' 2.0', '2.00', '３.０', '', 2, 2.0, null, ['2.0'], '0.9', '2.1',
); // prettier-ignore

export const badOperation: fc.Arbitrary<unknown> = fc.constantFrom(
  'GENESIS', 'create', 'Transfer', 'VOTE', 'CREATE ', '', null, 0, ['CREATE'], 'BURN', 'VALIDATOR_ELECTION',
); // prettier-ignore

export const badAmount: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom(
    '0', '-1', '01', '1.0', '1e3', ' 1', '1 ', '', '１', '0x10', '+1', 'NaN',
    '9223372036854775808', '9000000000000000001', '9'.repeat(40), 1, 0, null, [],
  ),
  fc.bigInt({ min: -(2n ** 70n), max: 2n ** 70n }).map(String),
); // prettier-ignore

/** Big values are built once, frozen and shared (mutate() copies before it changes anything). */
const bigValues = new Map<string, unknown>();
function built(key: string, make: () => unknown[]): unknown {
  if (!bigValues.has(key)) bigValues.set(key, Object.freeze(make().map((x) => Object.freeze(x))));
  return bigValues.get(key);
}

/** Long arrays and strings, bounded so that a body stays near (under or over) the 64 KiB limit. */
export const bigValue: fc.Arbitrary<unknown> = fc.oneof(
  fc
    .constantFrom(1_000, 8_000, 20_000, 32_000, 40_000)
    .map((n) => built(`zeros${n}`, () => new Array<number>(n).fill(0))),
  fc.integer({ min: 1_000, max: 70_000 }).map((n) => 'x'.repeat(n)),
  fc
    .constantFrom(100, 1_000, 5_000)
    .map((n) => built(`objects${n}`, () => Array.from({ length: n }, (_, i) => ({ [`k${i}`]: i })))),
);

/** Anything a field can be replaced with. */
export const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 3, arbitrary: oddJson },
  { weight: 2, arbitrary: badPublicKey },
  { weight: 2, arbitrary: badFulfillment },
  { weight: 2, arbitrary: badId },
  { weight: 1, arbitrary: badVersion },
  { weight: 1, arbitrary: badOperation },
  { weight: 2, arbitrary: badAmount },
  { weight: 1, arbitrary: deepJson },
  { weight: 1, arbitrary: bigValue },
);
