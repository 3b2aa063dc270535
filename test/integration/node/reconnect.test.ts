/** The store survives its server going away: reconnect with back-off, feeds report loss. */
import { silentLogger } from '../../../src/shared/log.js';
import { connectLedgerStore, FeedLostError, type RethinkLedgerStore } from '../../../src/node/store/index.js';
import { makeGenesisBlock } from '../../../src/node/core/index.js';
import { startReqlite, type ReqliteProcess } from '../../support/reqlite-process.js';
import { keypair, waitFor } from './tx-helpers.js';

describe('reconnect', () => {
  let server: ReqliteProcess;
  let store: RethinkLedgerStore;
  afterAll(async () => {
    await store?.close();
    await server?.stop();
  });

  test('a lost server: health says so, the feed fails, the store reconnects when it is back', async () => {
    server = await startReqlite();
    store = await connectLedgerStore({ host: server.host, port: server.port, db: 'reconnect' }, silentLogger);
    await store.init({ genesis: makeGenesisBlock(keypair()) });
    let reconnects = 0;
    store.onReconnect(() => reconnects++);
    const feed = await store.watchBlocks();
    const feedEnd = (async () => {
      try {
        for await (const _ of feed) void _;
        return 'ended';
      } catch (e) {
        return e;
      }
    })();

    await server.stop();
    expect(await feedEnd).toBeInstanceOf(FeedLostError);
    await waitFor('health reports the loss', async () => !(await store.health()).connected, 10_000);

    server = await startReqlite({ port: server.port });
    await waitFor('reconnected', async () => reconnects > 0 && (await store.health()).connected, 20_000);
    // reqlite keeps nothing on disk: the restarted server is empty.
    expect(await store.exists()).toBe(false);
  });
});
