/**
 * Issue 16, "epoch changes never strand a block", on running nodes: with beta and gamma stopped,
 * a CREATE posted through alpha sits in an epoch-0 block with alpha's vote only; gamma is
 * removed (epoch 1 = alpha, beta); once beta is back the block is decided and the CREATE is
 * VALID exactly once. Then beta's key is rotated while an epoch-1 block waits for beta's vote:
 * beta's node, still on its old key, votes on it (the old key's own epoch), and the new key
 * takes over in epoch 2. Checked from the tables: every block decided, nothing left in the
 * backlog, each transaction in exactly one VALID block. Meanwhile `bigchaindb membership pending`
 * lists the waiting block and `membership commit` refuses to stack epoch 2 on it.
 */
import { join } from 'node:path';
import type { Keypair, Transaction } from '../../../src/node/core/index.js';
import {
  decideProposal,
  proposalFor,
  resolveChain,
  signBallot,
  signPossession,
  type MembershipChange,
  type MembershipRecord,
} from '../../../src/protocol/membership/index.js';
import { writeConfigFile } from '../../../src/node/config/file.js';
import { namedSteps } from '../../support/named-steps.js';
import { InProcessCli } from './cli-in-process.js';
import { TestFederation, type DatabaseServer } from './federation-harness.js';
import { createTx, keypair, waitFor } from './tx-helpers.js';

const [ALPHA, BETA, GAMMA] = [0, 1, 2];

