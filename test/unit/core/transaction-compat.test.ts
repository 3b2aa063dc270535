// Transactions the driver makes must validate here, and ours must get the driver's ids.
import cc from 'crypto-conditions';
import {
  checkTransactionStatic,
  computeTransactionId,
  makeCreate,
  makeEd25519Condition,
  makeOutput,
  makeThresholdCondition,
  makeTransfer,
  serializeTransaction,
  signTransaction,
  validateTransaction,
  type Transaction,
} from '../../../src/node/core/index.js';
import { hashPayloads } from '../../../src/protocol/transaction-hash.js';
import { canonicalJson, decodeBase58, sha3_256 } from '../../../src/shared/crypto/index.js';
import { alice, bob, carol, dave, factsWith, T } from './fixtures.js';

const asTx = (x: unknown): Transaction => x as Transaction;
const asset = { serial: 'A-1', tags: ['x', 'y'], nested: { ü: 1 } };
const metadata = { comment: 'hello', n: 3 };

function driverCreate(amount = '1'): Transaction {
  const out = T.makeOutput(T.makeEd25519Condition(alice.publicKey), amount);
  return asTx(
    T.signTransaction(T.makeCreateTransaction(asset, metadata, [out], alice.publicKey), alice.privateKey),
  );
}

function ourCreate(amount = '1'): Transaction {
  const tx = makeCreate({
    asset,
    metadata,
    outputs: [makeOutput(alice.publicKey, amount)],
    issuers: [alice.publicKey],
  });
  return signTransaction(tx, [alice.privateKey]);
}

describe('CREATE', () => {
  it('a driver-signed CREATE validates', async () => {
    const tx = driverCreate();
    await expect(validateTransaction(tx, factsWith())).resolves.toBe(tx);
  });

  it('ours equals the driver one byte for byte (same keys and content give the same id)', () => {
    const theirs = driverCreate('10');
    const ours = ourCreate('10');
    expect(ours.id).toBe(theirs.id);
    expect(serializeTransaction(ours)).toBe(serializeTransaction(theirs));
  });

  it('hash payloads built by hand (generic and schema-checked paths) equal generic canonical JSON', () => {
    const gate = makeThresholdCondition(1, [
      makeEd25519Condition(bob.publicKey),
      makeThresholdCondition(
        2,
        [alice, carol, dave].map((k) => makeEd25519Condition(k.publicKey)),
      ),
    ]);
    const create = signTransaction(
      makeCreate({
        asset: { 'é"\\': [1, null] },
        outputs: [makeOutput(gate, '7'), makeOutput(alice.publicKey, '3')],
        issuers: [alice.publicKey, bob.publicKey],
      }),
      [{ privateKeys: [alice.privateKey, bob.privateKey] }],
    );
    const transfer = signTransaction(
      makeTransfer({
        spend: [{ tx: create, outputIndex: 1 }],
        outputs: [makeOutput(carol.publicKey, '3')],
        metadata: { z: { b: 1, a: 2 } },
      }),
      [alice.privateKey],
    );
    for (const tx of [driverCreate(), create, transfer]) {
      const nulled = { ...tx, id: null, inputs: tx.inputs.map((i) => ({ ...i, fulfillment: null })) };
      const expected = { signed: canonicalJson({ ...tx, id: null }), unsigned: canonicalJson(nulled) };
      expect(hashPayloads(tx)).toEqual(expected);
      expect(hashPayloads(tx, true)).toEqual(expected);
      expect(computeTransactionId(tx)).toBe(tx.id);
    }
  });

  it('a multi-issuer CREATE is one input with an n-of-n fulfillment (spec v2.0 allows one input)', async () => {
    const unsigned = makeCreate({
      asset,
      outputs: [makeOutput(alice.publicKey)],
      issuers: [alice.publicKey, bob.publicKey],
    });
    const tx = signTransaction(unsigned, [{ privateKeys: [alice.privateKey, bob.privateKey] }]);
    await expect(validateTransaction(tx, factsWith())).resolves.toBe(tx);
    // The JS driver makes one input per issuer, which spec v2.0 (and BigchainDB 2.x) rejects.
    const two = T.signTransaction(
      T.makeCreateTransaction(
        asset,
        null,
        [T.makeOutput(T.makeEd25519Condition(alice.publicKey))],
        alice.publicKey,
        bob.publicKey,
      ),
      alice.privateKey,
      bob.privateKey,
    );
    expect(() => checkTransactionStatic(two)).toThrow(expect.objectContaining({ code: 'TX_SCHEMA' }));
  });
});

