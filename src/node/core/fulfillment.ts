import { Fulfillment, ed25519View, thresholdView, type CcFulfillment } from '../../protocol/cc-lib.js';
import { ed25519UriFromRaw } from '../../protocol/conditions.js';

/** A parsed fulfillment: the condition it meets, and the signatures that must all verify. */
export interface ParsedFulfillment {
  conditionUri: string;
  /** every ed25519 leaf of the fulfillment tree; all must verify over the input's message */
  leaves: { publicKey: Buffer; signature: Buffer }[];
}

/** Why a fulfillment could not be parsed; the validator turns it into TX_FULFILLMENT_MALFORMED. */
export class FulfillmentParseError extends Error {}

// A lone ed25519-sha-256 fulfillment is fixed-layout DER, 102 bytes:
// A4 64 | 80 20 <32-byte public key> | 81 40 <64-byte signature>.
// Parsing it by hand keeps the common single-signature case off asn1.js (the hot path).
const ED25519_DER_LENGTH = 102;
const ED25519_BASE64URL_LENGTH = 136;

function parseEd25519Fast(der: Buffer): ParsedFulfillment | null {
  if (der.length !== ED25519_DER_LENGTH) return null;
  if (der[0] !== 0xa4 || der[1] !== 0x64 || der[2] !== 0x80 || der[3] !== 0x20) return null;
  if (der[36] !== 0x81 || der[37] !== 0x40) return null;
  const publicKey = der.subarray(4, 36);
  return { conditionUri: ed25519UriFromRaw(publicKey), leaves: [{ publicKey, signature: der.subarray(38) }] };
}

/**
 * Parses a base64url DER fulfillment (ed25519-sha-256 or threshold-sha-256, nested). A
 * threshold fulfillment carries exactly `threshold` subfulfillments (the library sets the
 * threshold from their count), so the fulfillment is valid iff every leaf signature verifies
 * and its condition URI equals the one being spent.
 */
export function parseFulfillment(uri: string): ParsedFulfillment {
  // Node's decoder skips junk and tolerates non-zero padding bits; insist on the one spelling
  // so that the same fulfillment cannot be re-encoded into a different transaction id.
  if (!isCanonicalBase64url(uri)) throw new FulfillmentParseError('fulfillment is not canonical base64url');
  const der = Buffer.from(uri, 'base64url');
  if (uri.length === ED25519_BASE64URL_LENGTH) {
    const fast = parseEd25519Fast(der);
    if (fast !== null) return fast;
  }
  if (!isSingleTlv(der)) throw new FulfillmentParseError('fulfillment has bytes after its DER value');
  return withoutStackTraces(() => {
    let parsed: CcFulfillment;
    try {
      parsed = Fulfillment.fromBinary(der);
    } catch (e) {
      throw new FulfillmentParseError(
        `fulfillment is not valid DER: ${e instanceof Error ? e.message : String(e)}`,
      );
    }
    const leaves: ParsedFulfillment['leaves'] = [];
    collectLeaves(parsed, leaves, 0);
    return { conditionUri: conditionUriOf(parsed), leaves };
  });
}

/**
 * asn1.js decodes a CHOICE by trying each alternative and throwing on mismatch; building the
 * stack traces of those internal errors was about half the cost of parsing a threshold
 * fulfillment. The code in between is synchronous, so no other code sees the lowered limit.
 */
function withoutStackTraces<T>(run: () => T): T {
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = 0;
  try {
    return run();
  } finally {
    Error.stackTraceLimit = limit;
  }
}

/**
 * True when `der` is exactly one TLV with a minimal length. asn1.js ignores trailing bytes, which
 * would let anyone re-encode a pending transaction's fulfillment into a second valid id.
 */
function isSingleTlv(der: Buffer): boolean {
  const first = der[1];
  if (der.length < 2 || first === undefined) return false;
  if (first < 0x80) return der.length === 2 + first;
  const size = first & 0x7f;
  if (size === 0 || size > 3 || der[2] === 0) return false; // indefinite, huge or non-minimal
  let length = 0;
  for (let i = 0; i < size; i++) length = length * 256 + (der[2 + i] ?? 0);
  return length >= 0x80 && der.length === 2 + size + length;
}

const BASE64URL = /^[A-Za-z0-9_-]*$/;
const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

/**
 * Unpadded base64url with zero unused bits: the only spelling Buffer#toString('base64url')
 * produces. Cheaper than decoding and re-encoding on the hot path.
 */
function isCanonicalBase64url(text: string): boolean {
  if (!BASE64URL.test(text)) return false;
  const rest = text.length % 4;
  if (rest === 0) return true;
  if (rest === 1) return false;
  const last = ALPHABET.indexOf(text.charAt(text.length - 1));
  return (last & (rest === 2 ? 0x0f : 0x03)) === 0;
}

const MAX_FULFILLMENT_DEPTH = 8;

function collectLeaves(f: CcFulfillment, leaves: ParsedFulfillment['leaves'], depth: number): void {
  if (depth > MAX_FULFILLMENT_DEPTH)
    throw new FulfillmentParseError(`fulfillment nests deeper than ${MAX_FULFILLMENT_DEPTH}`);
  const type = f.getTypeName();
  if (type === 'ed25519-sha-256') {
    const { publicKey, signature } = ed25519View(f);
    if (publicKey?.length !== 32 || signature?.length !== 64)
      throw new FulfillmentParseError('ed25519 leaf has bad sizes');
    leaves.push({ publicKey, signature });
    return;
  }
  if (type !== 'threshold-sha-256') throw new FulfillmentParseError(`unsupported fulfillment type ${type}`);
  for (const sub of thresholdView(f).subconditions) {
    if (sub.type === 'fulfillment') collectLeaves(sub.body as CcFulfillment, leaves, depth + 1);
  }
}

function conditionUriOf(f: CcFulfillment): string {
  try {
    return f.getConditionUri();
  } catch (e) {
    throw new FulfillmentParseError(
      `cannot derive the condition: ${e instanceof Error ? e.message : String(e)}`,
    );
  }
}
