/**
 * policy.read (issue 16): with "api-key", every route needs an API key issued by this node's
 * operator, except the ones anyone may call: GET / and /api/v1/ (who the node is, where the API
 * lives) and /health (the lab's readiness and status, load balancers), and POST
 * /api/v1/transactions, which the create/transfer policy governs. Deny by default: a route added
 * later is protected without anyone remembering to protect it (the unit test walks every route).
 *
 * A POST from someone without a key still learns whether its transaction was accepted (that is
 * the answer); what it must not learn is anything about OTHER transactions, so the details of a
 * rejection that come from the ledger (who spent an output, what an input carries) are withheld.
 * The key itself is never logged or echoed: answers name the header, never its value.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import {
  API_KEY_HEADER,
  API_PATHS,
  LEGACY_API_KEY_HEADER,
  type ApiKeyRecord,
  type ReadPolicy,
} from '../../protocol/index.js';
import { TransactionInvalidError, type TxErrorCode } from '../core/index.js';
import { matchApiKey, presentedKeys } from './api-key-check.js';
import type { ErrorAnswer } from './http-error.js';

export interface ReadAccess {
  policy: ReadPolicy;
  /** The operator's issued keys (config api_keys): hashes, never keys. */
  keys: readonly ApiKeyRecord[];
}

export const OPEN_READ_ACCESS: ReadAccess = Object.freeze({ policy: 'anyone', keys: [] });

/** Paths anyone may call with any method (their 405s reveal nothing either). */
export const OPEN_PATHS: readonly string[] = [API_PATHS.root, API_PATHS.v1, API_PATHS.health];
/** Open only for this method: submitting is governed by policy.create and policy.transfer. */
export const OPEN_ROUTES: readonly string[] = [`POST ${API_PATHS.transactions}`];

/** Routes are matched ignoring a trailing slash (the app's ignoreTrailingSlash). */
const norm = (url: string): string => (url.length > 1 ? url.replace(/\/+$/, '') : url);
const OPEN_PATH_SET: ReadonlySet<string> = new Set(OPEN_PATHS.map(norm));

/** Rejections whose message speaks only of the posted transaction itself. */
const SELF_CONTAINED: ReadonlySet<TxErrorCode> = new Set<TxErrorCode>([
  'TX_SCHEMA',
  'TX_TOO_LARGE',
  'TX_UNSTORABLE',
  'TX_ID_MISMATCH',
  'TX_OUTPUT_CONDITION_MISMATCH',
  'TX_FULFILLMENT_MALFORMED',
  'TX_SIGNATURE_INVALID',
  'TX_INPUT_DUPLICATE',
  'TX_POLICY_CREATE',
  'TX_POLICY_TRANSFER',
  'TX_POLICY_METADATA',
  'TX_POLICY_ASSET_SCHEMA',
]);

export const AUTH_SCHEME = 'ApiKey';
const HOW =
  `send the key as the header "${API_KEY_HEADER}: <key>" (or "Authorization: Bearer <key>", BigchainDB's ` +
  `"${LEGACY_API_KEY_HEADER}", or as the password in the URL: http://apikey:<key>@host:port/)`;

/** Pure: whether a request for this matched route (undefined: no route, a 404) needs a key. */
export function needsKey(method: string, routeUrl: string | undefined): boolean {
  if (routeUrl === undefined) return false;
  const url = norm(routeUrl);
  return !OPEN_PATH_SET.has(url) && !OPEN_ROUTES.includes(`${method} ${url}`);
}

export function unauthorizedMessage(presented: boolean): string {
  return presented
    ? `the API key is not one this node's operator issued (or it was revoked); this federation lets only holders of an operator's API key read (policy.read "api-key"): ${HOW}`
    : `this federation lets only holders of an API key issued by this node's operator read (policy.read "api-key"): ${HOW}`;
}

/** Pure: the answer to give someone who may not read, for an error their POST met. */
export function withheldAnswer(error: unknown, known: ErrorAnswer | null): ErrorAnswer | null {
  if (!(error instanceof TransactionInvalidError) || SELF_CONTAINED.has(error.code)) return known;
  return {
    status: 400,
    message:
      `Invalid transaction (${error.code}): the details are withheld, as they describe other transactions, ` +
      `which only API-key holders may read here (policy.read "api-key"); ${HOW} to see them`,
  };
}

export interface ReadAccessGuard {
  /** The error answer for `request`: ledger details withheld from who may not read. */
  answerFor(request: FastifyRequest, error: unknown, known: ErrorAnswer | null): ErrorAnswer | null;
}

function refuse(reply: FastifyReply, presented: boolean): FastifyReply {
  const message = unauthorizedMessage(presented);
  return reply
    .code(401)
    .header('www-authenticate', `${AUTH_SCHEME} realm="bigchaindb", header="${API_KEY_HEADER}"`)
    .type('application/json')
    .send({ status: 401, message });
}

/** Installs the check as an onRequest hook (any time: it reads the matched route per request). */
export function installReadAccess(app: FastifyInstance, access: ReadAccess): ReadAccessGuard {
  if (access.policy === 'anyone') return { answerFor: (_request, _error, known) => known };
  const readers = new WeakSet<FastifyRequest>();
  app.addHook('onRequest', async (request, reply) => {
    const presented = presentedKeys(request.headers);
    if (matchApiKey(presented, access.keys) !== null) {
      readers.add(request);
      return;
    }
    if (needsKey(request.method, request.routeOptions.url)) return refuse(reply, presented.length > 0);
  });
  return {
    answerFor: (request, error, known) => (readers.has(request) ? known : withheldAnswer(error, known)),
  };
}
