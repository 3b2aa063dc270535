import {
  API_KEY_HEADER,
  API_PATHS,
  submitPath,
  txStatusPath,
  type RootAnswer,
  type SubmitMode,
  type TxStatus,
} from '../../protocol/index.js';
import { setTimeout as delay } from 'node:timers/promises';
import { NodeApiError } from '../errors.js';

export type { TxStatus } from '../../protocol/index.js';

/** Who a node says it is (GET /): its public key and keyring. */
export interface NodeIdentity {
  publicKey: string;
  keyring: string[];
  software?: string;
  version?: string;
}

export interface HealthReport {
  /** HTTP status: 200 healthy, 503 unhealthy. */
  httpStatus: number;
  healthy: boolean;
  body: Record<string, unknown>;
}

const DEFAULT_TIMEOUT_MS = 3_000;
/** How long postTransaction posts again after 503 with Retry-After (RethinkDB elects in seconds). */
const POST_RETRY_FOR_MS = 30_000;
/** A Retry-After longer than this is not waited for (posting gives up instead). */
const MAX_RETRY_AFTER_SEC = 10;

/** A small client for one node's HTTP API, reached on 127.0.0.1 only. */
export class NodeApi {
  constructor(
    readonly baseUrl: string,
    private readonly timeoutMs = DEFAULT_TIMEOUT_MS,
    /** A read API key for a node of a policy.read "api-key" federation; sent, never shown. */
    private readonly apiKey?: string,
  ) {}

  /** GET /api/v1/: resolves when the API answers 200. */
  async ping(): Promise<void> {
    await this.json('GET', API_PATHS.v1);
  }

  async identity(): Promise<NodeIdentity> {
    const body: Partial<Record<keyof RootAnswer, unknown>> = await this.json('GET', API_PATHS.root);
    const publicKey = body.public_key;
    const keyring = body.keyring;
    if (typeof publicKey !== 'string' || !Array.isArray(keyring)) {
      throw new NodeApiError(`${this.baseUrl}/`, 'answer has no public_key and keyring');
    }
    return {
      publicKey,
      keyring: keyring.map(String),
      ...(typeof body.software === 'string' ? { software: body.software } : {}),
      ...(typeof body.version === 'string' ? { version: body.version } : {}),
    };
  }

  async health(): Promise<HealthReport> {
    const { status, body } = await this.request('GET', API_PATHS.health);
    return { httpStatus: status, healthy: status === 200 && body.healthy !== false, body };
  }

  /**
   * POSTs until the node accepts. A 503 with Retry-After (its database is electing a primary, its
   * commit waiters are full) is posted again after that wait, for up to POST_RETRY_FOR_MS: the
   * same transaction is never stored twice. Any other refusal throws at once.
   */
  async postTransaction(tx: unknown, mode: SubmitMode = 'async'): Promise<void> {
    const path = submitPath(mode);
    const started = Date.now();
    for (;;) {
      const { status, body, retryAfterSec } = await this.request('POST', path, tx);
      if (status >= 200 && status < 300) return;
      const waitMs = status === 503 && retryAfterSec !== undefined ? retryAfterSec * 1000 : undefined;
      if (waitMs === undefined || Date.now() - started + waitMs > POST_RETRY_FOR_MS)
        throw new NodeApiError(this.url(path), `HTTP ${status}: ${messageOf(body)}`);
      await delay(waitMs);
    }
  }

  /** POSTs and returns the node's answer whatever its HTTP status; throws only with no answer. */
  async submitTransaction(
    tx: unknown,
    mode: SubmitMode = 'async',
  ): Promise<{ httpStatus: number; message?: string }> {
    const { status, body } = await this.request('POST', submitPath(mode), tx);
    return status >= 200 && status < 300
      ? { httpStatus: status }
      : { httpStatus: status, message: messageOf(body) };
  }

  /** Ids of the blocks holding the transaction that this node counts VALID. */
  async validBlockIds(txId: string): Promise<string[]> {
    const path = `${API_PATHS.blocks}?transaction_id=${encodeURIComponent(txId)}&status=valid`;
    const { status, body, raw: ids } = await this.request('GET', path);
    if (status !== 200 || !Array.isArray(ids))
      throw new NodeApiError(this.url(path), `HTTP ${status}: ${messageOf(body)}`);
    return ids.map(String);
  }

