/**
 * Hostile POST /api/v1/transactions bodies: malformed and deeply nested JSON, bodies around the
 * body limit, real transactions with fields replaced, deleted or added, signed CREATEs of odd
 * content, replays, and spends (chains, splits, conflicting, badly signed) of real outputs.
 */
import fc from 'fast-check';
import {
  buildCreate,
  makeCreate,
  makeOutput,
  makeTransfer,
  signTransaction,
  type InputSigner,
  type Output,
} from '../../../src/protocol/index.js';
import type { Transaction } from '../../../src/node/core/index.js';
import {
  BAD_MODES,
  expectationOf,
  GOOD_MODES,
  JSON_TYPE,
  type Expectation,
  type FuzzWorld,
  type HostileRequest,
  type Spendable,
} from './hostile-request.js';
import { mutate, mutation, parentOf, TARGETED, type Path } from './hostile-mutations.js';
import { badAmount, deepJson, nest, oddJson, oddKey } from './hostile-values.js';

type Body = { body: string | Uint8Array; headers: Record<string, string>; expect: Expectation; kind: string };

function post(world: FuzzWorld, b: Body): fc.Arbitrary<HostileRequest> {
  // Mostly a good mode, so that the body is what gets judged; commit only for what must fail.
  const modes = fc.oneof(
    { weight: 6, arbitrary: fc.constantFrom<string>(...GOOD_MODES) },
    { weight: b.expect === 'any' ? 0 : 1, arbitrary: fc.constant('?mode=commit') },
    { weight: 1, arbitrary: fc.constantFrom<string>(...BAD_MODES) },
  );
  return fc.tuple(fc.nat(world.nodes - 1), modes).map(([node, mode]) => ({
    kind: b.kind,
    node,
    method: 'POST',
    path: `/api/v1/transactions${mode}`,
    headers: b.headers,
    body: b.body,
    expect: b.expect === 'any' && (BAD_MODES as readonly string[]).includes(mode) ? 'reject' : b.expect,
  }));
}

const SNIPPETS = [
  '', ' ', '{', '}', '{"a":}', '[1,]', '{"a":1,}', 'NaN', 'undefined', "{'a':1}", '{"a":"\\x41"}', '{"a" 1}',
  '{"a":"\\ud800"}', '\u0000', '\ufeff{}', '{"__proto__":{"x":1}}', '{"constructor":{"prototype":{"x":1}}}',
  'null', '[]', '1', '"tx"', 'true', '{}', '{"id":null}', '{"a":1e400}', '{"a":-0}', '{"a":01}', '/*x*/{}',
  '{"operation":"CREATE"}{"operation":"CREATE"}', '{"a":"\u0001"}', '{"a":"' + '\\'.repeat(3) + '"}',
]; // prettier-ignore

const CONTENT_TYPES = [
  'application/json', 'application/json; charset=utf-8', 'application/json; charset=utf-16', 'text/plain',
  'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'application/octet-stream',
  'application/json, text/plain', 'application/json; ' + 'x'.repeat(2000), 'APPLICATION/JSON', '',
]; // prettier-ignore

function malformed(world: FuzzWorld): fc.Arbitrary<HostileRequest> {
  const text = fc.oneof(
    fc.constantFrom(...SNIPPETS),
    fc.string({ maxLength: 200 }),
    fc.string({ unit: 'binary', maxLength: 200 }),
    // A real transaction cut short, or with one character changed.
    fc.tuple(fc.constantFrom(...world.pool), fc.nat(), fc.string({ maxLength: 2 })).map(([s, at, put]) => {
      const t = JSON.stringify(s.tx);
      const i = at % t.length;
      return at % 2 === 0 ? t.slice(0, i) : t.slice(0, i) + put + t.slice(i + 1);
    }),
  );
  const body = fc.oneof(
    { weight: 4, arbitrary: text },
    { weight: 1, arbitrary: fc.uint8Array({ maxLength: 300 }) },
  );
  return fc
    .tuple(
      body,
      fc.oneof({ weight: 3, arbitrary: fc.constant('application/json') }, fc.constantFrom(...CONTENT_TYPES)),
    )
    .chain(([b, type]) =>
      post(world, {
        kind: 'malformed-json',
        body: b,
        headers: type === '' ? {} : { 'content-type': type },
        expect: 'reject',
      }),
    );
}

