/**
 * Raw HTTP for the fuzz suite, written on a socket as is: broken request lines, headers and
 * framing (bad or doubled Content-Length, chunked with bad sizes, smuggling shapes), CONNECT,
 * Upgrade, pipelining, oversized headers, absolute-form targets, random bytes.
 */
import fc from 'fast-check';
import type { Expectation, FuzzWorld, HostileRequest } from './hostile-request.js';

const RAW: { raw: string; expect: Expectation }[] = [
  { raw: 'GARBAGE\r\n\r\n', expect: 'reject' },
  { raw: 'GET / HTTP/9.9\r\nHost: x\r\n\r\n', expect: 'reject' },
  { raw: 'get / HTTP/1.1\r\nHost: x\r\n\r\n', expect: 'reject' },
  { raw: 'FOO / HTTP/1.1\r\nHost: x\r\n\r\n', expect: 'reject' },
  { raw: 'CONNECT 127.0.0.1:9 HTTP/1.1\r\nHost: 127.0.0.1:9\r\n\r\n', expect: 'reject' },
  { raw: 'GET /health HTTP/1.1\r\nHost: x\r\nBad Header\r\n\r\n', expect: 'reject' },
  { raw: 'GET /health HTTP/1.1\r\nHost: x\r\nX: a\u0000b\r\n\r\n', expect: 'reject' },
  { raw: 'GET /health HTTP/1.1\r\nHost: x\r\nX : y\r\n\r\n', expect: 'reject' },
  { raw: 'POST /api/v1/transactions HTTP/1.1\r\nHost: x\r\nContent-Length: abc\r\n\r\n', expect: 'reject' },
  { raw: 'POST /api/v1/transactions HTTP/1.1\r\nHost: x\r\nContent-Length: -1\r\n\r\n', expect: 'reject' },
  {
    raw: 'POST /api/v1/transactions HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\nContent-Length: 3\r\n\r\n{}',
    expect: 'reject',
  },
  {
    raw:
      'POST /api/v1/transactions HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n' +
      'Transfer-Encoding: chunked\r\nContent-Length: 3\r\n\r\n2\r\n{}\r\n0\r\n\r\n',
    expect: 'reject',
  },
  {
    raw:
      'POST /api/v1/transactions HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n' +
      'Transfer-Encoding: chunked\r\n\r\nzz\r\n{}\r\n0\r\n\r\n',
    expect: 'reject',
  },
  {
    raw:
      'POST /api/v1/transactions HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nConnection: close\r\n' +
      'Transfer-Encoding: chunked\r\n\r\n3\r\n{"a\r\n2\r\n":\r\n0\r\n\r\n',
    expect: 'reject',
  },
  {
    raw: 'POST /api/v1/transactions HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nExpect: 100-continue\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}',
    expect: 'reject',
  },
  { raw: `GET /health HTTP/1.1\r\nHost: x\r\nX-Big: ${'b'.repeat(20_000)}\r\n\r\n`, expect: 'reject' },
  { raw: `GET /${'p'.repeat(20_000)} HTTP/1.1\r\nHost: x\r\n\r\n`, expect: 'reject' },
  { raw: 'GET / HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\r\n', expect: 'any' },
  { raw: 'GET / HTTP/1.0\r\n\r\n', expect: 'any' },
  {
    raw: 'GET http://fedlab.invalid/api/v1/ HTTP/1.1\r\nHost: fedlab.invalid\r\nConnection: close\r\n\r\n',
    expect: 'any',
  },
  {
    raw: 'GET /api/v1/ HTTP/1.1\r\nHost: x\r\n\r\nGET /nope HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n',
    expect: 'any',
  },
  { raw: 'GET /api/v1/ HTTP/1.1\r\nHost: x\r\n\r\nBAD\r\n\r\n', expect: 'any' },
];

export function rawRequests(world: FuzzWorld): fc.Arbitrary<HostileRequest> {
  const garbage = fc
    .string({ unit: 'binary', minLength: 1, maxLength: 100 })
    .map((s) => ({ raw: `${s}\r\n\r\n`, expect: 'reject' as const }));
  return fc
    .tuple(fc.nat(world.nodes - 1), fc.oneof(fc.constantFrom(...RAW), garbage))
    .map(([node, { raw, expect }]) => ({
      kind: 'raw-http',
      node,
      method: 'RAW',
      path: '',
      headers: {},
      raw,
      expect,
    }));
}
