// Tampered and rule-breaking transactions must fail with the right stable code.
import {
  computeTransactionId,
  makeCreate,
  makeOutput,
  makePolicy,
  makeTransfer,
  MemoryLedgerFacts,
  signTransaction,
  TransactionInvalidError,
  validateTransaction,
  type FederationPolicy,
  type LedgerFacts,
  type Transaction,
  type TxErrorCode,
} from '../../../src/node/core/index.js';
import { alice, bob, carol, clone, createFor, factsWith, transferFrom } from './fixtures.js';

/** Recomputes the id after tampering, so that the check under test is reached. */
function reid<T extends Transaction>(tx: T): T {
  tx.id = computeTransactionId(tx);
  return tx;
}

function mutate(tx: Transaction, change: (t: Transaction) => void): Transaction {
  const copy = clone(tx);
  change(copy);
  return copy;
}

async function codeOf(
  tx: unknown,
  facts: LedgerFacts = factsWith(),
  policy?: FederationPolicy,
): Promise<TxErrorCode | 'OK'> {
  try {
    await validateTransaction(tx, facts, policy);
    return 'OK';
  } catch (e) {
    if (e instanceof TransactionInvalidError) return e.code;
    throw e;
  }
}

const create = createFor(alice, '10');
const transfer = transferFrom(create, alice, bob);
const committed = () => factsWith(create);

function createWithAmounts(...amounts: string[]): Transaction {
  const outputs = amounts.map((a) => makeOutput(alice.publicKey, a));
  return signTransaction(makeCreate({ asset: { a: 1 }, outputs, issuers: [alice.publicKey] }), [
    alice.privateKey,
  ]);
}

function transferWithOutputs(source: Transaction, ...amounts: string[]): Transaction {
  const outputs = amounts.map((a) => makeOutput(bob.publicKey, a));
  return signTransaction(makeTransfer({ spend: [{ tx: source, outputIndex: 0 }], outputs }), [
    alice.privateKey,
  ]);
}

