import { FedlabError } from '../../shared/errors.js';

/** `fedlab api-key revoke` names an id the operator's config does not hold. */
export class ApiKeyNotFoundError extends FedlabError {
  constructor(file: string, id: string, known: readonly string[]) {
    super(
      'API_KEY_NOT_FOUND',
      `${file} has no API key with id "${id}"; ` +
        (known.length === 0 ? 'it holds none' : `its ids are: ${known.join(', ')}`) +
        ' (fedlab api-key list <operator>)',
      { details: { file, id, known } },
    );
  }
}
