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
export async function waitFor<T>(
  what: string,
  probe: () => Promise<T | null | undefined | false>,
  timeoutMs = 20_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value) return value;
    } catch (e) {
      last = e;
    }
    if (Date.now() > deadline)
      throw new Error(
        `timed out after ${timeoutMs} ms waiting for ${what}${last ? ` (last error: ${String(last)})` : ''}`,
      );
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
