// JSON Schema of transaction spec v2.0 (BigchainDB's transaction_v2.0.yaml with the CREATE and
// TRANSFER specific parts folded in), tightened where upstream was loose: base58 keys must be
// 32-byte keys, hex ids are anchored, outputs and public_keys are non-empty, `fulfills` is
// required (null for CREATE), and signed transactions carry string ids and fulfillments.
const sha3Hex = { type: 'string', pattern: '^[0-9a-f]{64}$' } as const;
// A format, not a pattern: the check (isPublicKey: base58 alphabet AND 32 bytes) remembers the
// keys it has seen, which makes the many key fields of a transaction cheap to check. The
// trusted serialiser relies on it too: such a string never needs JSON escaping.
export const PUBLIC_KEY_FORMAT = 'ed25519-public-key';
const base58Key = { type: 'string', format: PUBLIC_KEY_FORMAT } as const;
const publicKeys = { type: 'array', minItems: 1, items: { $ref: '#/definitions/base58' } } as const;

const conditionDetails = {
  anyOf: [
    {
      type: 'object',
      additionalProperties: false,
      required: ['type', 'public_key'],
      properties: { type: { const: 'ed25519-sha-256' }, public_key: { $ref: '#/definitions/base58' } },
    },
    {
      type: 'object',
      additionalProperties: false,
      required: ['type', 'threshold', 'subconditions'],
      properties: {
        type: { const: 'threshold-sha-256' },
        threshold: { type: 'integer', minimum: 1, maximum: 100 },
        subconditions: {
          type: 'array',
          minItems: 1,
          maxItems: 100,
          items: { $ref: '#/definitions/condition_details' },
        },
      },
    },
  ],
} as const;

const output = {
  type: 'object',
  additionalProperties: false,
  required: ['amount', 'condition', 'public_keys'],
  properties: {
    amount: { type: 'string', pattern: '^[0-9]{1,20}$' },
    condition: {
      type: 'object',
      additionalProperties: false,
      required: ['details', 'uri'],
      properties: {
        details: { $ref: '#/definitions/condition_details' },
        uri: {
          type: 'string',
          pattern:
            '^ni:///sha-256;([a-zA-Z0-9_-]{0,86})[?](fpt=(ed25519|threshold)-sha-256(&)?|cost=[0-9]+(&)?|subtypes=ed25519-sha-256(&)?){2,3}$',
        },
      },
    },
    public_keys: publicKeys,
  },
} as const;

const input = (fulfills: object) =>
  ({
    type: 'object',
    additionalProperties: false,
    required: ['owners_before', 'fulfillment', 'fulfills'],
    properties: {
      owners_before: publicKeys,
      fulfillment: { type: 'string', minLength: 1, pattern: '^[a-zA-Z0-9_-]*$' },
      fulfills,
    },
  }) as const;

const link = {
  type: 'object',
  additionalProperties: false,
  required: ['output_index', 'transaction_id'],
  properties: { output_index: { type: 'integer', minimum: 0 }, transaction_id: sha3Hex },
} as const;

const common = {
  id: sha3Hex,
  version: { const: '2.0' },
  metadata: { anyOf: [{ type: 'object', minProperties: 1 }, { type: 'null' }] },
  outputs: { type: 'array', minItems: 1, items: output },
} as const;

const required = ['id', 'inputs', 'outputs', 'operation', 'metadata', 'asset', 'version'];

const definitions = { base58: base58Key, condition_details: conditionDetails } as const;

/** Spec v2.0 schema of a signed CREATE. */
export const CREATE_SCHEMA = {
  definitions,
  type: 'object',
  additionalProperties: false,
  required,
  properties: {
    operation: { const: 'CREATE' },
    ...common,
    asset: {
      type: 'object',
      additionalProperties: false,
      required: ['data'],
      properties: { data: { anyOf: [{ type: 'object' }, { type: 'null' }] } },
    },
    inputs: { type: 'array', minItems: 1, maxItems: 1, items: input({ type: 'null' }) },
  },
} as const;

/** Spec v2.0 schema of a signed TRANSFER. */
export const TRANSFER_SCHEMA = {
  definitions,
  type: 'object',
  additionalProperties: false,
  required,
  properties: {
    operation: { const: 'TRANSFER' },
    ...common,
    asset: { type: 'object', additionalProperties: false, required: ['id'], properties: { id: sha3Hex } },
    inputs: { type: 'array', minItems: 1, items: input(link) },
  },
} as const;
