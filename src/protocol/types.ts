// JSON shapes of BigchainDB transaction spec v2.0, as they travel over HTTP and sit in the
// database. Field names are the wire names (snake_case) on purpose.

export interface Ed25519Details {
  type: 'ed25519-sha-256';
  public_key: string;
}

export interface ThresholdDetails {
  type: 'threshold-sha-256';
  threshold: number;
  subconditions: ConditionDetails[];
}

export type ConditionDetails = Ed25519Details | ThresholdDetails;

export interface OutputCondition {
  details: ConditionDetails;
  uri: string;
}

export interface Output {
  condition: OutputCondition;
  /** positive integer as a decimal string, 1 .. 9 * 10^18 */
  amount: string;
  public_keys: string[];
}

export interface TransactionLink {
  transaction_id: string;
  output_index: number;
}

export interface Input {
  owners_before: string[];
  fulfills: TransactionLink | null;
  /** base64url DER crypto-condition fulfillment */
  fulfillment: string;
}

export type Metadata = Record<string, unknown> | null;

interface TransactionBase {
  id: string;
  version: '2.0';
  metadata: Metadata;
  inputs: Input[];
  outputs: Output[];
}

export interface CreateTransaction extends TransactionBase {
  operation: 'CREATE';
  asset: { data: Record<string, unknown> | null };
}

export interface TransferTransaction extends TransactionBase {
  operation: 'TRANSFER';
  asset: { id: string };
}

export type Transaction = CreateTransaction | TransferTransaction;
export type Operation = Transaction['operation'];

/** An input before signing: no fulfillment yet. */
export type UnsignedInput = Omit<Input, 'fulfillment'> & { fulfillment: null };

type Unsigned<T extends Transaction> = Omit<T, 'id' | 'inputs'> & { id: null; inputs: UnsignedInput[] };
export type UnsignedTransaction = Unsigned<CreateTransaction> | Unsigned<TransferTransaction>;

/** The asset a transaction moves: a CREATE's own id, a TRANSFER's asset.id. */
export function assetIdOf(tx: Transaction): string {
  return tx.operation === 'CREATE' ? tx.id : tx.asset.id;
}
