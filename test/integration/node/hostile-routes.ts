/**
 * Hostile requests that are not transaction bodies: unknown paths and methods, wrong methods on
 * known paths, bad query strings on every GET route, odd ids in path parameters, and raw HTTP
 * with broken framing (written on a socket, as no client library would send it).
 */
import fc from 'fast-check';
import type { Expectation, FuzzWorld, HostileRequest } from './hostile-request.js';
import { rawRequests } from './hostile-raw.js';
import { oddString } from './hostile-values.js';

/** Percent-encodes what encodeURIComponent can (a lone surrogate it cannot: sent as %ED%A0%80). */
function enc(s: string): string {
  try {
    return encodeURIComponent(s);
  } catch {
    return Buffer.from(s, 'utf8').toString('hex').replace(/../g, '%$&');
  }
}

const JUNK_PERCENT = ['%', '%zz', '%ff', '%ed%a0%80', '%00', '%c0%af', '%2e%2e', '%25', '%u0041', '%%'];
const junk = fc.constantFrom(...JUNK_PERCENT);

const KNOWN_PREFIXES = ['/api/v1/', '/api/v1', '/health', '/'];

function isKnownPath(path: string): boolean {
  const p = path.split('?')[0] ?? '';
  return p === '/' || p === '/health' || p === '/health/' || p === '/api/v1' || p.startsWith('/api/v1/');
}

const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS', 'HEAD'];
const ODD_METHODS = [
  'PROPFIND',
  'MKCOL',
  'SEARCH',
  'PURGE',
  'LINK',
  'NOTIFY',
  'LOCK',
  'REPORT',
  'TRACE',
  'QUERY',
];

function unknownPaths(world: FuzzWorld): fc.Arbitrary<HostileRequest> {
  const segment = fc.oneof(
    fc.constantFrom(
      'api',
      'v1',
      'v2',
      'transactions',
      'blocks',
      'health',
      '..',
      '.',
      '',
      'admin',
      'bigchain',
    ),
    oddString.map(enc),
    junk,
    fc.integer({ min: 100, max: 3000 }).map((n) => 'a'.repeat(n)),
  );
  return fc
    .tuple(
      fc.nat(world.nodes - 1),
      fc.constantFrom('', ...KNOWN_PREFIXES),
      fc.array(segment, { minLength: 1, maxLength: 6 }),
      fc.constantFrom(...METHODS, ...ODD_METHODS),
    )
    .map(([node, prefix, segs, method]) => {
      const path = (prefix === '' ? '/' : prefix.endsWith('/') ? prefix : prefix + '/') + segs.join('/');
      return {
        kind: 'unknown-path',
        node,
        method,
        path,
        headers: {},
        expect: isKnownPath(path) ? 'any' : 'reject',
      };
    });
}

const ROUTES: { path: string; allowed: string[] }[] = [
  { path: '/', allowed: ['GET'] },
  { path: '/api/v1/', allowed: ['GET'] },
  { path: '/api/v1/transactions', allowed: ['GET', 'POST'] },
  { path: '/api/v1/transactions/x', allowed: ['GET'] },
  { path: '/api/v1/outputs', allowed: ['GET'] },
  { path: '/api/v1/assets', allowed: ['GET'] },
  { path: '/api/v1/metadata', allowed: ['GET'] },
  { path: '/api/v1/blocks', allowed: ['GET'] },
  { path: '/api/v1/blocks/x', allowed: ['GET'] },
  { path: '/api/v1/votes', allowed: ['GET'] },
  { path: '/api/v1/statuses', allowed: ['GET'] },
  { path: '/health', allowed: ['GET'] },
];

function wrongMethods(world: FuzzWorld): fc.Arbitrary<HostileRequest> {
  return fc
    .tuple(
      fc.nat(world.nodes - 1),
      fc.constantFrom(...ROUTES),
      fc.constantFrom(...METHODS, ...ODD_METHODS),
      fc.boolean(),
    )
    .filter(([, route, method]) => !route.allowed.includes(method) && method !== 'HEAD')
    .map(([node, route, method, withBody]) => ({
      kind: 'wrong-method',
      node,
      method,
      path: route.path,
      headers: withBody ? { 'content-type': 'application/json' } : ({} as Record<string, string>),
      ...(withBody ? { body: '{"a":' } : {}),
      expect: 'reject' as const,
    }));
}

interface QueryRoute {
  path: string;
  required: string[];
  /** Good values per parameter. */
  good: Record<string, fc.Arbitrary<string>>;
  /** Values a parameter must be refused with. */
  bad: Record<string, fc.Arbitrary<string>>;
}