  /** Public keys of the nodes that voted on the block (GET /api/v1/votes?block_id=). */
  async voters(blockId: string): Promise<string[]> {
    const path = `${API_PATHS.votes}?block_id=${encodeURIComponent(blockId)}`;
    const { status, body, raw: votes } = await this.request('GET', path);
    if (status !== 200 || !Array.isArray(votes))
      throw new NodeApiError(this.url(path), `HTTP ${status}: ${messageOf(body)}`);
    return votes.map((v: unknown) => String((v as { node_pubkey?: unknown }).node_pubkey));
  }

  /** The membership epoch the block was made in, as the node serves it (absent: 0). */
  async blockEpoch(blockId: string): Promise<number> {
    const block = await this.json('GET', API_PATHS.block.replace(':id', encodeURIComponent(blockId)));
    const epoch = (block.block as { epoch?: unknown } | undefined)?.epoch;
    return typeof epoch === 'number' ? epoch : 0;
  }

  /** undefined while the node has never heard of the transaction (404). */
  async transactionStatus(id: string): Promise<TxStatus | undefined> {
    const { status, body } = await this.request('GET', txStatusPath(id));
    if (status === 404) return undefined;
    if (status !== 200)
      throw new NodeApiError(this.url(API_PATHS.statuses), `HTTP ${status}: ${messageOf(body)}`);
    return body.status as TxStatus;
  }

  private async json(method: string, path: string, payload?: unknown): Promise<Record<string, unknown>> {
    const { status, body } = await this.request(method, path, payload);
    if (status < 200 || status >= 300)
      throw new NodeApiError(this.url(path), `HTTP ${status}: ${messageOf(body)}`);
    return body;
  }

  private async request(
    method: string,
    path: string,
    payload?: unknown,
  ): Promise<{ status: number; body: Record<string, unknown>; raw?: unknown; retryAfterSec?: number }> {
    // A ref'd timer, not AbortSignal.timeout (unref'd): a request to a port whose container is
    // still starting can hang with no other handle, and the process would exit mid-wait (code 13).
    const controller = new AbortController();
    const timer = setTimeout(
      () => controller.abort(new Error(`no answer within ${this.timeoutMs} ms`)),
      this.timeoutMs,
    );
    let response: Response;
    let text: string;
    try {
      response = await fetch(this.url(path), {
        method,
        signal: controller.signal,
        headers: {
          ...(payload === undefined ? {} : { 'content-type': 'application/json' }),
          ...(this.apiKey === undefined ? {} : { [API_KEY_HEADER]: this.apiKey }),
        },
        ...(payload === undefined ? {} : { body: JSON.stringify(payload) }),
      });
      text = await response.text();
    } catch (cause) {
      throw new NodeApiError(this.url(path), `no answer (${causeMessage(cause)})`, cause);
    } finally {
      clearTimeout(timer);
    }
    let body: Record<string, unknown> = {};
    let raw: unknown;
    try {
      const parsed: unknown = text ? JSON.parse(text) : {};
      raw = parsed; // arrays (e.g. block ids) are read from here
      if (parsed && typeof parsed === 'object' && !Array.isArray(parsed))
        body = parsed as Record<string, unknown>;
    } catch {
      body = { message: text.slice(0, 200) };
    }
    const retryAfterSec = retryAfterOf(response.headers.get('retry-after'));
    return { status: response.status, body, raw, ...(retryAfterSec === undefined ? {} : { retryAfterSec }) };
  }

  private url(path: string): string {
    return `${this.baseUrl}${path}`;
  }
}

export const localApiUrl = (port: number): string => `http://127.0.0.1:${port}`;

/** Retry-After in seconds (the node sends delta-seconds; an HTTP date is not waited for). */
function retryAfterOf(header: string | null): number | undefined {
  if (header === null || !/^\d+$/.test(header.trim())) return undefined;
  const sec = Number(header.trim());
  return sec <= MAX_RETRY_AFTER_SEC ? sec : undefined;
}

function messageOf(body: Record<string, unknown>): string {
  return typeof body.message === 'string' ? body.message : JSON.stringify(body).slice(0, 200);
}

function causeMessage(error: unknown): string {
  const cause = error instanceof Error && error.cause instanceof Error ? error.cause : error;
  return cause instanceof Error ? cause.message : String(cause);
}