describe('static rules', () => {
  const cases: [string, () => unknown, TxErrorCode | 'OK'][] = [
    ['the untouched CREATE', () => create, 'OK'],
    ['not an object', () => 'tx', 'TX_SCHEMA'],
    [
      'missing metadata key',
      () => mutate(create, (t) => delete (t as Partial<Transaction>).metadata),
      'TX_SCHEMA',
    ],
    ['an extra top-level field', () => ({ ...create, extra: 1 }), 'TX_SCHEMA'],
    ['version 1.0', () => mutate(create, (t) => ((t as { version: string }).version = '1.0')), 'TX_SCHEMA'],
    ['operation BURN', () => ({ ...create, operation: 'BURN' }), 'TX_SCHEMA'],
    [
      'numeric amount',
      () => mutate(create, (t) => ((t.outputs[0] as { amount: unknown }).amount = 10)),
      'TX_SCHEMA',
    ],
    ['empty metadata object', () => ({ ...create, metadata: {} }), 'TX_SCHEMA'],
    [
      'CREATE input with fulfills',
      () =>
        mutate(
          create,
          (t) =>
            ((t.inputs[0] as { fulfills: unknown }).fulfills = {
              transaction_id: 'a'.repeat(64),
              output_index: 0,
            }),
        ),
      'TX_SCHEMA',
    ],
    [
      'changed amount, id kept',
      () => mutate(create, (t) => ((t.outputs[0] as { amount: string }).amount = '11')),
      'TX_ID_MISMATCH',
    ],
    [
      'changed metadata, id kept',
      () => mutate(create, (t) => (t.metadata = { note: 'x' })),
      'TX_ID_MISMATCH',
    ],
    ['a wrong id', () => ({ ...create, id: 'f'.repeat(64) }), 'TX_ID_MISMATCH'],
    [
      'changed amount, id recomputed',
      () => reid(mutate(create, (t) => ((t.outputs[0] as { amount: string }).amount = '11'))),
      'TX_SIGNATURE_INVALID',
    ],
    [
      'changed metadata, id recomputed',
      () => reid(mutate(create, (t) => (t.metadata = { note: 'x' }))),
      'TX_SIGNATURE_INVALID',
    ],
    ['a flipped signature byte', () => reid(mutate(create, (t) => flipSignature(t))), 'TX_SIGNATURE_INVALID'],
    [
      'a fulfillment that is not DER',
      () => reid(mutate(create, (t) => ((t.inputs[0] as { fulfillment: string }).fulfillment = 'AAAA'))),
      'TX_FULFILLMENT_MALFORMED',
    ],
    ['signed by someone else than owners_before', () => foreignCreate(), 'TX_FULFILLMENT_MISMATCH'],
    [
      'an output uri that does not match its details',
      () =>
        reid(
          mutate(
            create,
            (t) =>
              ((t.outputs[0] as { condition: { uri: string } }).condition.uri = makeOutput(
                bob.publicKey,
              ).condition.uri),
          ),
        ),
      'TX_OUTPUT_CONDITION_MISMATCH',
    ],
    [
      'output public_keys that do not match its details',
      () =>
        reid(
          mutate(create, (t) => ((t.outputs[0] as { public_keys: string[] }).public_keys = [bob.publicKey])),
        ),
      'TX_OUTPUT_CONDITION_MISMATCH',
    ],
    ['amount 0', () => createWithAmounts('0'), 'TX_AMOUNT_INVALID'],
    ['amount with a leading zero', () => createWithAmounts('01'), 'TX_AMOUNT_INVALID'],
    ['amount 9e18 + 1', () => createWithAmounts('9000000000000000001'), 'TX_AMOUNT_INVALID'],
    ['amount exactly 9e18', () => createWithAmounts('9000000000000000000'), 'OK'],
    ['several outputs', () => createWithAmounts('1', '2', '3'), 'OK'],
  ];

  it.each(cases)('%s -> %s', async (_name, make, expected) => {
    expect(await codeOf(make())).toBe(expected);
  });

  it('rejects a transaction over the size limit', async () => {
    const big = signTransaction(
      makeCreate({
        asset: { blob: 'x'.repeat(20_000) },
        outputs: [makeOutput(alice.publicKey)],
        issuers: [alice.publicKey],
      }),
      [alice.privateKey],
    );
    expect(await codeOf(big)).toBe('TX_TOO_LARGE');
    expect(await codeOf(big, factsWith(), makePolicy({ maxTransactionBytes: 100_000 }))).toBe('OK');
  });

  it('errors carry the tx id, a message and details', async () => {
    const err = await validateTransaction({ ...create, id: 'f'.repeat(64) }, factsWith()).catch(
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(TransactionInvalidError);
    expect(err).toMatchObject({
      code: 'TX_ID_MISMATCH',
      txId: 'f'.repeat(64),
      details: { expected: create.id },
    });
    expect((err as Error).message).toContain(create.id);
  });
});

function flipSignature(t: Transaction): void {
  const input = t.inputs[0] as { fulfillment: string };
  const der = Buffer.from(input.fulfillment, 'base64url');
  der[50] = (der[50] ?? 0) ^ 0xff;
  input.fulfillment = der.toString('base64url');
}

function foreignCreate(): Transaction {
  const tx = makeCreate({ asset: null, outputs: [makeOutput(alice.publicKey)], issuers: [alice.publicKey] });
  return signTransaction(tx, [bob.privateKey]);
}

describe('ledger rules of TRANSFER', () => {
  const other = createFor(alice, '5', { kind: 'other asset' });
  const cases: [string, () => [Transaction, LedgerFacts], TxErrorCode | 'OK'][] = [
    ['the untouched TRANSFER', () => [transfer, committed()], 'OK'],
    ['source unknown', () => [transfer, factsWith()], 'TX_INPUT_MISSING'],
    ['source only in an undecided block', () => [transfer, undecided(create)], 'TX_INPUT_MISSING'],
    [
      'output index out of range',
      () => [
        signedSpend(
          [{ tx: create, outputIndex: 0 }],
          '10',
          (t) => ((t.inputs[0] as { fulfills: { output_index: number } }).fulfills.output_index = 3),
        ),
        committed(),
      ],
      'TX_INPUT_MISSING',
    ],
    [
      'signed by a key that does not own the output',
      () => [transferFrom(create, bob, carol), committed()],
      'TX_FULFILLMENT_MISMATCH',
    ],
    [
      'a flipped signature byte',
      () => [reid(mutate(transfer, flipSignature)), committed()],
      'TX_SIGNATURE_INVALID',
    ],
    [
      'changed recipient, id recomputed',
      () => [reid(mutate(transfer, (t) => (t.outputs[0] = makeOutput(carol.publicKey, '10')))), committed()],
      'TX_SIGNATURE_INVALID',
    ],
    [
      'overspend (10 in, 11 out)',
      () => [transferWithOutputs(create, '6', '5'), committed()],
      'TX_AMOUNT_MISMATCH',
    ],
    [
      'underspend (10 in, 9 out)',
      () => [transferWithOutputs(create, '9'), committed()],
      'TX_AMOUNT_MISMATCH',
    ],
    ['exact split (10 in, 4 + 6 out)', () => [transferWithOutputs(create, '4', '6'), committed()], 'OK'],
    [
      'already spent in a valid block',
      () => [transfer, withSpender(transferWithOutputs(create, '4', '6'), 'valid')],
      'TX_DOUBLE_SPEND',
    ],
    [
      'already spent in an undecided block',
      () => [transfer, withSpender(transferWithOutputs(create, '4', '6'), 'undecided')],
      'TX_DOUBLE_SPEND',
    ],
    [
      'spent only in an invalid block',
      () => [transfer, withSpender(transferWithOutputs(create, '4', '6'), 'invalid')],
      'OK',
    ],
    ['its own spend is not a double spend', () => [transfer, withSpender(transfer, 'undecided')], 'OK'],
    [
      'the same output twice',
      () => [
        signedSpend(
          [
            { tx: create, outputIndex: 0 },
            { tx: create, outputIndex: 0 },
          ],
          '20',
        ),
        committed(),
      ],
      'TX_INPUT_DUPLICATE',
    ],
    [
      'two different assets',
      () => [
        signedSpend(
          [
            { tx: create, outputIndex: 0 },
            { tx: other, outputIndex: 0 },
          ],
          '15',
        ),
        factsWith(create, other),
      ],
      'TX_ASSET_MISMATCH',
    ],
    [
      'asset.id not the spent asset',
      () => [
        signedSpend(
          [{ tx: create, outputIndex: 0 }],
          '10',
          (t) => ((t.asset as { id: string }).id = other.id),
        ),
        factsWith(create, other),
      ],
      'TX_ASSET_MISMATCH',
    ],
    [
      'a TRANSFER of a TRANSFER',
      () => [transferFrom(transfer, bob, carol), factsWith(create, transfer)],
      'OK',
    ],
    ['already in a valid block', () => [transfer, factsWith(create, transfer)], 'TX_DUPLICATE'],
  ];

  it.each(cases)('%s -> %s', async (_name, make, expected) => {
    const [tx, facts] = make();
    expect(await codeOf(tx, facts)).toBe(expected);
  });

  it('a transaction is no duplicate of itself in the block being judged', async () => {
    const facts = factsWith(create);
    facts.addBlock('c'.repeat(64), [transfer], 'valid');
    await expect(validateTransaction(transfer, facts, undefined, { blockId: 'c'.repeat(64) })).resolves.toBe(
      transfer,
    );
    await expect(
      validateTransaction(transfer, facts, undefined, { blockId: 'd'.repeat(64) }),
    ).rejects.toMatchObject({ code: 'TX_DUPLICATE' });
  });
});

function undecided(...txs: Transaction[]): MemoryLedgerFacts {
  const facts = new MemoryLedgerFacts();
  facts.addBlock('u'.repeat(64), txs, 'undecided');
  return facts;
}

function withSpender(spender: Transaction, status: 'valid' | 'undecided' | 'invalid'): MemoryLedgerFacts {
  const facts = factsWith(create);
  facts.addBlock('s'.repeat(64), [spender], status);
  return facts;
}

/** A TRANSFER to bob of `amount` spending `spend`, optionally edited before alice signs it. */
function signedSpend(
  spend: { tx: Transaction; outputIndex: number }[],
  amount: string,
  edit?: (t: Transaction) => void,
): Transaction {
  const unsigned = makeTransfer({
    spend: spend.map((s) => ({ ...s, outputIndex: 0 })),
    outputs: [makeOutput(bob.publicKey, amount)],
  });
  edit?.(unsigned as unknown as Transaction);
  return signTransaction(
    unsigned,
    spend.map(() => alice.privateKey),
  );
}

describe('federation policy', () => {
  const onlyBob = makePolicy({ create: [bob.publicKey] });
  const noTransfer = makePolicy({ transfer: { allowed: false, metadata: 'allowed' } });
  const noMetadata = makePolicy({ transfer: { allowed: true, metadata: 'forbidden' } });
  const schema = makePolicy({
    assetSchema: {
      type: 'object',
      required: ['kind'],
      properties: { kind: { type: 'string', enum: ['test', 'car'] } },
    },
  });
  const bare = signTransaction(
    makeTransfer({ spend: [{ tx: create, outputIndex: 0 }], outputs: [makeOutput(bob.publicKey, '10')] }),
    [alice.privateKey],
  );

  it.each([
    ['CREATE by a key not on the list', () => create, onlyBob, 'TX_POLICY_CREATE'],
    ['CREATE by a listed key', () => createFor(bob), onlyBob, 'OK'],
    ['TRANSFER where transfers are off', () => transfer, noTransfer, 'TX_POLICY_TRANSFER'],
    ['TRANSFER metadata where it is forbidden', () => transfer, noMetadata, 'TX_POLICY_METADATA'],
    ['TRANSFER without metadata where it is forbidden', () => bare, noMetadata, 'OK'],
    [
      'asset data off the schema',
      () => createFor(alice, '1', { kind: 'boat' }),
      schema,
      'TX_POLICY_ASSET_SCHEMA',
    ],
    ['asset data on the schema', () => createFor(alice, '1', { kind: 'car' }), schema, 'OK'],
  ] as [string, () => Transaction, FederationPolicy, TxErrorCode | 'OK'][])(
    '%s -> %s',
    async (_name, make, policy, expected) => {
      const tx = make();
      const facts = tx.operation === 'CREATE' ? factsWith() : committed();
      expect(await codeOf(tx, facts, policy)).toBe(expected);
    },
  );
});
