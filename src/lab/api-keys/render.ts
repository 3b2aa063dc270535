/** What `fedlab api-key` prints (pure). The key appears in exactly one line, once. */
import { API_KEY_HEADER } from '../../protocol/index.js';
import type { IssuedKey, RevokedKey, ApiKeyChange } from './api-keys.js';
import type { ApiKeySummary } from './key-list.js';

function nodeLine(change: ApiKeyChange, what: string): string {
  return change.node.restarted
    ? `${change.operator}'s node restarted (${change.node.apiUrl}): ${what}`
    : `${change.node.why}: it applies the change when it starts`;
}

export function renderIssued(issued: IssuedKey): string[] {
  const label = issued.label ? `, label "${issued.label}"` : '';
  return [
    `new API key for ${issued.operator}'s node (id ${issued.id}${label}); it is shown only this once, ` +
      'fedlab keeps only its sha256:',
    '',
    `  ${issued.key}`,
    '',
    `send it as the header "${API_KEY_HEADER}: <key>" (or "Authorization: Bearer <key>"); ` +
      `revoke it with: fedlab api-key revoke ${issued.operator} ${issued.id}`,
    nodeLine(issued, 'it takes the key'),
    ...issued.notes,
  ];
}

export function renderList(operator: string, keys: readonly ApiKeySummary[]): string[] {
  if (keys.length === 0) return [`${operator} has issued no API keys (fedlab api-key issue ${operator})`];
  const idWidth = Math.max(2, ...keys.map((k) => k.id.length));
  return [
    `${'ID'.padEnd(idWidth)}  ${'CREATED'.padEnd(24)}  LABEL`,
    ...keys.map((k) => `${k.id.padEnd(idWidth)}  ${k.created.padEnd(24)}  ${k.label}`),
  ];
}

export function renderRevoked(r: RevokedKey): string[] {
  const label = r.revoked.label ? ` ("${r.revoked.label}")` : '';
  return [
    `revoked API key ${r.revoked.id}${label} of ${r.operator}`,
    nodeLine(r, 'the key is refused from now on'),
    ...r.notes,
  ];
}
