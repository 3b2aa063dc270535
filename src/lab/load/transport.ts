/**
 * How the load reaches nodes: post a transaction, read its status. One real implementation over
 * the lab's NodeApi (HTTP); tests may hand in a small fake.
 */
import type { SubmitMode, Transaction, TxStatus } from '../../protocol/index.js';
import { NodeApi } from '../node-api/node-api.js';
import type { LoadTarget } from './types.js';

export interface PostAnswer {
  httpStatus: number;
  message?: string;
}

export interface LoadTransport {
  /** The node's answer, whatever its status; throws only when there is no answer (refused, timeout). */
  post(target: LoadTarget, tx: Transaction, mode: SubmitMode): Promise<PostAnswer>;
  /** undefined while the node does not know the transaction; throws when there is no answer. */
  status(target: LoadTarget, txId: string): Promise<TxStatus | undefined>;
}

export function httpTransport(timeoutMs: number): LoadTransport {
  const apis = new Map<string, NodeApi>();
  const api = (t: LoadTarget): NodeApi => {
    let a = apis.get(t.apiUrl);
    if (a === undefined) apis.set(t.apiUrl, (a = new NodeApi(t.apiUrl, timeoutMs)));
    return a;
  };
  return {
    post: (target, tx, mode) => api(target).submitTransaction(tx, mode),
    status: (target, txId) => api(target).transactionStatus(txId),
  };
}
