import { renderRethinkdbConf } from '../../../src/lab/material/rethinkdb-conf.js';

describe('rethinkdb.conf', () => {
  it('binds all with the unauthenticated web UI off, keeps data in /data, names the server, sizes its cache and joins the others', () => {
    const text = renderRethinkdbConf({
      federation: 'f',
      operator: 'big-alpha',
      joins: ['rethinkdb-beta:29015', 'rethinkdb-gamma:29015'],
      cacheSizeMb: 256,
    });
    const settings = text.split('\n').filter((l) => l && !l.startsWith('#'));
    // RethinkDB server names allow letters, digits and underscores only.
    expect(settings).toEqual([
      'bind=all',
      'no-http-admin',
      'directory=/data',
      'server-name=big_alpha',
      'cache-size=256',
      'join=rethinkdb-beta:29015',
      'join=rethinkdb-gamma:29015',
    ]);
  });
});
