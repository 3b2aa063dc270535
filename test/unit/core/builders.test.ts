import {
  createInputCondition,
  makeCreate,
  makeEd25519Condition,
  makeOutput,
  makeThresholdCondition,
  makeTransfer,
  signingMessage,
  signTransaction,
  TransactionBuildError,
  verifyBytes,
} from '../../../src/node/core/index.js';
import { parseFulfillment } from '../../../src/node/core/fulfillment.js';
import { alice, bob, carol, createFor } from './fixtures.js';

describe('builders', () => {
  it('makeCreate gives one unsigned input whose owners are the issuers', () => {
    const tx = makeCreate({
      asset: { a: 1 },
      outputs: [makeOutput(alice.publicKey)],
      issuers: [alice.publicKey, bob.publicKey],
    });
    expect(tx).toMatchObject({
      id: null,
      version: '2.0',
      operation: 'CREATE',
      metadata: null,
      asset: { data: { a: 1 } },
    });
    expect(tx.inputs).toEqual([
      { fulfillment: null, fulfills: null, owners_before: [alice.publicKey, bob.publicKey] },
    ]);
    expect(createInputCondition([alice.publicKey])).toEqual(makeEd25519Condition(alice.publicKey).details);
    expect(createInputCondition([alice.publicKey, bob.publicKey])).toMatchObject({
      type: 'threshold-sha-256',
      threshold: 2,
    });
  });

  it('makeTransfer links the spent outputs and takes the asset id (CREATE id, or asset.id of a TRANSFER)', () => {
    const create = createFor(alice);
    const t1 = signTransaction(
      makeTransfer({ spend: [{ tx: create, outputIndex: 0 }], outputs: [makeOutput(bob.publicKey)] }),
      [alice.privateKey],
    );
    const t2 = makeTransfer({ spend: [{ tx: t1, outputIndex: 0 }], outputs: [makeOutput(carol.publicKey)] });
    expect(t1.asset).toEqual({ id: create.id });
    expect(t2.asset).toEqual({ id: create.id });
    expect(t2.inputs[0]).toEqual({
      fulfillment: null,
      fulfills: { output_index: 0, transaction_id: t1.id },
      owners_before: [bob.publicKey],
    });
  });

  it('each input signs the digest verifyBytes accepts', () => {
    const create = createFor(alice);
    const [input] = create.inputs;
    if (input === undefined) throw new Error('a CREATE has one input');
    const [leaf] = parseFulfillment(input.fulfillment).leaves;
    expect(leaf && verifyBytes(signingMessage(create, input), leaf.signature, leaf.publicKey)).toBe(true);
  });

  it.each([
    ['no issuers', () => makeCreate({ asset: null, outputs: [], issuers: [] })],
    ['nothing to spend', () => makeTransfer({ spend: [], outputs: [] })],
    [
      'a missing output',
      () => makeTransfer({ spend: [{ tx: createFor(alice), outputIndex: 4 }], outputs: [] }),
    ],
    [
      'too few signers',
      () =>
        signTransaction(
          makeCreate({ asset: null, outputs: [makeOutput(alice.publicKey)], issuers: [alice.publicKey] }),
          [],
        ),
    ],
    [
      'keys that cannot meet the threshold',
      () => {
        const gate = makeThresholdCondition(
          2,
          [alice, bob, carol].map((k) => makeEd25519Condition(k.publicKey)),
        );
        const create = signTransaction(
          makeCreate({ asset: null, outputs: [makeOutput(gate)], issuers: [alice.publicKey] }),
          [alice.privateKey],
        );
        const spend = makeTransfer({
          spend: [{ tx: create, outputIndex: 0 }],
          outputs: [makeOutput(bob.publicKey)],
        });
        return signTransaction(spend, [{ condition: gate.details, privateKeys: [alice.privateKey] }]);
      },
    ],
  ])('refuse %s with TransactionBuildError', (_name, build) => {
    expect(build).toThrow(TransactionBuildError);
  });
});
