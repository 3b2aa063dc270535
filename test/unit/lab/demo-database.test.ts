import { databaseLines } from '../../../src/lab/demo.js';

describe('demo output: the database', () => {
  it('shows servers, replicas with their write majority, and the node users (never a password)', () => {
    expect(
      databaseLines({
        engine: 'rethinkdb',
        database: {
          servers: ['alpha', 'beta', 'gamma'],
          shards: 1,
          replicas: 3,
          writeAcks: 'majority',
          users: ['fedlab_alpha', 'fedlab_beta', 'fedlab_gamma'],
        },
      }),
    ).toEqual([
      'database servers: alpha, beta, gamma',
      'replicas: 3 per table, write acks majority (a write needs 2 of 3)',
      "database users: fedlab_alpha, fedlab_beta, fedlab_gamma (one per node; passwords only in each operator's directory)",
    ]);
  });

  it('says plainly that reqlite has neither replicas nor users', () => {
    expect(databaseLines({ engine: 'reqlite', database: { servers: ['reqlite'], users: [] } })).toEqual([
      'database: one shared reqlite server (no replicas, no users: reqlite has neither)',
    ]);
  });
});
