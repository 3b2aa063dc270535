/**
 * Where this node's membership chain starts (issue 16): its OWN configured genesis, never merely
 * whatever epoch-0 row the `membership` table holds (every node's database user could once write
 * it). Pinned: the config's membership.federation, .admission and .genesis_members make epoch 0's
 * record here, so its id is known before the table is read; a different epoch-0 row is ignored and
 * reported. Derived (a config from before issue 16, with no pin): the one epoch-0 row naming
 * exactly keyring plus self, as before; /health says so. After an admission the keyring is no
 * longer epoch 0's members, so such a node must be pinned before it restarts (the lab pins every
 * config it writes).
 */
import {
  genesisRecord,
  type ChainRoot,
  type Member,
  type MembershipRecord,
} from '../../protocol/membership/index.js';
import type { NodeConfig } from '../config/index.js';
import { membersOf } from './members.js';

export interface MembershipRoot {
  /** What `resolveChain` starts from. */
  chain: ChainRoot;
  /** Epoch 0's member keys (sorted) while no record resolves: the genesis's, or keyring plus self. */
  bootstrap: string[];
  source: 'pinned' | 'derived';
  /** The pinned genesis record (pinned only). */
  genesis?: MembershipRecord;
}

/** The config's pinned genesis record, or undefined when the config pins none. */
export function pinnedGenesisOf(config: Pick<NodeConfig, 'membership'>): MembershipRecord | undefined {
  const { federation, admission, genesis_members: named } = config.membership;
  if (federation === null || admission === null || named === null) return undefined;
  const members: Member[] = Object.entries(named).map(([operator, publicKey]) => ({ operator, publicKey }));
  return genesisRecord(federation, members, admission);
}

export function membershipRootOf(
  config: Pick<NodeConfig, 'membership' | 'keyring'>,
  self: string,
): MembershipRoot {
  const genesis = pinnedGenesisOf(config);
  if (genesis)
    return {
      chain: { record: genesis },
      bootstrap: genesis.members.map((m) => m.publicKey).sort(),
      source: 'pinned',
      genesis,
    };
  return derivedRoot(membersOf(self, config.keyring));
}

/** A root from member keys only (an unpinned config): the epoch-0 row naming exactly them. */
export function derivedRoot(keys: readonly string[]): MembershipRoot {
  const bootstrap = [...new Set(keys)].sort();
  return { chain: { keys: bootstrap }, bootstrap, source: 'derived' };
}
