/** A small ledger for archive tests: 3 members, genesis, blocks with votes. */
import {
  buildCreate,
  buildTransfer,
  generateKeypair,
  makeBlock,
  makeGenesisBlock,
  makeVote,
  type Block,
  type Keypair,
  type Transaction,
  type Vote,
} from '../../../../src/node/core/index.js';

export function ledgerFixture() {
  const members: Keypair[] = [generateKeypair(), generateKeypair(), generateKeypair()];
  const keys = members.map((k) => k.publicKey).sort();
  const [a, b] = members as [Keypair, Keypair, Keypair];
  const genesis = makeGenesisBlock(a, 1_000);
  const owner = generateKeypair();
  const create = buildCreate(owner, { n: 1 }, { note: 'm' });
  const transfer = buildTransfer(create, 0, owner.privateKey, generateKeypair().publicKey, null);
  const block = (txs: Transaction[], t: number): Block => makeBlock(txs, a, keys, t);
  const votes = (blk: Block, valid: boolean, who: Keypair[] = members): Vote[] =>
    who.map((k) => makeVote(blk.id, genesis.id, valid, valid ? null : 'no', k, 5_000));
  return { members, keys, a, b, genesis, owner, create, transfer, block, votes };
}
