/**
 * `bigchaindb init`'s epoch 0 with a pinned config (issue 16): a member admitted later has a
 * keyring larger than the founders, and a re-`up` passes the founders again; init must compare
 * them with the pin, not with the keyring (the demo's second act failed so).
 */
import { genesisMembership } from '../../../../src/node/cli/commands/init.js';
import type { CliContext } from '../../../../src/node/cli/context.js';
import { configSchema } from '../../../../src/node/config/index.js';
import { generateKeypair } from '../../../../src/shared/crypto/index.js';

const [a, b, c, d] = [generateKeypair(), generateKeypair(), generateKeypair(), generateKeypair()];
const founders = { alpha: a.publicKey, beta: b.publicKey, gamma: c.publicKey };
const loaded = (pinned: boolean) => ({
  path: '/x/.bigchaindb',
  exists: true,
  config: configSchema.parse({
    keypair: { public: a.publicKey, private: a.privateKey },
    keyring: [b.publicKey, c.publicKey, d.publicKey], // delta admitted since the founding
    ...(pinned
      ? { membership: { federation: 'demo', admission: 'majority', genesis_members: founders } }
      : {}),
  }),
});
const ctxWith = (env: Record<string, string>) => ({ env }) as unknown as CliContext;
const membersEnv = (m: Record<string, string>) =>
  JSON.stringify(Object.entries(m).map(([operator, publicKey]) => ({ operator, publicKey })));

describe('init with a pinned genesis', () => {
  it('the founders passed again (re-up after an admission) give the pinned record', () => {
    const env = { BIGCHAINDB_GENESIS_MEMBERS: membersEnv(founders), BIGCHAINDB_FEDERATION: 'demo' };
    const record = genesisMembership(ctxWith(env), loaded(true), 'majority', 'bigchain');
    expect(record.members.map((m) => m.operator).sort()).toEqual(['alpha', 'beta', 'gamma']);
    expect(record.federation).toBe('demo');
  });

  it('other members than the pin are refused, naming the pin', () => {
    const env = { BIGCHAINDB_GENESIS_MEMBERS: membersEnv({ ...founders, delta: d.publicKey }) };
    expect(() => genesisMembership(ctxWith(env), loaded(true), undefined, 'bigchain')).toThrow(
      /pinned genesis members \(3 keys\)/,
    );
  });

  it('without a pin, the members must still be keyring plus self', () => {
    const env = { BIGCHAINDB_GENESIS_MEMBERS: membersEnv(founders) };
    expect(() => genesisMembership(ctxWith(env), loaded(false), undefined, 'bigchain')).toThrow(
      /keyring plus itself \(4 keys\)/,
    );
  });
});
