/** Every name and label the lab derives from a federation and operator name, in one place. */

export const LABEL_FEDERATION = 'fedlab.federation';
export const LABEL_OPERATOR = 'fedlab.operator';
export const LABEL_ROLE = 'fedlab.role';
export const LABEL_ENGINE = 'fedlab.engine';
/** An operator's position in the federation file: status and logs list operators in that order. */
export const LABEL_POSITION = 'fedlab.position';

export type Role = 'database' | 'node' | 'shared-database' | 'setup';

export const networkName = (federation: string): string => `fedlab-${federation}`;
export const operatorProject = (federation: string, operator: string): string =>
  `fedlab-${federation}-${operator}`;
/**
 * One operator's private network (engine rethinkdb): its node and its RethinkDB server join it
 * besides the federation network, so a partition (leaving the federation network) keeps the node
 * reaching its own server. Named like the operator's compose project, which is unique per host.
 */
export const operatorNetworkName = (federation: string, operator: string): string =>
  `fedlab-${federation}-${operator}`;
/** The shared reqlite server's project; "db" is a reserved operator name so this cannot clash. */
/**
 * The host name a node (engine rethinkdb) reaches its own server by: an alias of the server on the
 * operator's network only, so the node's connection never crosses the federation network and a
 * partition (leaving that network) does not leave it hanging on a vanished address.
 */
export const OWN_DATABASE_HOST = 'own-rethinkdb';
export const databaseProject = (federation: string): string => `fedlab-${federation}-db`;
export const rethinkdbService = (operator: string): string => `rethinkdb-${operator}`;
export const nodeService = (operator: string): string => `bigchaindb-${operator}`;
export const SHARED_DB_SERVICE = 'reqlite';

/** RethinkDB server names allow only letters, digits and "_" (operator names may hold "-"). */
export const rethinkdbServerName = (operator: string): string => operator.replace(/-/g, '_');

export const NODE_API_PORT = 9984;
export const RETHINKDB_DRIVER_PORT = 28015;
export const RETHINKDB_CLUSTER_PORT = 29015;

export function labelsFor(
  federation: string,
  role: Role,
  operator?: string,
  engine?: string,
  position?: number,
): Record<string, string> {
  return {
    [LABEL_FEDERATION]: federation,
    ...(operator === undefined ? {} : { [LABEL_OPERATOR]: operator }),
    [LABEL_ROLE]: role,
    ...(engine === undefined ? {} : { [LABEL_ENGINE]: engine }),
    ...(position === undefined ? {} : { [LABEL_POSITION]: String(position) }),
  };
}