describe('TRANSFER', () => {
  it('a driver-signed divisible TRANSFER (10 -> 3 + 7) validates and ours gets its id', async () => {
    const create = driverCreate('10');
    const outs = [
      T.makeOutput(T.makeEd25519Condition(bob.publicKey), '3'),
      T.makeOutput(T.makeEd25519Condition(alice.publicKey), '7'),
    ];
    const theirs = asTx(
      T.signTransaction(
        T.makeTransferTransaction([{ tx: create, output_index: 0 }], outs, { why: 'split' }),
        alice.privateKey,
      ),
    );
    await expect(validateTransaction(theirs, factsWith(create))).resolves.toBe(theirs);
    const ours = signTransaction(
      makeTransfer({
        spend: [{ tx: create, outputIndex: 0 }],
        outputs: [makeOutput(bob.publicKey, '3'), makeOutput(alice.publicKey, '7')],
        metadata: { why: 'split' },
      }),
      [alice.privateKey],
    );
    expect(ours).toEqual(theirs);
  });

  it('a 2-of-3 threshold output, spent the way driver users sign it by hand, validates; ours matches', async () => {
    const cond = T.makeThresholdCondition(
      2,
      [alice, bob, carol].map((k) => T.makeEd25519Condition(k.publicKey, false)),
    );
    const create = asTx(
      T.signTransaction(
        T.makeCreateTransaction(asset, null, [T.makeOutput(cond, '5')], dave.publicKey),
        dave.privateKey,
      ),
    );
    const facts = factsWith(create);
    await expect(validateTransaction(create, factsWith())).resolves.toBe(create);

    const unsigned = T.makeTransferTransaction(
      [{ tx: create, output_index: 0 }],
      [T.makeOutput(T.makeEd25519Condition(dave.publicKey), '5')],
      null,
    );
    const digest = sha3_256(T.serializeTransactionIntoCanonicalString(unsigned) + create.id + '0');
    const gate = new cc.ThresholdSha256();
    gate.setThreshold(2);
    for (const k of [alice, carol]) {
      const leaf = new cc.Ed25519Sha256();
      leaf.sign(digest, Buffer.from(decodeBase58(k.privateKey)));
      gate.addSubfulfillment(leaf);
    }
    const pending = new cc.Ed25519Sha256();
    pending.setPublicKey(Buffer.from(decodeBase58(bob.publicKey)));
    gate.addSubcondition(pending.getCondition());
    const theirs = structuredClone(unsigned) as unknown as Record<string, unknown> & {
      inputs: { fulfillment: string }[];
    };
    (theirs.inputs[0] as { fulfillment: string }).fulfillment = gate.serializeUri();
    theirs['id'] = sha3_256(T.serializeTransactionIntoCanonicalString(theirs)).toString('hex');
    await expect(validateTransaction(theirs, facts)).resolves.toBe(theirs);

    const ours = signTransaction(
      makeTransfer({ spend: [{ tx: create, outputIndex: 0 }], outputs: [makeOutput(dave.publicKey, '5')] }),
      [{ condition: cond.details as never, privateKeys: [alice.privateKey, carol.privateKey] }],
    );
    expect(ours.id).toBe(theirs['id']);
  });

  it('a nested threshold (1-of-[alice, 2-of-[bob, carol, dave]]) spent by bob+dave validates', async () => {
    const inner = makeThresholdCondition(
      2,
      [bob, carol, dave].map((k) => makeEd25519Condition(k.publicKey)),
    );
    const cond = makeThresholdCondition(1, [makeEd25519Condition(alice.publicKey), inner]);
    const create = signTransaction(
      makeCreate({ asset, outputs: [makeOutput(cond, '2')], issuers: [alice.publicKey] }),
      [alice.privateKey],
    );
    const spend = signTransaction(
      makeTransfer({ spend: [{ tx: create, outputIndex: 0 }], outputs: [makeOutput(carol.publicKey, '2')] }),
      [{ condition: cond.details, privateKeys: [bob.privateKey, dave.privateKey] }],
    );
    await expect(validateTransaction(spend, factsWith(create))).resolves.toBe(spend);
  });

  it('spends two outputs of the same asset in one TRANSFER', async () => {
    const create = ourCreate('4');
    const split = signTransaction(
      makeTransfer({
        spend: [{ tx: create, outputIndex: 0 }],
        outputs: [makeOutput(bob.publicKey, '1'), makeOutput(bob.publicKey, '3')],
      }),
      [alice.privateKey],
    );
    const merge = signTransaction(
      makeTransfer({
        spend: [
          { tx: split, outputIndex: 0 },
          { tx: split, outputIndex: 1 },
        ],
        outputs: [makeOutput(carol.publicKey, '4')],
      }),
      [bob.privateKey, bob.privateKey],
    );
    const theirs = asTx(
      T.signTransaction(
        T.makeTransferTransaction(
          [
            { tx: split, output_index: 0 },
            { tx: split, output_index: 1 },
          ],
          [T.makeOutput(T.makeEd25519Condition(carol.publicKey), '4')],
          null,
        ),
        bob.privateKey,
        bob.privateKey,
      ),
    );
    expect(merge.id).toBe(theirs.id);
    await expect(validateTransaction(merge, factsWith(create, split))).resolves.toBe(merge);
  });
});
