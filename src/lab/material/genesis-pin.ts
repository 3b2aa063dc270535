/**
 * The root of the membership chain in every node's config (issue 16): membership.federation,
 * .admission and .genesis_members, epoch 0 as the federation was founded. A node resolves the
 * membership table from it and ignores an epoch-0 row that differs, so whoever can write the
 * table cannot replace the federation's founders. `up` pins it in every founder's config before
 * init; an admission pins the same root in the candidate's config (its keyring is not epoch 0)
 * and in any member's config that still lacks one (made by an older lab). A config that pins a
 * root already keeps it: the root never changes after founding.
 */
import type { AdmissionRule, Member } from '../../protocol/membership/index.js';
import { readNodeConfig, writeNodeConfig, type NodeConfig } from './node-config.js';

export interface GenesisRoot {
  federation: string;
  admission: AdmissionRule;
  members: readonly Member[];
}

/** The root a config pins, or undefined. */
export function pinnedRootOf(config: NodeConfig): GenesisRoot | undefined {
  const m = config.membership;
  if (!m?.federation || !m.admission || !m.genesis_members) return undefined;
  const members = Object.entries(m.genesis_members).map(([operator, publicKey]) => ({ operator, publicKey }));
  return { federation: m.federation, admission: m.admission, members };
}

/** Pure: the config pinned to `root`, unless it pins one already (then as it is). */
export function withGenesisRoot(config: NodeConfig, root: GenesisRoot): NodeConfig {
  if (pinnedRootOf(config)) return config;
  return {
    ...config,
    membership: {
      federation: root.federation,
      admission: root.admission,
      genesis_members: Object.fromEntries(root.members.map((m) => [m.operator, m.publicKey])),
    },
  };
}

const sameRoot = (a: GenesisRoot, b: GenesisRoot): boolean =>
  a.federation === b.federation &&
  a.admission === b.admission &&
  JSON.stringify(sortByKey(a.members)) === JSON.stringify(sortByKey(b.members));

const sortByKey = (ms: readonly Member[]): Member[] =>
  [...ms]
    .map((m) => ({ operator: m.operator, publicKey: m.publicKey }))
    .sort((x, y) => (x.publicKey < y.publicKey ? -1 : x.publicKey > y.publicKey ? 1 : 0));

/**
 * Pins `root` in each of these config files that pins none; returns the files that pin ANOTHER
 * root (kept as they are: the caller says so).
 */
export async function pinGenesisRoot(files: readonly string[], root: GenesisRoot): Promise<string[]> {
  const differing: string[] = [];
  for (const file of files) {
    const config = await readNodeConfig(file);
    const pinned = pinnedRootOf(config);
    if (pinned === undefined) await writeNodeConfig(file, withGenesisRoot(config, root));
    else if (!sameRoot(pinned, root)) differing.push(file);
  }
  return differing;
}

/** The root an epoch-0 record names (as a member's node resolved it). */
export const rootOfRecord = (genesis: {
  federation: string;
  rule: AdmissionRule;
  members: readonly Member[];
}): GenesisRoot => ({ federation: genesis.federation, admission: genesis.rule, members: genesis.members });
