/**
 * Like Promise.all, but waits until every promise has settled before rethrowing the first
 * failure (first in the input's order, not in time). After a failed `up`, cleanup must not race
 * with a sibling still starting containers (a compose `up` that finishes after `down` listed what
 * to remove would leave them running); a failed init must not close its connection under DDL
 * still in flight, and reports the same step whichever finished first.
 */
export async function allSettledOrThrow<T>(promises: readonly Promise<T>[]): Promise<T[]> {
  const results = await Promise.allSettled(promises);
  const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (failed) throw failed.reason;
  return results.map((r) => (r as PromiseFulfilledResult<T>).value);
}
