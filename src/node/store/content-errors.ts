/**
 * Whether a failed write failed because of what it carried (this document cannot be stored)
 * rather than because of the database (down, no permission, no table). Only the former may make
 * the block stage reject a backlog row; the latter is an outage, retried. Seen on RethinkDB
 * 2.4.4 (test/integration/node/storable-rethinkdb.test.ts): "Nesting depth limit exceeded" and
 * "Cannot convert `Infinity` to JSON" (driver, PARSE), "Unknown $reql_type$" (QUERY_LOGIC),
 * "Array over size limit" (RESOURCE_LIMIT), "Query size ... greater than maximum" and, for a lone
 * surrogate, "Client is buggy (failed to deserialize query)" (UNKNOWN).
 */
import { isRethinkDBError, RethinkDBErrorType } from 'rethinkdb-ts';
import { isTransientDbError } from './retry.js';

const CONTENT_TYPES = new Set<RethinkDBErrorType>([
  RethinkDBErrorType.PARSE,
  RethinkDBErrorType.QUERY_LOGIC,
  RethinkDBErrorType.RESOURCE_LIMIT,
]);
const CONTENT_TEXT = /Client is buggy|Query size \(\d+\) greater than maximum|Nesting depth limit exceeded/;

export function isUnstorableContentError(e: unknown): boolean {
  if (isTransientDbError(e)) return false;
  if (isRethinkDBError(e)) return CONTENT_TYPES.has(e.type) || CONTENT_TEXT.test(e.message);
  return false;
}
