/**
 * The membership table's chain as the node CLI reads it (issues 12, 16): resolved from THIS
 * node's configured root (its pinned genesis, or keyring plus self), with the credentials the
 * config and env give (`commit` runs as admin: node users may only read the table). The store
 * elects blocks against the members of each block's epoch from that same chain, as a running
 * node does, so `membership pending` and commit's guard see the statuses the nodes see.
 */
import { membersOfEpoch, resolveChain, type MembershipChain } from '../../../protocol/membership/index.js';
import { requireKeypair } from '../../config/load.js';
import { membershipRootOf, type MembershipRoot } from '../../pipeline/membership-root.js';
import { connectLedgerStore } from '../../store/index.js';
import type { LedgerStore } from '../../store/ledger-store.js';
import { load, nodeLogger, type CliContext } from '../context.js';
import { storeConnectOptions } from '../store-options.js';

export interface ReadChain {
  store: LedgerStore;
  root: MembershipRoot;
  chain: MembershipChain;
}

export async function readChain(ctx: CliContext, command: string): Promise<ReadChain> {
  const loaded = await load(ctx);
  const { config } = loaded;
  const root = membershipRootOf(config, requireKeypair(loaded).publicKey);
  let chain: MembershipChain = { epochs: [], ignored: [] };
  // As MembershipView.membersOf: with no record resolving, epoch 0 is the root's members.
  const membersOf = (epoch: number): string[] | undefined =>
    chain.epochs.length === 0 ? (epoch === 0 ? root.bootstrap : undefined) : membersOfEpoch(chain, epoch);
  const store = await connectLedgerStore(
    { ...storeConnectOptions(config), membersOf },
    nodeLogger(ctx, config, command),
  );
  const rows = await store.membershipRows().catch(closeAnd(store));
  chain = resolveChain(rows, root.chain);
  return { store, root, chain };
}

export const closeAnd =
  (store: { close(): Promise<void> }) =>
  async (e: unknown): Promise<never> => {
    await store.close();
    throw e;
  };