function queryRoutes(world: FuzzWorld): QueryRoute[] {
  // Any printable ASCII up to 100 characters is a well-formed id (query-schemas.ts), known or not.
  const wellFormed = fc.stringMatching(/^[!-~]{1,100}$/).map(enc);
  const txId = fc.oneof(fc.constantFrom(...world.txIds), fc.stringMatching(/^[0-9a-f]{64}$/), wellFormed);
  const blockId = fc.oneof(
    fc.constantFrom(...world.blockIds),
    fc.stringMatching(/^[0-9a-f]{64}$/),
    wellFormed,
  );
  const key = fc.oneof(fc.constantFrom(...world.publicKeys), wellFormed);
  const long = (min: number) => fc.integer({ min, max: min + 3000 }).map((n) => 'a'.repeat(n));
  const notAscii = oddString.filter((s) => /[^!-~]/.test(s)).map(enc);
  const badId = fc.oneof(long(101), fc.constantFrom('', '%00', 'a%00b', '%20'), notAscii);
  const limit = fc.integer({ min: 1, max: 1000 }).map(String);
  const badLimit = fc.constantFrom('0', '-1', '1001', '1.5', 'abc', '99999999999999999999', '', 'Infinity');
  const search = fc.oneof(
    oddString.filter((s) => s.length > 0).map(enc),
    fc.constantFrom('a', 'fuzz', '(', '.*', '\\'),
  );
  return [
    {
      path: '/api/v1/transactions',
      required: ['asset_id'],
      good: { asset_id: txId, operation: fc.constantFrom('CREATE', 'TRANSFER') },
      bad: { asset_id: badId, operation: fc.constantFrom('create', 'GENESIS', '', 'CREATE,TRANSFER') },
    },
    {
      path: '/api/v1/outputs',
      required: ['public_key'],
      good: { public_key: key, spent: fc.constantFrom('true', 'false') },
      bad: { public_key: badId, spent: fc.constantFrom('maybe', 'yes', '2', 'null') },
    },
    ...['/api/v1/assets', '/api/v1/metadata'].map((path) => ({
      path,
      required: ['search'],
      good: { search, limit },
      bad: { search: fc.oneof(long(1001), fc.constant('')), limit: badLimit },
    })),
    {
      path: '/api/v1/blocks',
      required: ['transaction_id'],
      good: { transaction_id: txId, status: fc.constantFrom('valid', 'invalid', 'undecided') },
      bad: { transaction_id: badId, status: fc.constantFrom('VALID', 'backlog', '', 'x') },
    },
    { path: '/api/v1/votes', required: ['block_id'], good: { block_id: blockId }, bad: { block_id: badId } },
    {
      path: '/api/v1/statuses',
      required: [],
      good: { transaction_id: txId, block_id: blockId },
      bad: { transaction_id: badId, block_id: badId },
    },
  ];
}

const ODD_NAMES = ['', '__proto__', 'constructor', 'a[b]', 'limit[]', '%00', 'x'.repeat(300), '&', '='];

function badQueries(world: FuzzWorld): fc.Arbitrary<HostileRequest> {
  return fc.constantFrom(...queryRoutes(world)).chain((route) => {
    const names = Object.keys(route.good);
    const goodPair = fc
      .constantFrom(...names)
      .chain((n) => (route.good[n] as fc.Arbitrary<string>).map((v) => [n, v] as const));
    const badPair = fc
      .constantFrom(...Object.keys(route.bad))
      .chain((n) => (route.bad[n] as fc.Arbitrary<string>).map((v) => [n, v] as const));
    const oddPair = fc.tuple(
      fc.oneof(fc.constantFrom(...ODD_NAMES), oddString.map(enc), junk),
      fc.oneof(oddString.map(enc), junk),
    );
    return fc
      .record({
        node: fc.nat(world.nodes - 1),
        good: fc.array(goodPair, { maxLength: 3 }),
        bad: fc.option(badPair, { freq: 2 }),
        odd: fc.array(oddPair, { maxLength: 2 }),
        order: fc.nat(),
      })
      .map(({ node, good, bad, odd, order }) => {
        const pairs = [...good, ...(bad ? [bad] : []), ...odd];
        const rotated = pairs
          .slice(order % (pairs.length || 1))
          .concat(pairs.slice(0, order % (pairs.length || 1)));
        const query = rotated.map(([n, v]) => `${n}=${v}`).join('&');
        const missing = route.required.some((r) => !good.some(([n]) => n === r) && bad?.[0] !== r);
        // statuses wants exactly one of its two: neither, or both, is refused
        const statusesOff = route.required.length === 0 && new Set(good.map(([n]) => n)).size !== 1;
        const expect: Expectation = bad !== null || missing || statusesOff ? 'reject' : 'any';
        return {
          kind: 'bad-query',
          node,
          method: 'GET',
          path: `${route.path}?${query}`,
          headers: {},
          expect,
        };
      });
  });
}

/** GET /transactions/{id} and /blocks/{id} with ids of every odd kind. */
function oddIds(world: FuzzWorld): fc.Arbitrary<HostileRequest> {
  const id = fc.oneof(
    fc.constantFrom(...world.txIds, ...world.blockIds).map((v) => ({ v, known: true })),
    fc
      .oneof(
        oddString.filter((s) => s.length > 0).map(enc),
        junk,
        fc.integer({ min: 100, max: 20_000 }).map((n) => 'f'.repeat(n)),
        fc.stringMatching(/^[0-9a-f]{64}$/),
        fc.constantFrom('%20', '..', 'null', 'undefined', '0', '-1', '__proto__', 'constructor'),
      )
      .map((v) => ({ v, known: false })),
  );
  return fc
    .tuple(
      fc.nat(world.nodes - 1),
      fc.constantFrom('transactions', 'blocks'),
      id,
      fc.constantFrom('GET', 'HEAD'),
    )
    .map(([node, what, { v, known }, method]) => ({
      kind: 'odd-id',
      node,
      method,
      path: `/api/v1/${what}/${v}`,
      headers: {},
      expect: known ? 'any' : 'reject',
    }));
}

export function hostileRoutes(world: FuzzWorld): fc.Arbitrary<HostileRequest> {
  return fc.oneof(
    { weight: 6, arbitrary: unknownPaths(world) },
    { weight: 4, arbitrary: wrongMethods(world) },
    { weight: 12, arbitrary: badQueries(world) },
    { weight: 5, arbitrary: oddIds(world) },
    { weight: 3, arbitrary: rawRequests(world) },
  );
}
