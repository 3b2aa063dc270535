import { FedlabError } from '../../shared/errors.js';

/** Stable codes of transaction rejections; never renamed once shipped (HTTP 400 bodies quote them). */
export type TxErrorCode =
  | 'TX_SCHEMA'
  | 'TX_TOO_LARGE'
  | 'TX_UNSTORABLE'
  | 'TX_ID_MISMATCH'
  | 'TX_DUPLICATE'
  | 'TX_OUTPUT_CONDITION_MISMATCH'
  | 'TX_AMOUNT_INVALID'
  | 'TX_FULFILLMENT_MALFORMED'
  | 'TX_FULFILLMENT_MISMATCH'
  | 'TX_SIGNATURE_INVALID'
  | 'TX_INPUT_MISSING'
  | 'TX_INPUT_DUPLICATE'
  | 'TX_DOUBLE_SPEND'
  | 'TX_AMOUNT_MISMATCH'
  | 'TX_ASSET_MISMATCH'
  | 'TX_POLICY_CREATE'
  | 'TX_POLICY_TRANSFER'
  | 'TX_POLICY_METADATA'
  | 'TX_POLICY_ASSET_SCHEMA';

/** A transaction that breaks a rule of spec v2.0 or of the federation policy. */
export class TransactionInvalidError extends FedlabError {
  declare readonly code: TxErrorCode;
  readonly txId: string | null;

  constructor(
    code: TxErrorCode,
    message: string,
    txId: string | null,
    details: Record<string, unknown> = {},
  ) {
    super(code, message, { details: { ...details, txId } });
    this.txId = txId;
  }
}

export type BlockErrorCode =
  | 'BLOCK_SCHEMA'
  | 'BLOCK_ID_MISMATCH'
  | 'BLOCK_SIGNATURE_INVALID'
  | 'BLOCK_SIGNER_UNKNOWN'
  | 'BLOCK_VOTERS_MISMATCH'
  | 'BLOCK_EPOCH_UNKNOWN'
  | 'BLOCK_TX_INVALID';

/** A block whose shape, id or signature is wrong, or that holds an invalid transaction. */
export class BlockInvalidError extends FedlabError {
  declare readonly code: BlockErrorCode;
  constructor(code: BlockErrorCode, message: string, details: Record<string, unknown> = {}, cause?: unknown) {
    super(code, message, { details, cause });
  }
}

export { TransactionBuildError } from '../../protocol/errors.js';
