/**
 * Replica counts and what they mean for a federation's ability to write. The node reconfigures
 * every table with write_acks "majority": a write needs floor(R/2)+1 of its R replicas.
 */

/** Default replicas: one per operator, up to 3 (3 survive the loss of any one server). */
export const defaultReplicas = (operators: number): number => Math.min(3, operators);

/** Acknowledgements a write needs with write_acks "majority". */
export const writeMajority = (replicas: number): number => Math.floor(replicas / 2) + 1;

/** How many replica servers can be down while writes still succeed. */
export const toleratedFailures = (replicas: number): number => replicas - writeMajority(replicas);

/**
 * Refused: more replicas than operators. RethinkDB puts each replica of a table on a different
 * server, so `reconfigure` cannot place them; better said now than after every server started.
 */
export function replicaProblem(replicas: number, operators: number): string | undefined {
  if (replicas <= operators) return undefined;
  return `must be at most the number of operators (${operators}): each replica lives on its own server`;
}

/**
 * Warned, not refused: a count that cannot survive the loss of one server (any R < 3). A one- or
 * two-operator federation has no better choice and is a fair lab or development setup, and a
 * larger one may trade availability for fewer copies on purpose (say, to watch a table become
 * unavailable). The person should know the numbers before a server stops, so `up` prints this.
 */
export function replicaWarnings(replicas: number, operators: number): string[] {
  if (toleratedFailures(replicas) > 0) return [];
  const need = writeMajority(replicas);
  const fix =
    operators >= 3
      ? 'set replicas: 3 to survive the loss of one server (majority 2 of 3)'
      : 'with 3 operators and replicas: 3 the federation survives the loss of one server (majority 2 of 3)';
  const copies =
    replicas === 1 ? 'each table has a single copy, so its data also goes with that server; ' : '';
  return [
    `replicas: ${replicas} with ${operators} operator${operators === 1 ? '' : 's'}: writes need a majority of ` +
      `the replicas, floor(${replicas}/2)+1 = ${need} of ${replicas}, so the federation cannot write while ` +
      `any one of the servers holding them is down; ${copies}${fix}`,
  ];
}
