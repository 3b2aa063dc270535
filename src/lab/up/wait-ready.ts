import { generateKeypair } from '../../shared/crypto/index.js';
import { FedlabError } from '../../shared/errors.js';
import { notYet, pollUntil, ready } from '../../shared/poll.js';
import type { LabContext } from '../context.js';
import type { PublicBundle } from '../exchange/public-bundle.js';
import type { Federation } from '../federation/model.js';
import { NodeApi, localApiUrl, type TxStatus } from '../node-api/node-api.js';
import { buildCreate } from '../../protocol/index.js';
import { labReadKeys } from '../api-keys/lab-api-key.js';

export const apiOf = (port: number, apiKey?: string): NodeApi =>
  new NodeApi(localApiUrl(port), undefined, apiKey);

/** Every node API answers GET /api/v1/ on its 127.0.0.1 port. */
export async function waitForApis(
  federation: Federation,
  ctx: LabContext,
  detail: (t: string) => void,
): Promise<void> {
  await pollUntil(
    async () => {
      const results = await Promise.allSettled(federation.operators.map((op) => apiOf(op.apiPort).ping()));
      const down = federation.operators
        .filter((_, i) => results[i]?.status === 'rejected')
        .map((op) => op.name);
      detail(`${federation.operators.length - down.length}/${federation.operators.length} answering`);
      return down.length === 0 ? ready(undefined) : notYet(`no answer yet from ${down.join(', ')}`);
    },
    { what: 'every node API to answer', timeoutMs: ctx.timeouts.apiMs, intervalMs: 300, ...signalOf(ctx) },
  );
}

/** Pure: what is wrong with one node's reported identity ('' when it matches the member list). */
export function keyringProblem(
  self: PublicBundle,
  all: readonly PublicBundle[],
  reported: { publicKey: string; keyring: readonly string[] },
): string {
  if (reported.publicKey !== self.publicKey)
    return `${self.operator} reports public key ${reported.publicKey}, expected ${self.publicKey}`;
  const expected = all.filter((b) => b.operator !== self.operator).map((b) => b.publicKey);
  const missing = expected.filter((k) => !reported.keyring.includes(k));
  const extra = reported.keyring.filter((k) => !expected.includes(k));
  if (missing.length === 0 && extra.length === 0) return '';
  const name = (k: string) => all.find((b) => b.publicKey === k)?.operator ?? k;
  return `${self.operator}'s keyring ${[...missing.map((k) => `lacks ${name(k)}`), ...extra.map((k) => `has unexpected ${name(k)}`)].join(', ')}`;
}

/** Each node's keyring equals the member list minus itself. */
export async function waitForKeyrings(
  federation: Federation,
  bundles: readonly PublicBundle[],
  ctx: LabContext,
): Promise<void> {
  await pollUntil(
    async () => {
      const problems = await Promise.all(
        federation.operators.map(async (op) => {
          const self = bundles.find((b) => b.operator === op.name);
          if (!self) return `${op.name} has no public bundle`;
          return keyringProblem(self, bundles, await apiOf(op.apiPort).identity());
        }),
      );
      const wrong = problems.filter(Boolean);
      return wrong.length === 0 ? ready(undefined) : notYet(wrong.join('; '));
    },
    {
      what: 'every keyring to match the member list',
      timeoutMs: ctx.timeouts.keyringMs,
      intervalMs: 300,
      ...signalOf(ctx),
    },
  );
}

/** A CREATE built and signed by the lab, posted to the first node, VALID as seen from every node. */
export async function probeTransaction(
  federation: Federation,
  ctx: LabContext,
  detail: (t: string) => void,
): Promise<string> {
  const tx = buildCreate(generateKeypair(), {
    fedlab: 'probe',
    federation: federation.name,
    at: new Date().toISOString(),
  });
  const { id } = tx;
  const [first] = federation.operators;
  if (!first) throw new Error('a federation always has an operator');
  await apiOf(first.apiPort).postTransaction(tx, 'async');
  const keys = await labReadKeys(federation, ctx);
  await waitValidEverywhere(
    federation.operators.map((op) => ({ name: op.name, api: apiOf(op.apiPort, keys.get(op.name)) })),
    id,
    ctx,
    detail,
  );
  return id;
}

/** Polls every node until it says VALID for `id`; an INVALID verdict stops at once. */
export async function waitValidEverywhere(
  nodes: readonly { name: string; api: NodeApi }[],
  id: string,
  ctx: Pick<LabContext, 'timeouts' | 'signal'>,
  detail: (t: string) => void = () => undefined,
  timeoutMs = ctx.timeouts.probeMs,
): Promise<void> {
  await pollUntil(
    async () => {
      const seen = await Promise.all(
        nodes.map(async (n) => [n.name, await n.api.transactionStatus(id)] as [string, TxStatus | undefined]),
      );
      const invalid = seen.filter(([, s]) => s === 'invalid');
      if (invalid.length > 0)
        throw new TransactionRejectedError(
          id,
          invalid.map(([n]) => n),
        );
      const pending = seen.filter(([, s]) => s !== 'valid');
      detail(`${nodes.length - pending.length}/${nodes.length} see it VALID`);
      return pending.length === 0
        ? ready(undefined)
        : notYet(pending.map(([n, s]) => `${n}: ${s ?? 'unknown'}`).join(', '));
    },
    {
      what: `transaction ${id.slice(0, 12)}… to be VALID on every node`,
      timeoutMs,
      intervalMs: 250,
      isFatal: (e) => e instanceof TransactionRejectedError,
      ...signalOf(ctx),
    },
  );
}

export class TransactionRejectedError extends FedlabError {
  constructor(id: string, nodes: readonly string[]) {
    super(
      'TX_INVALID_IN_FEDERATION',
      `transaction ${id} is INVALID as seen from ${nodes.join(', ')}; see their logs (fedlab logs)`,
      {
        details: { id, nodes },
      },
    );
  }
}

const signalOf = (ctx: Pick<LabContext, 'signal'>) => (ctx.signal ? { signal: ctx.signal } : {});
