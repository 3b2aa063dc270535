import { r } from 'rethinkdb-ts';

/** Asks a database server (through its port published on 127.0.0.1) whether it is ready. */
export interface DatabaseProbe {
  /** Servers in the cluster, from rethinkdb.server_status (RethinkDB). */
  serverNames(port: number): Promise<string[]>;
  /** Resolves when the server answers a trivial query (reqlite has no server_status rows). */
  answers(port: number): Promise<void>;
  /** Per member: blocks it wrote, votes it cast, backlog rows assigned to it. */
  ledgerCounts(
    port: number,
    database: string,
    publicKeys: readonly string[],
  ): Promise<Map<string, LedgerCounts>>;
}

export interface LedgerCounts {
  blocks: number;
  votes: number;
  backlog: number;
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

  async ledgerCounts(
    port: number,
    database: string,
    publicKeys: readonly string[],
  ): Promise<Map<string, LedgerCounts>> {
    return this.withConnection(port, async (conn) => {
      const db = r.db(database);
      const counts = new Map<string, LedgerCounts>();
      for (const key of publicKeys) {
        // filter + count: works on RethinkDB and reqlite alike; lab ledgers are small.
        const [blocks, votes, backlog] = await Promise.all([
          db
            .table('bigchain')
            .filter({ block: { node_pubkey: key } })
            .count()
            .run(conn),
          db.table('votes').filter({ node_pubkey: key }).count().run(conn),
          db.table('backlog').filter({ assignee: key }).count().run(conn),
        ]);
        counts.set(key, { blocks, votes, backlog });
      }
      return counts;
    });
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
