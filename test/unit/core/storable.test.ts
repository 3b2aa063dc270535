// The storable rule (issue 16): each limit just inside passes, just outside is TX_UNSTORABLE
// (or TX_TOO_LARGE) naming the limit and the JSON pointer of the value.
import {
  buildCreate,
  checkStorable,
  DRIVER_NESTING_LEVELS,
  generateKeypair,
  makePolicy,
  MemoryLedgerFacts,
  STORABLE_LIMITS,
  TransactionInvalidError,
  TX_WRAPPER_LEVELS,
  validateTransaction,
} from '../../../src/node/core/index.js';
import { SERVER_ARRAY_LIMIT } from '../../../src/node/core/storable.js';

/** A value of exactly `levels` levels (the innermost leaf counts one): {a: {a: ... 1}}. */
export function nested(levels: number): unknown {
  let v: unknown = 1;
  for (let i = 1; i < levels; i++) v = { a: v };
  return v;
}

function refusal(value: unknown): TransactionInvalidError {
  try {
    checkStorable(value);
  } catch (e) {
    if (e instanceof TransactionInvalidError) return e;
    throw e;
  }
  throw new Error('expected TX_UNSTORABLE');
}

describe('checkStorable', () => {
  it('allows 16 levels: the driver takes 20, an archive batch of blocks wraps a transaction in 4', () => {
    expect(STORABLE_LIMITS.maxLevels).toBe(DRIVER_NESTING_LEVELS - TX_WRAPPER_LEVELS);
    expect(STORABLE_LIMITS.maxLevels).toBe(16);
    // tx (1) -> metadata (2) -> 14 more levels
    expect(() => checkStorable({ metadata: nested(15) })).not.toThrow();
    const e = refusal({ id: 'T', metadata: nested(16) });
    expect(e.code).toBe('TX_UNSTORABLE');
    expect(e.txId).toBe('T');
    expect(e.message).toContain('/metadata/a/a/a/a/a/a/a/a/a/a/a/a/a/a/a');
    expect(e.message).toContain('nested 17 levels deep');
    expect(e.message).toContain('the limit is 16');
  });

  it('counts arrays as levels too', () => {
    expect(() => checkStorable({ m: [[[[[[[[[[[[[[1]]]]]]]]]]]]]] })).not.toThrow();
    expect(refusal({ m: [[[[[[[[[[[[[[[1]]]]]]]]]]]]]]] }).details.path).toBe(
      '/m/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0',
    );
  });

  it('stops at the limit, so absurd nesting never reaches the recursive checks', () => {
    let v: unknown = 1;
    for (let i = 0; i < 100_000; i++) v = [v];
    expect(refusal({ m: v }).code).toBe('TX_UNSTORABLE');
  });

  it('refuses $reql_type$ keys and NUL in keys; empty, $x and dotted keys are fine', () => {
    expect(() => checkStorable({ m: { '': 1, $x: 2, 'a.b': 3, $reql_foo$: 4 } })).not.toThrow();
    expect(refusal({ m: { x: { $reql_type$: 'TIME' } } }).message).toMatch(
      /\/m\/x\/\$reql_type\$ has the key \$reql_type\$ \(reserved by RethinkDB/,
    );
    expect(refusal({ m: { 'a\u0000b': 1 } }).message).toContain('NUL');
  });

  it('refuses lone surrogates in values and keys; pairs and NUL in values are fine', () => {
    expect(() => checkStorable({ m: 'a😀b\u0000\u2028\uffff' })).not.toThrow();
    expect(refusal({ m: ['ok', 'a\ud800b'] }).message).toContain(
      '/m/1 a string holds a lone UTF-16 surrogate',
    );
    expect(refusal({ m: 'a\udc00' }).code).toBe('TX_UNSTORABLE');
    expect(refusal({ m: { ['\udc00x']: 1 } }).message).toContain('a key holds a lone');
  });

  it('refuses numbers that are not finite or beyond 2^53', () => {
    expect(() =>
      checkStorable({ m: [Number.MAX_SAFE_INTEGER, -Number.MAX_SAFE_INTEGER, 0.5, -0] }),
    ).not.toThrow();
    expect(refusal({ m: JSON.parse('1e400') as number }).message).toContain(
      'is Infinity (numbers must be finite)',
    );
    expect(refusal({ m: NaN }).code).toBe('TX_UNSTORABLE');
    expect(refusal({ m: 2 ** 53 }).message).toContain('within ±9007199254740991');
  });

  it('a transaction under the size limit cannot hold an array near the server array limit', () => {
    // Each element costs at least 2 bytes of JSON ("0,").
    expect(STORABLE_LIMITS.maxTxBytes / 2).toBeLessThan(SERVER_ARRAY_LIMIT);
  });
});

describe('validation applies the storable rule and the storable size cap', () => {
  const facts = new MemoryLedgerFacts();

  it('a signed CREATE with too deep metadata is TX_UNSTORABLE before anything else', async () => {
    const tx = buildCreate(generateKeypair(), { a: 1 }, { deep: nested(15) as Record<string, unknown> });
    await expect(validateTransaction(tx, facts)).rejects.toMatchObject({ code: 'TX_UNSTORABLE' });
    const ok = buildCreate(generateKeypair(), { a: 1 }, { deep: nested(14) as Record<string, unknown> });
    await expect(validateTransaction(ok, facts)).resolves.toBeDefined();
  });

  it('a policy above 64 KiB cannot raise the size limit', async () => {
    const policy = makePolicy({ maxTransactionBytes: 10 * 1024 * 1024 });
    const big = buildCreate(generateKeypair(), { blob: 'x'.repeat(STORABLE_LIMITS.maxTxBytes) });
    await expect(validateTransaction(big, facts, policy)).rejects.toMatchObject({
      code: 'TX_TOO_LARGE',
      message: expect.stringContaining(`the limit is ${STORABLE_LIMITS.maxTxBytes}`),
    });
  });
});
