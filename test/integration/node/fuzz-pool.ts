/**
 * The fuzz suite's fixed material: keypairs derived from fixed seeds (so that a seed reproduces
 * the same transactions byte for byte) and the committed outputs it replays and spends.
 */
import {
  buildCreate,
  encodeBase58,
  keypairFromPrivateKey,
  sha3_256,
  type Keypair,
} from '../../../src/node/core/index.js';
import {
  makeCreate,
  makeEd25519Condition,
  makeOutput,
  makeThresholdCondition,
  signTransaction,
} from '../../../src/protocol/index.js';
import type { Spendable } from './hostile-request.js';

/** Fixed keypairs, the same in every run (so a seed reproduces the same transactions). */
export function person(i: number): Keypair {
  return keypairFromPrivateKey(encodeBase58(sha3_256(`fedlab-fuzz-person-${i}`)));
}

/** Committed outputs to spend: single-owner (amount 1 and 10) and 2-of-3 threshold ones. */
export function poolTransactions(people: Keypair[]): Spendable[] {
  const single = Array.from({ length: 18 }, (_, i): Spendable => {
    const owner = people[i % people.length] as Keypair;
    const tx = buildCreate(owner, { fuzz: 'pool', n: i }, null, owner.publicKey, i < 12 ? '1' : '10');
    return { tx, outputIndex: 0, signer: owner.privateKey, ownerKeys: [owner.privateKey] };
  });
  const owners = people.slice(1, 4);
  const threshold = Array.from({ length: 4 }, (_, i): Spendable => {
    const issuer = people[0] as Keypair;
    const condition = makeThresholdCondition(
      2,
      owners.map((k) => makeEd25519Condition(k.publicKey)),
    );
    const unsigned = makeCreate({
      asset: { fuzz: 'threshold', n: i },
      outputs: [makeOutput(condition, '3')],
      issuers: [issuer.publicKey],
    });
    const tx = signTransaction(unsigned, [issuer.privateKey]);
    const keys = owners.map((k) => k.privateKey);
    return {
      tx,
      outputIndex: 0,
      signer: { condition: condition.details, privateKeys: keys.slice(0, 2) },
      ownerKeys: keys,
    };
  });
  return [...single, ...threshold];
}
