/** JSON schemas of the query strings (fastify validates them with ajv and answers 400). */

export const ID = { type: 'string', minLength: 1, maxLength: 128 } as const;
export const MAX_LIMIT = 1000;
export const DEFAULT_LIMIT = 10;

export const limitSchema = {
  type: 'integer',
  minimum: 1,
  maximum: MAX_LIMIT,
  default: DEFAULT_LIMIT,
} as const;
