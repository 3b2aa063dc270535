/** The node's HTTP API (BigchainDB HTTP API v1). */
export { createApi, DEFAULT_BODY_LIMIT_BYTES, DEFAULT_COMMIT_TIMEOUT_MS } from './app.js';
export { listenApi, type ListeningApi } from './listen.js';
export { HttpError, errorReply, type ErrorBody } from './http-error.js';
export { SOFTWARE, apiV1Links } from './routes/root.js';
export type {
  ApiHealthReport,
  ApiIdentity,
  ApiIngest,
  ApiLedger,
  ApiOptions,
  SubmitMode,
} from './api-types.js';
export { apiOptionsForNode, healthReport, type NodeApiSettings } from './node-backend.js';
