import { DEFAULT_TIMEOUTS } from '../../../../src/lab/context.js';
import { ClusterCli, GENESIS_MEMBERS_ENV } from '../../../../src/lab/up/cluster-cli.js';
import { FakeCompose } from '../../../support/lab-fakes.js';

describe('cluster commands for membership (init with epoch 0, set-replicas)', () => {
  const project = { name: 'fedlab-c-alpha', file: '/x/alpha/compose.yaml' };
  const compose = new FakeCompose();
  const cli = new ClusterCli(
    { compose, timeouts: { ...DEFAULT_TIMEOUTS, databaseMs: 90_000 } },
    project,
    'bigchaindb-alpha',
    'pw',
  );

  it('init takes the rule as --admission and the genesis members in BIGCHAINDB_GENESIS_MEMBERS', async () => {
    const members = [
      { operator: 'alpha', publicKey: 'KeyA' },
      { operator: 'beta', publicKey: 'KeyB' },
    ];
    // This fake compose answers no JSON: init's report is refused, the call is what is looked at.
    await expect(
      cli.initWithUsers(2, { shards: 1, replicas: 2, heartbeatTimeoutSec: 3 }, [], {
        federation: 'c',
        admission: 'unanimous',
        members,
      }),
    ).rejects.toMatchObject({ code: 'CLUSTER_STATUS_INVALID' });
    const run = compose.runs.at(-1);
    expect(run?.args.join(' ')).toBe(
      '-c /data/.bigchaindb init --wait-servers 2 --shards 1 --replicas 2 --heartbeat-timeout 3 --admission unanimous --keep-existing --json --timeout 90',
    );
    expect(JSON.parse(run?.env[GENESIS_MEMBERS_ENV] ?? '')).toEqual(members);
    expect(run?.env.BIGCHAINDB_FEDERATION).toBe('c');
  });

  it('set-replicas N as the admin', async () => {
    await cli.setReplicas(4);
    const run = compose.runs.at(-1);
    expect(run?.args.join(' ')).toBe('-c /data/.bigchaindb set-replicas 4');
    expect(run?.env.BIGCHAINDB_DATABASE_USER).toBe('admin');
  });
});
