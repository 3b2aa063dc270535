/**
 * Run `work` on every item with at most `limit` running at once, and hand the outcomes back in
 * the items' order as each becomes known (pure control flow, no I/O of its own).
 *
 * Why: the vote stage must write its votes in block order (each vote names the one before it),
 * but judging a block is mostly waiting for the database; after a failover several blocks wait
 * at once, and judging them one by one made the last vote of a backlog of five arrive 3.7 s
 * after the database was back (issue 21). Judging ahead while the earlier votes are written
 * keeps the order and overlaps the waits.
 *
 * An outcome is settled, never a rejected promise: a caller that stops consuming (a facts
 * failure aborts the vote round) leaves no unhandled rejection behind, and nothing more starts
 * once it left; `shouldStop` is read before each new item starts too.
 */
export type Outcome<R> = { ok: true; value: R } | { ok: false; error: unknown };
/** An outcome with the item it is of and that item's place in the list. */
export type Judged<T, R> = Outcome<R> & { item: T; index: number };

export function orderedPool<T, R>(
  items: readonly T[],
  limit: number,
  work: (item: T) => Promise<R>,
  shouldStop: () => boolean = () => false,
): AsyncGenerator<Judged<T, R>, void, undefined> {
  if (!Number.isInteger(limit) || limit < 1)
    throw new RangeError(`limit must be a positive integer (got ${limit})`);
  const started: Promise<Outcome<R>>[] = [];
  let abandoned = false;
  const startNext = (): void => {
    const index = started.length;
    if (abandoned || index >= items.length || shouldStop()) return;
    const outcome = Promise.resolve()
      .then(() => work(items[index] as T))
      .then(
        (value): Outcome<R> => ({ ok: true, value }),
        (error: unknown): Outcome<R> => ({ ok: false, error }),
      );
    started.push(outcome);
    // A slot frees when an item ends, whichever it is: the next one starts then.
    void outcome.then(startNext);
  };
  return (async function* () {
    try {
      for (let i = 0; i < limit; i++) startNext();
      for (let next = 0; next < started.length; next++)
        yield { ...(await (started[next] as Promise<Outcome<R>>)), item: items[next] as T, index: next };
    } finally {
      abandoned = true; // the consumer left (break, return, throw): start nothing more
    }
  })();
}
