/** Small builders for test transactions (the protocol's buildCreate / buildTransfer). */
import { buildCreate, buildTransfer } from '../../../src/protocol/index.js';
import { generateKeypair, type Keypair, type Transaction } from '../../../src/node/core/index.js';
import { notYet, pollUntil, ready } from '../../../src/shared/poll.js';

export function keypair(): Keypair {
  return generateKeypair();
}

export function createTx(
  owner: Keypair,
  data: Record<string, unknown>,
  metadata: Record<string, unknown> | null = null,
): Transaction {
  return buildCreate(owner, data, metadata);
}

export function transferTx(
  spend: Transaction,
  from: Keypair,
  to: string,
  metadata: Record<string, unknown> | null = null,
): Transaction {
  return buildTransfer(spend, 0, from.privateKey, to, metadata);
}

/** Wait until `probe` returns a truthy value (polling), or fail naming `what`. */
export function waitFor<T>(
  what: string,
  probe: () => Promise<T | null | undefined | false>,
  timeoutMs = 20_000,
): Promise<T> {
  return pollUntil(
    async () => {
      const value = await probe();
      return value ? ready(value) : notYet('not yet');
    },
    { what, timeoutMs, intervalMs: 50 },
  );
}
