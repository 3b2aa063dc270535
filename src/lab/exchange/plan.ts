import { ExchangeError } from '../errors.js';
import { joinLine } from '../material/rethinkdb-conf.js';
import type { PublicBundle } from './public-bundle.js';

/** What one operator receives from the exchange. */
export interface ExchangeEntry {
  readonly operator: string;
  /** `host:29015` of every other member's RethinkDB server, in member order. */
  readonly joins: readonly string[];
  /** Every other member's public key, in member order; never its own. */
  readonly keyring: readonly string[];
}

/**
 * Pure: given every member's public bundle, who gets which join= lines and which keyring.
 * Refuses bundles that would make a keyring ambiguous (a repeated operator, key or host).
 */
export function planExchange(bundles: readonly PublicBundle[]): ExchangeEntry[] {
  assertDistinct(bundles, (b) => b.operator, 'operator');
  assertDistinct(bundles, (b) => b.publicKey, 'public key');
  assertDistinct(bundles, (b) => b.rethinkdbHost, 'RethinkDB host name');
  return bundles.map((self) => {
    const others = bundles.filter((b) => b.operator !== self.operator);
    return {
      operator: self.operator,
      joins: others.map((b) => joinLine(b.rethinkdbHost)),
      keyring: others.map((b) => b.publicKey),
    };
  });
}

function assertDistinct(
  bundles: readonly PublicBundle[],
  key: (b: PublicBundle) => string,
  what: string,
): void {
  const owner = new Map<string, string>();
  for (const b of bundles) {
    const value = key(b);
    const other = owner.get(value);
    if (other !== undefined) {
      throw new ExchangeError(
        `operators "${other}" and "${b.operator}" share the same ${what} (${value}); each member needs its own`,
        {
          what,
          value,
          operators: [other, b.operator],
        },
      );
    }
    owner.set(value, b.operator);
  }
}