/** Brackets or objects nested up to far beyond any parser's comfort (bounded by the body limit). */
function deep(world: FuzzWorld): fc.Arbitrary<HostileRequest> {
  const shape = fc.constantFrom('[', '{"a":', '{"__proto__":', '[{"a":');
  const closing: Record<string, string> = { '[': ']', '{"a":': '}', '{"__proto__":': '}', '[{"a":': '}]' };
  return fc
    .tuple(shape, fc.integer({ min: 1, max: 40_000 }), fc.boolean())
    .map(([open, levels, wrapped]) => {
      const n = Math.min(levels, Math.floor((world.bodyLimitBytes + 4096) / (open.length + 2)));
      const inner = open.repeat(n) + '1' + (closing[open] ?? '').repeat(n);
      return wrapped ? `{"id":"x","version":"2.0","operation":"CREATE","metadata":${inner}}` : inner;
    })
    .chain((body) => post(world, { kind: 'deep-json', body, headers: JSON_TYPE, expect: 'reject' }));
}

/** Bodies just under, at and just over the body limit (and a few far over). */
function oversize(world: FuzzWorld): fc.Arbitrary<HostileRequest> {
  const limit = world.bodyLimitBytes;
  const size = fc.oneof(
    fc.integer({ min: limit - 64, max: limit + 2048 }),
    fc.integer({ min: limit + 1, max: limit * 4 }),
  );
  return fc
    .tuple(size, fc.constantFrom('string', 'array', 'tx'), fc.constantFrom(...world.pool))
    .map(([bytes, form, s]) => {
      if (form === 'array') return '[' + '0,'.repeat(Math.max(0, (bytes - 2) >> 1)) + '0]';
      const prefix =
        form === 'tx' ? JSON.stringify({ ...s.tx, metadata: { pad: '' } }).slice(0, -3) : '{"pad":"';
      const suffix = form === 'tx' ? '"}}' : '"}';
      return prefix + 'x'.repeat(Math.max(0, bytes - prefix.length - suffix.length)) + suffix;
    })
    .chain((body) => post(world, { kind: 'oversize', body, headers: JSON_TYPE, expect: 'reject' }));
}

/** A real transaction (committed, or a fresh spend) with one to three fields broken, not re-signed. */
function mutated(world: FuzzWorld): fc.Arbitrary<HostileRequest> {
  const original = fc.oneof(fc.constantFrom(...world.pool.map((s) => s.tx)), spendTx(world));
  const targeted = fc
    .tuple(fc.constantFrom(...TARGETED.keys()), fc.nat())
    .chain(([i, pick]) =>
      (TARGETED[i] as [Path, fc.Arbitrary<unknown>])[1].map((value) => ({ i, pick, value })),
    );
  return fc
    .tuple(original, fc.array(mutation, { minLength: 1, maxLength: 3 }), fc.option(targeted, { freq: 3 }))
    .map(([tx, ms, t]) => {
      let v: unknown = ms.reduce<unknown>((acc, m) => mutate(acc, m), tx);
      if (t !== null && v !== null && typeof v === 'object') {
        const path = (TARGETED[t.i] as [Path, unknown])[0];
        try {
          parentOf(v, path)[path[path.length - 1] as string | number] = t.value;
        } catch {
          v = { ...(v as object), version: t.value };
        }
      }
      const body = JSON.stringify(v) ?? 'null';
      return { body, expect: expectationOf(body, tx) };
    })
    .chain(({ body, expect }) => post(world, { kind: 'mutated-tx', body, headers: JSON_TYPE, expect }));
}

/** FRESH_OUTPUTS CREATEs, the same in every run, that the run itself posts and then spends. */
const FRESH_OUTPUTS = 200;

function freshOutput(world: FuzzWorld, k: number): Spendable {
  const owner = world.people[k % world.people.length] as { publicKey: string; privateKey: string };
  const tx = buildCreate(owner, { fresh: k }, null, owner.publicKey, '5');
  return { tx, outputIndex: 0, signer: owner.privateKey, ownerKeys: [owner.privateKey] };
}

/**
 * Spends of real outputs (committed ones, or fresh ones the run creates): chains through the
 * fixed people, splits, replays and rival spends (the same output to another recipient).
 */
