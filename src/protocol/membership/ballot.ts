import { canonicalJson, type Keypair } from '../../shared/crypto/index.js';
import { signPayload, verifyPayload } from '../signed-json.js';
import type { Ballot, Proposal } from './types.js';

const ballotBody = (proposal: Proposal, approve: boolean): string => canonicalJson({ proposal, approve });

/** A member's signed yes or no on a proposal. */
export function signBallot(proposal: Proposal, approve: boolean, keypair: Keypair): Ballot {
  return {
    voter: keypair.publicKey,
    approve,
    signature: signPayload(ballotBody(proposal, approve), keypair.privateKey),
  };
}

/** Never throws: a malformed ballot is just not a valid one. */
export function verifyBallot(proposal: Proposal, ballot: Ballot): boolean {
  if (typeof ballot?.voter !== 'string' || typeof ballot.signature !== 'string') return false;
  if (typeof ballot.approve !== 'boolean') return false;
  return verifyPayload(ballotBody(proposal, ballot.approve), ballot.signature, ballot.voter);
}

/**
 * What a new key signs to prove its owner holds it (admit, rotate-key). It names the previous
 * record's id (issue 16), so a proof made for one chain cannot be replayed into another chain of
 * the same federation name and epoch. Proofs made before issue 16 (without `previous`) no longer
 * verify: a record carrying one is ignored.
 */
export const possessionStatement = (proposal: Proposal): string =>
  canonicalJson({
    possession: true,
    federation: proposal.federation,
    epoch: proposal.epoch,
    previous: proposal.previous,
    operator: proposal.change.operator,
    publicKey: proposal.change.publicKey ?? null,
  });

export function signPossession(proposal: Proposal, newKey: Keypair): string {
  return signPayload(possessionStatement(proposal), newKey.privateKey);
}

export function verifyPossession(proposal: Proposal): boolean {
  const { publicKey, possession } = proposal.change;
  if (publicKey === undefined || possession === undefined) return false;
  return verifyPayload(possessionStatement(proposal), possession, publicKey);
}
