import { FedlabError } from '../errors.js';

export type CryptoErrorCode = 'CRYPTO_BAD_BASE58' | 'CRYPTO_BAD_KEY' | 'CRYPTO_KEYGEN';

/** A key, signature or encoding that cannot be used (wrong alphabet, wrong length). */
export class CryptoError extends FedlabError {
  declare readonly code: CryptoErrorCode;
  constructor(code: CryptoErrorCode, message: string, details: Record<string, unknown> = {}) {
    super(code, message, { details });
  }
}
