import driverModule from 'bigchaindb-driver';
import { generateKeypair } from '../../../src/shared/crypto/index.js';
import { buildCreate, buildTransfer, type Transaction } from '../../../src/protocol/index.js';

// The driver is a dev dependency: the reference these shortcuts must agree with.
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- untyped CJS default export
const driver = ((driverModule as any).default ?? driverModule) as any;

describe('protocol buildCreate / buildTransfer', () => {
  const alice = generateKeypair();
  const bob = generateKeypair();

  it('builds the same CREATE (id, fulfillment, condition) as bigchaindb-driver', () => {
    const ours = buildCreate(alice, { serial: 'x1' }, { note: 'n' });
    const condition = driver.Transaction.makeEd25519Condition(alice.publicKey);
    const theirs = driver.Transaction.signTransaction(
      driver.Transaction.makeCreateTransaction(
        { serial: 'x1' },
        { note: 'n' },
        [driver.Transaction.makeOutput(condition)],
        alice.publicKey,
      ),
      alice.privateKey,
    );
    expect(ours).toEqual(theirs);
  });

  it('builds the same TRANSFER as bigchaindb-driver', () => {
    const create = buildCreate(alice, { serial: 'x2' });
    const ours = buildTransfer(create, 0, alice.privateKey, bob.publicKey, { to: 'bob' });
    const theirs = driver.Transaction.signTransaction(
      driver.Transaction.makeTransferTransaction(
        [{ tx: create, output_index: 0 }],
        [driver.Transaction.makeOutput(driver.Transaction.makeEd25519Condition(bob.publicKey))],
        { to: 'bob' },
      ),
      alice.privateKey,
    );
    expect(ours).toEqual(theirs);
    const again: Transaction = buildTransfer(ours, 0, bob.privateKey, alice.publicKey);
    expect(again.asset).toEqual({ id: create.id });
  });
});
