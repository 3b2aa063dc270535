// An archive's blocks are judged against the members of their own epoch (its membership records),
// so a backup taken after an admission recounts its older blocks as the nodes decided them.
import { makeBlock, makeVote } from '../../../src/node/core/index.js';
import {
  currentMembersOf,
  electInEpoch,
  epochMembersOf,
} from '../../../src/protocol/ledger-archive-epochs.js';
import {
  decideProposal,
  genesisRecord,
  proposalFor,
  signBallot,
  signPossession,
} from '../../../src/protocol/membership/index.js';
import { createFor, seededKeypair } from '../core/fixtures.js';

const [a, b, c, d] = [41, 42, 43, 44].map(seededKeypair) as [
  ReturnType<typeof seededKeypair>,
  ReturnType<typeof seededKeypair>,
  ReturnType<typeof seededKeypair>,
  ReturnType<typeof seededKeypair>,
];
const founders = [a, b, c].map((k, i) => ({ operator: `op${i}`, publicKey: k.publicKey }));
const epoch0 = genesisRecord('f', founders, 'majority');
const draft = proposalFor(epoch0, { kind: 'admit', operator: 'op3', publicKey: d.publicKey });
const proposal = { ...draft, change: { ...draft.change, possession: signPossession(draft, d) } };
const epoch1 = decideProposal(
  epoch0,
  proposal,
  [a, b].map((k) => signBallot(proposal, true, k)),
).record!;
const PREV = '0'.repeat(64);

describe('archive epochs', () => {
  const old = makeBlock(
    [createFor(a)],
    a,
    founders.map((m) => m.publicKey),
    1000,
    0,
  );
  const oldVotes = [b, c].map((k, i) => makeVote(old.id, PREV, true, null, k, 2000 + i));
  const fresh = makeBlock(
    [createFor(d)],
    d,
    [a, b, c, d].map((k) => k.publicKey),
    3000,
    1,
  );
  const freshVotes = [a, b, d].map((k, i) => makeVote(fresh.id, PREV, true, null, k, 4000 + i));
  const current = [a, b, c, d].map((k) => k.publicKey).sort();

  test('with its membership records, each block is VALID against its own epoch', () => {
    const membersOf = epochMembersOf({ members: current, membership: [epoch1, epoch0] });
    expect(electInEpoch(old, oldVotes, membersOf).status).toBe('valid');
    expect(electInEpoch(fresh, freshVotes, membersOf).status).toBe('valid');
    expect(currentMembersOf([epoch0, epoch1], [])).toEqual(current);
  });

  test("without them, today's members judge every block: the older one would not be VALID", () => {
    const flat = epochMembersOf({ members: current });
    expect(electInEpoch(old, oldVotes, flat).status).toBe('invalid');
    expect(electInEpoch(fresh, freshVotes, flat).status).toBe('undecided'); // epoch 1 unknown
  });
});
