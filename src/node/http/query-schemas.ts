/** JSON schemas of the query strings (fastify validates them with ajv and answers 400). */

/**
 * An id or key in a query or path: printable ASCII (hex ids, base58 keys), at most 100 characters.
 * Every one becomes a database key, and RethinkDB fails the whole query (a 500) for a key with a
 * NUL or over 127 bytes of UTF-8, which the store reaches by adding `#slot` to a transaction id.
 */
export const ID = { type: 'string', minLength: 1, maxLength: 100, pattern: '^[!-~]+$' } as const;

/** Path parameter `:id` (fastify itself answers 414 beyond 100 characters). */
export const ID_PARAMS = { type: 'object', properties: { id: ID } } as const;
export const MAX_LIMIT = 1000;
export const DEFAULT_LIMIT = 10;

export const limitSchema = {
  type: 'integer',
  minimum: 1,
  maximum: MAX_LIMIT,
  default: DEFAULT_LIMIT,
} as const;
