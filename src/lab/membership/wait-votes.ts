import { buildCreate } from '../../protocol/index.js';
import { generateKeypair } from '../../shared/crypto/index.js';
import { notYet, pollUntil, ready } from '../../shared/poll.js';
import type { LabContext } from '../context.js';
import type { OperatorSpec } from '../federation/model.js';
import { NodeApi, localApiUrl } from '../node-api/node-api.js';

const REQUEST_TIMEOUT_MS = 5_000;

/** The node's API answers and it reports `publicKey` as its own (a restarted or new node). */
export async function waitForIdentity(
  ctx: Pick<LabContext, 'timeouts' | 'signal'>,
  op: OperatorSpec,
  publicKey: string,
): Promise<void> {
  const api = new NodeApi(localApiUrl(op.apiPort));
  await pollUntil(
    async () => {
      const { publicKey: reported } = await api.identity();
      return reported === publicKey ? ready(undefined) : notYet(`${op.name} reports key ${reported}`);
    },
    {
      what: `${op.name}'s node to answer with key ${publicKey.slice(0, 8)}…`,
      timeoutMs: ctx.timeouts.apiMs,
      intervalMs: 300,
      ...(ctx.signal ? { signal: ctx.signal } : {}),
    },
  );
}

/**
 * A probe CREATE posted through `via` ends in a VALID block that carries `voter`'s vote: the
 * member votes in the new epoch. Returns the probe's id and the block.
 */
export async function waitForVote(
  ctx: Pick<LabContext, 'timeouts' | 'signal'>,
  via: OperatorSpec,
  voter: { name: string; publicKey: string },
  data: Record<string, unknown>,
): Promise<{ transaction: string; block: string }> {
  const api = new NodeApi(localApiUrl(via.apiPort), REQUEST_TIMEOUT_MS);
  const tx = buildCreate(generateKeypair(), { fedlab: 'membership probe', ...data });
  await api.postTransaction(tx, 'async');
  return pollUntil(
    async () => {
      const blocks = await api.validBlockIds(tx.id);
      if (blocks.length === 0) return notYet(`probe ${tx.id.slice(0, 12)}… in no VALID block yet`);
      for (const block of blocks)
        if ((await api.voters(block)).includes(voter.publicKey)) return ready({ transaction: tx.id, block });
      return notYet(`${voter.name} has not voted on block ${blocks[0]?.slice(0, 12)}… yet`);
    },
    {
      what: `${voter.name} to vote on a new block`,
      timeoutMs: ctx.timeouts.probeMs,
      intervalMs: 300,
      ...(ctx.signal ? { signal: ctx.signal } : {}),
    },
  );
}
