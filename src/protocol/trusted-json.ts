import type { ConditionDetails, Input, Output } from './types.js';

// Fixed-shape canonical JSON for the inputs and outputs of a transaction that PASSED the spec
// v2.0 schema: every key is known (additionalProperties: false, all required) and every string
// in these positions is pinned by a pattern to base58, hex, base64url, digits or the condition
// uri alphabet, none of which JSON escapes. So keys can be written in sorted order by hand and
// strings quoted without JSON.stringify. Never call these on unchecked input.

export function outputsJsonTrusted(outputs: readonly Output[]): string {
  let s = '[';
  for (let i = 0; i < outputs.length; i++) {
    const o = outputs[i] as Output;
    s +=
      (i > 0 ? ',' : '') +
      '{"amount":"' +
      o.amount +
      '","condition":{"details":' +
      detailsJson(o.condition.details) +
      ',"uri":"' +
      o.condition.uri +
      '"},"public_keys":' +
      stringList(o.public_keys) +
      '}';
  }
  return s + ']';
}

function detailsJson(d: ConditionDetails): string {
  if (d.type === 'ed25519-sha-256') return '{"public_key":"' + d.public_key + '","type":"ed25519-sha-256"}';
  const subs = d.subconditions.map(detailsJson).join(',');
  return (
    '{"subconditions":[' + subs + '],"threshold":' + String(d.threshold) + ',"type":"threshold-sha-256"}'
  );
}

function stringList(items: readonly string[]): string {
  return items.length === 0 ? '[]' : '["' + items.join('","') + '"]';
}

export function inputsJsonTrusted(inputs: readonly Input[], keepFulfillments: boolean): string {
  let s = '[';
  for (let i = 0; i < inputs.length; i++) {
    const input = inputs[i] as Input;
    const f = input.fulfills;
    s +=
      (i > 0 ? ',' : '') +
      '{"fulfillment":' +
      (keepFulfillments ? '"' + input.fulfillment + '"' : 'null') +
      ',"fulfills":' +
      (f === null
        ? 'null'
        : '{"output_index":' + String(f.output_index) + ',"transaction_id":"' + f.transaction_id + '"}') +
      ',"owners_before":' +
      stringList(input.owners_before) +
      '}';
  }
  return s + ']';
}