export function epochDrainScenario(engine: string, server?: () => Promise<DatabaseServer>): void {
  describe(`an epoch change never strands a block (${engine})`, () => {
    const { step, failed } = namedSteps();
    const fed = new TestFederation({ members: 3, reassignDelaySec: 5, ...(server ? { server } : {}) });
    const posted: Transaction[] = [];
    let pending = ''; // the block that waits for the departing key's epoch
    const cli = new InProcessCli(() => ({}));

    beforeAll(async () => {
      await fed.up();
      await cli.setup();
    });
    afterAll(async () => {
      if (failed()) {
        fed.dumpLogs(200);
        process.stderr.write(cli.transcript.join('\n') + '\n');
      }
      await cli.teardown();
      await fed.down();
    });

    /** `bigchaindb membership ...` with alpha's config, in-process. */
    const alphaCli = async (args: string[], env: Record<string, string> = {}) => {
      await writeConfigFile(join(cli.dir, '.bigchaindb'), fed.config(ALPHA));
      return cli.run(['membership', ...args], env);
    };
    const pendingOn = async (voter?: string) => {
      const run = await alphaCli(['pending', '--json', ...(voter ? ['--voter', voter] : [])]);
      expect(run.code).toBe(0);
      return JSON.parse(run.out.join('\n')) as {
        epoch: number;
        count: number;
        olderEpochs: number;
        blocks: { id: string; silent: string[] }[];
      };
    };

    const current = async (): Promise<MembershipRecord> =>
      resolveChain(await fed.inspector.membershipRows()).epochs.at(-1)!;
    const operatorOf = (record: MembershipRecord, key: string) =>
      record.members.find((m) => m.publicKey === key)!.operator;
    /** Records a change approved by the ballots of `voters` (member indexes), as `membership commit` does. */
    const record = async (change: MembershipChange, voters: Keypair[], prove?: Keypair) => {
      const cur = await current();
      const draft = proposalFor(cur, change);
      const proposal = prove
        ? { ...draft, change: { ...change, possession: signPossession(draft, prove) } }
        : draft;
      const decision = decideProposal(
        cur,
        proposal,
        voters.map((k) => signBallot(proposal, true, k)),
      );
      expect(decision.tally.outcome).toBe('approved');
      await fed.inspector.insertMembership(decision.record!);
      await waitFor(`alpha to follow epoch ${decision.record!.epoch}`, async () => {
        return (await fed.node(ALPHA).health()).membership.epoch === decision.record!.epoch;
      });
    };
    const statusOn = (i: number, blockId: string) => fed.node(i).store.getBlockStatus(blockId);
    const votersOf = async (blockId: string) =>
      (await fed.inspector.getVotes(blockId)).map((v) => v.node_pubkey).sort();
    const aliveOnAlpha = async (keys: string[]) => {
      await waitFor(`alpha to see only ${keys.length} member(s) alive`, async () => {
        const { liveness } = await fed.node(ALPHA).health();
        return liveness.known && liveness.alive.length === keys.length;
      });
    };
    /** Posts a CREATE through alpha (async) and waits for its block with alpha's vote on it. */
    const postThroughAlpha = async (data: Record<string, unknown>): Promise<string> => {
      const tx = createTx(keypair(), data);
      await fed.node(ALPHA).submit(tx, 'async');
      posted.push(tx);
      const blockId = await waitFor(`a block holding ${tx.id.slice(0, 8)}`, async () => {
        const [id] = await fed.inspector.getBlockIdsContaining(tx.id);
        return id;
      });
      await waitFor("alpha's vote on it", async () =>
        (await votersOf(blockId)).includes(fed.kp(ALPHA).publicKey),
      );
      return blockId;
    };
    /** From the tables: each posted transaction in exactly one VALID block; no block undecided. */
    const settled = async (on: number[]) => {
      const blocks = await fed.inspector.getBlocksNotVotedBy(keypair().publicKey, 10_000); // every block
      for (const i of on)
        for (const b of blocks) expect([b.id, await statusOn(i, b.id)]).not.toEqual([b.id, 'undecided']);
      for (const tx of posted) {
        const ids = await fed.inspector.getBlockIdsContaining(tx.id);
        const valid = [];
        for (const id of ids) if ((await statusOn(ALPHA, id)) === 'valid') valid.push(id);
        expect([tx.id, valid.length]).toEqual([tx.id, 1]);
        for (const i of on) expect(await fed.node(i).store.getTransactionStatus(tx.id)).toBe('valid');
      }
      expect(await fed.inspector.getStaleBacklog(Date.now() + 3_600_000, 100)).toEqual([]);
    };

    step(
      "with beta and gamma stopped, a CREATE through alpha waits in an epoch-0 block with alpha's vote only",
      async () => {
        await fed.stop(BETA);
        await fed.stop(GAMMA);
        await aliveOnAlpha([fed.kp(ALPHA).publicKey]);
        pending = await postThroughAlpha({ issue: 16, step: 'before removal' });
        const block = (await fed.inspector.getBlock(pending))!;
        expect(block.block.epoch ?? 0).toBe(0);
        expect(await votersOf(pending)).toEqual([fed.kp(ALPHA).publicKey]);
        expect(await statusOn(ALPHA, pending)).toBe('undecided');
      },
    );

    step('gamma is removed (epoch 1 = alpha, beta): the epoch-0 block is still undecided', async () => {
      const gamma = fed.kp(GAMMA).publicKey;
      const operator = operatorOf(await current(), gamma);
      await record({ kind: 'remove', operator, previousKey: gamma }, [fed.kp(ALPHA), fed.kp(BETA)]);
      expect(await statusOn(ALPHA, pending)).toBe('undecided');
    });

    step(
      'membership pending lists the block and its silent voters; commit refuses to stack epoch 2 on it',
      async () => {
        const gamma = fed.kp(GAMMA).publicKey;
        const report = await pendingOn(gamma);
        expect(report).toMatchObject({ epoch: 1, count: 1, olderEpochs: 1 });
        expect(report.blocks[0]!.id).toBe(pending);
        expect(report.blocks[0]!.silent.sort()).toEqual([fed.kp(BETA).publicKey, gamma].sort());
        const cur = await current();
        const beta = fed.kp(BETA).publicKey;
        const proposal = proposalFor(cur, {
          kind: 'remove',
          operator: operatorOf(cur, beta),
          previousKey: beta,
        });
        const ballots = [fed.kp(ALPHA), fed.kp(BETA)].map((k) => signBallot(proposal, true, k));
        const refused = await alphaCli(['commit'], {
          BIGCHAINDB_INPUT_JSON: JSON.stringify({ proposal, ballots }),
        });
        expect(refused.code).not.toBe(0);
        expect(refused.err.join('\n')).toMatch(
          /epoch older than the current epoch 1 are still undecided .*\(epoch 0\).*member-.*--allow-pending/s,
        );
        expect((await current()).epoch).toBe(1);
      },
    );

    step(
      'beta starts again: it votes on the epoch-0 block on its merits, and the CREATE is VALID exactly once',
      async () => {
        await fed.start(BETA);
        await waitFor('the epoch-0 block decided on alpha and beta', async () => {
          const statuses = await Promise.all([ALPHA, BETA].map((i) => statusOn(i, pending)));
          return statuses.every((s) => s !== 'undecided') && statuses;
        });
        expect(await statusOn(ALPHA, pending)).toBe('valid');
        expect(await statusOn(BETA, pending)).toBe('valid');
        expect(await votersOf(pending)).toEqual([fed.kp(ALPHA).publicKey, fed.kp(BETA).publicKey].sort());
        await settled([ALPHA, BETA]);
        expect(await pendingOn()).toMatchObject({ count: 0, olderEpochs: 0 });
      },
    );

    step(
      "rotate beta's key while an epoch-1 block waits for beta: the old key still votes on it",
      async () => {
        await fed.stop(BETA);
        await aliveOnAlpha([fed.kp(ALPHA).publicKey]);
        pending = await postThroughAlpha({ issue: 16, step: 'before rotation' });
        expect((await fed.inspector.getBlock(pending))!.block.epoch).toBe(1);
        const old = fed.kp(BETA);
        const fresh = keypair();
        const operator = operatorOf(await current(), old.publicKey);
        const change: MembershipChange = {
          kind: 'rotate-key',
          operator,
          previousKey: old.publicKey,
          publicKey: fresh.publicKey,
        };
        await record(change, [fed.kp(ALPHA), old], fresh);
        expect(await statusOn(ALPHA, pending)).toBe('undecided');
        // Beta's node, still on its old key (a former member now), drains: it votes on that block.
        await fed.start(BETA);
        await waitFor(
          'the epoch-1 block decided',
          async () => (await statusOn(ALPHA, pending)) !== 'undecided',
        );
        expect(await statusOn(ALPHA, pending)).toBe('valid');
        await settled([ALPHA, BETA]);
        // Then it takes the new key, and commits in epoch 2.
        await fed.stop(BETA);
        fed.keypairs[BETA] = fresh;
        await fed.start(BETA);
        const tx = createTx(keypair(), { issue: 16, step: 'after rotation' });
        posted.push(tx);
        await fed.node(ALPHA).submit(tx, 'commit');
        const [blockId] = await fed.inspector.getBlockIdsContaining(tx.id);
        expect((await fed.inspector.getBlock(blockId!))!.block.voters).toContain(fresh.publicKey);
        await settled([ALPHA, BETA]);
      },
    );
  });
}