function spendTx(world: FuzzWorld): fc.Arbitrary<Transaction> {
  const step = fc.record({ to: fc.nat(world.people.length - 1), split: fc.nat(4), sign: fc.nat(7) });
  const source = fc.oneof(
    fc.nat(world.pool.length - 1).map((i) => world.pool[i] as Spendable),
    fc.nat(FRESH_OUTPUTS - 1).map((k) => freshOutput(world, k)),
  );
  return fc
    .tuple(source, fc.array(step, { minLength: 1, maxLength: 3 }), fc.option(oddJson, { freq: 6 }))
    .map(([from, steps, meta]) => {
      let spend = from;
      let tx = spend.tx;
      for (const s of steps) {
        const output = spend.tx.outputs[spend.outputIndex] as Output;
        const amount = BigInt(output.amount);
        const to = world.people[s.to] as { publicKey: string; privateKey: string };
        const part = amount > 1n && s.split > 0 ? BigInt(s.split) % amount || 1n : amount;
        const outputs = [makeOutput(to.publicKey, part.toString())];
        if (part < amount)
          outputs.push(makeOutput(output.public_keys[0] as string, (amount - part).toString()));
        const metadata = meta === null ? null : { m: meta };
        const unsigned = makeTransfer({
          spend: [{ tx: spend.tx, outputIndex: spend.outputIndex }],
          outputs,
          metadata,
        });
        tx = signTransaction(unsigned, [signerFor(world, spend, s.sign)]);
        spend = { tx, outputIndex: 0, signer: to.privateKey, ownerKeys: [to.privateKey] };
      }
      return tx;
    });
}

/** Mostly the right signer; sometimes a stranger's key, or one owner's alone for a threshold. */
function signerFor(world: FuzzWorld, spend: Spendable, pick: number): InputSigner {
  if (pick === 0) return (world.people[0] as { privateKey: string }).privateKey;
  if (pick === 1 && spend.ownerKeys.length > 1) return spend.ownerKeys[0] as string;
  return spend.signer;
}

function spends(world: FuzzWorld): fc.Arbitrary<HostileRequest> {
  const fresh = fc.nat(FRESH_OUTPUTS - 1).map((k) => freshOutput(world, k).tx);
  return fc
    .oneof({ weight: 3, arbitrary: spendTx(world) }, { weight: 1, arbitrary: fresh })
    .chain((tx) =>
      post(world, { kind: 'spend', body: JSON.stringify(tx), headers: JSON_TYPE, expect: 'any' }),
    );
}

function replays(world: FuzzWorld): fc.Arbitrary<HostileRequest> {
  return fc
    .constantFrom(...world.pool)
    .chain((s) =>
      post(world, { kind: 'replay', body: JSON.stringify(s.tx), headers: JSON_TYPE, expect: 'reject' }),
    );
}

/** A CREATE of odd content, odd amounts or an odd shape, correctly signed: may well be valid. */
function signedCreates(world: FuzzWorld): fc.Arbitrary<HostileRequest> {
  const data = fc.oneof(
    { weight: 4, arbitrary: fc.dictionary(oddKey, oddJson, { maxKeys: 4 }) },
    deepJson.map((d) => ({ d })),
    fc.integer({ min: 10, max: 18 }).map((n) => ({ d: nest(n) })),
  );
  const amount = fc.oneof(fc.constantFrom('1', '7', '9000000000000000000'), badAmount);
  return fc
    .tuple(
      fc.nat(world.people.length - 1),
      data,
      fc.option(oddJson),
      amount,
      fc.option(mutation, { freq: 3 }),
    )
    .map(([who, d, meta, amt, m]) => {
      const issuer = world.people[who] as { publicKey: string; privateKey: string };
      const metadata = meta === null ? null : { m: meta };
      let unsigned = makeCreate({
        asset: d as Record<string, unknown>,
        metadata,
        outputs: [{ ...makeOutput(issuer.publicKey), amount: amt as string }],
        issuers: [issuer.publicKey],
      });
      if (m !== null) unsigned = mutate(unsigned, m) as typeof unsigned;
      try {
        return JSON.stringify(signTransaction(unsigned, [issuer.privateKey])) ?? 'null';
      } catch {
        return JSON.stringify(unsigned) ?? 'null'; // unsignable (the mutation broke inputs): unsigned
      }
    })
    .chain((body) => post(world, { kind: 'signed-create', body, headers: JSON_TYPE, expect: 'any' }));
}

export function hostileBodies(world: FuzzWorld): fc.Arbitrary<HostileRequest> {
  return fc.oneof(
    { weight: 10, arbitrary: malformed(world) },
    { weight: 5, arbitrary: deep(world) },
    { weight: 4, arbitrary: oversize(world) },
    { weight: 22, arbitrary: mutated(world) },
    { weight: 12, arbitrary: spends(world) },
    { weight: 3, arbitrary: replays(world) },
    { weight: 12, arbitrary: signedCreates(world) },
  );
}
