/** Small builders for test transactions (signed with the core's builders). */
import {
  generateKeypair,
  makeCreate,
  makeOutput,
  makeTransfer,
  signTransaction,
  type Keypair,
  type Transaction,
} from '../../../src/node/core/index.js';
import { notYet, pollUntil, ready } from '../../../src/shared/poll.js';

export function keypair(): Keypair {
  return generateKeypair();
}

export function createTx(
  owner: Keypair,
  data: Record<string, unknown>,
  metadata: Record<string, unknown> | null = null,
): Transaction {
  const unsigned = makeCreate({
    asset: data,
    metadata,
    outputs: [makeOutput(owner.publicKey)],
    issuers: [owner.publicKey],
  });
  return signTransaction(unsigned, [owner.privateKey]);
}

export function transferTx(
  spend: Transaction,
  from: Keypair,
  to: string,
  metadata: Record<string, unknown> | null = null,
): Transaction {
  const unsigned = makeTransfer({
    spend: [{ tx: spend, outputIndex: 0 }],
    outputs: [makeOutput(to)],
    metadata,
  });
  return signTransaction(unsigned, [from.privateKey]);
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
