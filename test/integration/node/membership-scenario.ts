/**
 * Membership epochs on running nodes (issue 12), one scenario for both engines: admit a fourth
 * member by signed ballots, remove one, rotate a key; the nodes follow each new epoch without a
 * restart, blocks carry their epoch and the new members' votes, and no decided block changes
 * status. A record without valid ballots is ignored and reported. Checked from the tables.
 */
import type { Keypair, Transaction } from '../../../src/node/core/index.js';
import {
  decideProposal,
  proposalFor,
  resolveChain,
  signBallot,
  signPossession,
  type MembershipChange,
  type MembershipRecord,
  type Proposal,
} from '../../../src/protocol/membership/index.js';
import { namedSteps } from '../../support/named-steps.js';
import { TestFederation, type DatabaseServer } from './federation-harness.js';
import { createTx, keypair, waitFor } from './tx-helpers.js';

const [ALPHA, BETA, GAMMA, DELTA] = [0, 1, 2, 3];

export function membershipScenario(engine: string, server?: () => Promise<DatabaseServer>): void {
  describe(`membership epochs on running nodes (${engine})`, () => {
    const { step, failed } = namedSteps();
    const fed = new TestFederation({ members: 3, ...(server ? { server } : {}) });
    const decided = new Map<string, 'valid'>(); // block id -> status once VALID
    let gammaOldKey: Keypair;

    beforeAll(async () => {
      await fed.up();
    });
    afterAll(async () => {
      if (failed()) fed.dumpLogs(150);
      await fed.down();
    });

    const chain = async () => resolveChain(await fed.inspector.membershipRows());
    const current = async (): Promise<MembershipRecord> => (await chain()).epochs.at(-1)!;
    const running = () => fed.nodes.flatMap((n, i) => (n ? [i] : []));
    /** Propose, collect ballots from `voters` (index -> yes/no), commit through the store. */
    const decide = async (change: MembershipChange, voters: Record<number, boolean>, prove?: Keypair) => {
      const cur = await current();
      const draft = proposalFor(cur, change);
      const proposal: Proposal = prove
        ? { ...draft, change: { ...change, possession: signPossession(draft, prove) } }
        : draft;
      const ballots = Object.entries(voters).map(([i, yes]) => signBallot(proposal, yes, fed.kp(Number(i))));
      const decision = decideProposal(cur, proposal, ballots);
      if (decision.record) await fed.inspector.insertMembership(decision.record);
      return decision;
    };
    const everyNodeAt = (epoch: number) =>
      waitFor(`every running node to follow epoch ${epoch}`, async () => {
        const reports = await Promise.all(
          running().map(async (i) => (await fed.node(i).health()).membership),
        );
        return reports.every((m) => m.epoch === epoch) && reports;
      });
    /** Commit a CREATE through node `via`; returns its VALID block. */
    const commit = async (via: number, data: Record<string, unknown>) => {
      const tx: Transaction = createTx(keypair(), data);
      await fed.node(via).submit(tx, 'commit');
      const [blockId] = await fed.node(via).store.getBlockIdsContaining(tx.id);
      const valid = await waitFor('its block VALID', async () => {
        for (const id of await fed.node(via).store.getBlockIdsContaining(tx.id))
          if ((await fed.node(via).store.getBlockStatus(id)) === 'valid') return id;
        return null;
      });
      decided.set(valid, 'valid');
      return { tx, blockId: valid ?? blockId, block: (await fed.inspector.getBlock(valid))! };
    };
    const votersOf = async (blockId: string) =>
      (await fed.inspector.getVotes(blockId)).map((v) => v.node_pubkey).sort();
    const noDecidedBlockChanged = async () => {
      for (const i of running())
        for (const id of decided.keys()) expect(await fed.node(i).store.getBlockStatus(id)).toBe('valid');
    };

    step('epoch 0 is in the table: the three members the federation started with', async () => {
      const c = await chain();
      expect(c.ignored).toEqual([]);
      expect(c.epochs).toHaveLength(1);
      expect(c.epochs[0]!.members.map((m) => m.publicKey).sort()).toEqual(
        [ALPHA, BETA, GAMMA].map((i) => fed.kp(i).publicKey).sort(),
      );
      const { block } = await commit(ALPHA, { before: 'admission' });
      expect(block.block.epoch).toBe(0);
    });

    step(
      'admit delta: two of three say yes (majority); every node follows epoch 1; delta votes',
      async () => {
        fed.keypairs.push(keypair());
        const delta = fed.kp(DELTA);
        const change: MembershipChange = { kind: 'admit', operator: 'delta', publicKey: delta.publicKey };
        const decision = await decide(change, { [ALPHA]: true, [BETA]: true, [GAMMA]: false }, delta);
        expect(decision.tally.outcome).toBe('approved');
        expect(decision.tally.rejections).toEqual([fed.kp(GAMMA).publicKey]);
        await fed.start(DELTA);
        await everyNodeAt(1);
        const { block, blockId } = await commit(BETA, { during: 'epoch 1' });
        expect(block.block.epoch).toBe(1);
        expect([...block.block.voters].sort()).toEqual(
          [ALPHA, BETA, GAMMA, DELTA].map((i) => fed.kp(i).publicKey).sort(),
        );
        await waitFor('delta to vote on the new block', async () =>
          (await votersOf(blockId)).includes(delta.publicKey),
        );
        await noDecidedBlockChanged();
      },
    );

    step('a record without valid ballots is ignored and reported; the epoch stays', async () => {
      const cur = await current();
      // Its own id (the table's key): a copy of the current record moved to epoch 9, no valid ballots.
      const forged = { ...cur, epoch: 9, previous: cur.id, id: 'f'.repeat(64) };
      await fed.inspector.insertMembership(forged);
      await waitFor('node 0 to report the ignored record', async () =>
        (await fed.node(ALPHA).health()).membership.ignored.some((r) => r.epoch === 9),
      );
      expect((await fed.node(ALPHA).health()).membership.epoch).toBe(1);
    });

    step("remove beta: beta's key no longer makes or votes on blocks; the others still commit", async () => {
      const beta = fed.kp(BETA).publicKey;
      const change: MembershipChange = { kind: 'remove', operator: 'beta', previousKey: beta };
      const rows = await fed.inspector.membershipRows();
      const operatorOfBeta = resolveChain(rows)
        .epochs.at(-1)!
        .members.find((m) => m.publicKey === beta)!.operator;
      const decision = await decide(
        { ...change, operator: operatorOfBeta },
        { [ALPHA]: true, [GAMMA]: true, [DELTA]: true },
      );
      expect(decision.tally.outcome).toBe('approved');
      await everyNodeAt(2);
      const { block, blockId } = await commit(ALPHA, { after: 'removal' });
      expect(block.block.epoch).toBe(2);
      expect(block.block.voters).not.toContain(beta);
      await new Promise((r) => setTimeout(r, 1_500)); // beta's vote stage runs every 0.5 s
      expect(await votersOf(blockId)).not.toContain(beta);
      await noDecidedBlockChanged();
    });

    step("rotate gamma's key: the new key votes, the old one is no longer a member", async () => {
      gammaOldKey = fed.kp(GAMMA);
      const fresh = keypair();
      const members = (await current()).members;
      const operator = members.find((m) => m.publicKey === gammaOldKey.publicKey)!.operator;
      const change: MembershipChange = {
        kind: 'rotate-key',
        operator,
        publicKey: fresh.publicKey,
        previousKey: gammaOldKey.publicKey,
      };
      const decision = await decide(change, { [ALPHA]: true, [GAMMA]: true, [DELTA]: true }, fresh);
      expect(decision.tally.outcome).toBe('approved');
      await fed.stop(GAMMA);
      fed.keypairs[GAMMA] = fresh;
      await fed.start(GAMMA);
      await everyNodeAt(3);
      const { block, blockId } = await commit(DELTA, { after: 'rotation' });
      expect(block.block.epoch).toBe(3);
      expect(block.block.voters).toContain(fresh.publicKey);
      expect(block.block.voters).not.toContain(gammaOldKey.publicKey);
      await waitFor('the new key to vote', async () => (await votersOf(blockId)).includes(fresh.publicKey));
      await noDecidedBlockChanged();
    });
  });
}
