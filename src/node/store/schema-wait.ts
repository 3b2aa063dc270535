/** Wait until the schema is ready (every table and index exists and is ready), or fail naming what is not. */
import { TimeoutError } from '../../shared/errors.js';
import { notYet, pollUntil, ready } from '../../shared/poll.js';
import { SchemaNotReadyError } from './cluster-errors.js';
import { describeReadiness, type SchemaReadiness } from './schema-readiness.js';

export async function waitSchemaReady(
  dbName: string,
  read: () => Promise<SchemaReadiness>,
  timeoutMs: number,
  intervalMs = 250,
): Promise<void> {
  let last: SchemaReadiness | undefined;
  try {
    await pollUntil(
      async () => {
        last = await read();
        return last.ready ? ready(undefined) : notYet(describeReadiness(last));
      },
      { what: `the schema of "${dbName}" to be ready`, timeoutMs, intervalMs },
    );
  } catch (e) {
    if (!(e instanceof TimeoutError)) throw e;
    if (last === undefined) throw e; // never read once: the TimeoutError names the database problem
    throw new SchemaNotReadyError(dbName, timeoutMs, last.missing, last.notReady);
  }
}
