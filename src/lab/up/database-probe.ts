import { r } from 'rethinkdb-ts';

/**
 * Asks a database server (through its port published on 127.0.0.1) whether it is ready, during
 * `up`. `status` does not use it: it takes servers and counts from the nodes' /health.
 */
export interface DatabaseProbe {
  /** Servers in the cluster, from rethinkdb.server_status (RethinkDB). */
  serverNames(port: number): Promise<string[]>;
  /** Resolves when the server answers a trivial query (reqlite has no server_status rows). */
  answers(port: number): Promise<void>;
}

const CONNECT_TIMEOUT_S = 3;

/** The real probe over rethinkdb-ts; one short connection per question. */
export class RethinkdbProbe implements DatabaseProbe {
  async serverNames(port: number): Promise<string[]> {
    return this.withConnection(port, async (conn) => {
      const rows = (await r.db('rethinkdb').table('server_status').pluck('name').run(conn)) as {
        name: string;
      }[];
      return rows.map((row) => row.name).sort();
    });
  }

  async answers(port: number): Promise<void> {
    await this.withConnection(port, (conn) => r.expr(1).run(conn));
  }

  private async withConnection<T>(
    port: number,
    fn: (conn: Awaited<ReturnType<typeof r.connect>>) => Promise<T>,
  ): Promise<T> {
    const conn = await r.connect({ host: '127.0.0.1', port, timeout: CONNECT_TIMEOUT_S, silent: true });
    try {
      return await fn(conn);
    } finally {
      await conn.close().catch(() => undefined);
    }
  }
}
