import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import { isPublicKey } from '../../shared/crypto/index.js';
import { TransactionInvalidError } from './errors.js';
import { CREATE_SCHEMA, PUBLIC_KEY_FORMAT, TRANSFER_SCHEMA } from './tx-schema.js';
import type { Transaction } from '../../protocol/types.js';

// One Ajv instance and validators compiled once: compiling costs milliseconds, a compiled check
// microseconds. Dispatching on `operation` (instead of a oneOf) checks each transaction against
// one branch only and gives error messages about the right branch. allErrors stays off: the
// first problem is enough to reject.
const ajv = new Ajv({ allErrors: false, strict: false });
ajv.addFormat(PUBLIC_KEY_FORMAT, { type: 'string', validate: isPublicKey });
const byOperation: Record<string, ValidateFunction> = {
  CREATE: ajv.compile(CREATE_SCHEMA),
  TRANSFER: ajv.compile(TRANSFER_SCHEMA),
};

/** One readable line for the first ajv error, e.g. `/outputs/0/amount must match pattern ...`. */
export function describeAjvErrors(errors: readonly ErrorObject[] | null | undefined): string {
  const first = errors?.[0];
  if (first === undefined) return 'does not match the schema';
  return `${first.instancePath || '/'} ${first.message ?? 'is invalid'}`;
}

function guessId(tx: unknown): string | null {
  const id = (tx as { id?: unknown } | null)?.id;
  return typeof id === 'string' ? id : null;
}

/** Throws TX_SCHEMA unless `tx` has the spec v2.0 shape. */
export function checkSchema(tx: unknown): asserts tx is Transaction {
  const op = typeof tx === 'object' && tx !== null ? (tx as { operation?: unknown }).operation : undefined;
  const validate = typeof op === 'string' && Object.hasOwn(byOperation, op) ? byOperation[op] : undefined;
  if (validate === undefined) {
    const problem =
      typeof tx !== 'object' || tx === null || Array.isArray(tx)
        ? 'it is not a JSON object'
        : 'operation must be "CREATE" or "TRANSFER"';
    throw new TransactionInvalidError(
      'TX_SCHEMA',
      `transaction does not match spec v2.0: ${problem}`,
      guessId(tx),
      { problem },
    );
  }
  if (validate(tx)) return;
  const problem = describeAjvErrors(validate.errors);
  throw new TransactionInvalidError(
    'TX_SCHEMA',
    `${String(op)} transaction does not match spec v2.0: ${problem}`,
    guessId(tx),
    {
      problem,
    },
  );
}

const assetValidators = new WeakMap<object, ValidateFunction>();

/** The compiled validator of a policy's asset schema; compiled on first use, then cached. */
export function assetValidator(schema: Record<string, unknown>): ValidateFunction {
  let v = assetValidators.get(schema);
  if (v === undefined) {
    v = new Ajv({ allErrors: false, strict: false }).compile(schema);
    assetValidators.set(schema, v);
  }
  return v;
}
