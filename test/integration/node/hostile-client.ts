/**
 * Sends a hostile request over real HTTP (node:http on a keep-alive agent, or a raw socket for
 * broken framing) with a deadline, and judges the answer: JSON `{status, message}` 4xx for a
 * request that is wrong, any JSON answer below 500 for one that may be right; never a 5xx, a
 * non-JSON answer, a dropped connection or a hang.
 */
import { Agent, request } from 'node:http';
import { connect } from 'node:net';
import type { HostileRequest } from './hostile-request.js';

export interface Answer {
  status: number;
  contentType: string;
  body: string;
}

export type Outcome = { answers: Answer[] } | { failure: string };

export function makeAgent(maxSockets: number): Agent {
  return new Agent({ keepAlive: true, maxSockets });
}

export async function send(
  req: HostileRequest,
  base: { host: string; port: number },
  agent: Agent,
  timeoutMs: number,
): Promise<Outcome> {
  try {
    return req.raw !== undefined
      ? { answers: await sendRaw(req.raw, base, timeoutMs) }
      : { answers: [await sendHttp(req, base, agent, timeoutMs)] };
  } catch (e) {
    return { failure: (e as Error).message };
  }
}

function sendHttp(
  req: HostileRequest,
  base: { host: string; port: number },
  agent: Agent,
  timeoutMs: number,
): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const r = request(
      {
        host: base.host,
        port: base.port,
        method: req.method,
        path: req.path,
        headers: req.headers,
        agent,
        signal: AbortSignal.timeout(timeoutMs),
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            contentType: String(res.headers['content-type'] ?? ''),
            body: Buffer.concat(chunks).toString('utf8'),
          }),
        );
        res.on('error', reject);
      },
    );
    r.on('error', (e) => reject(new Error(`no answer: ${e.message}`)));
    if (req.body !== undefined) r.write(req.body);
    r.end();
  });
}

/** Parses every complete response in `data` (1xx interim answers skipped); the rest is left. */
function parseResponses(data: Buffer): { answers: Answer[]; complete: boolean } {
  const answers: Answer[] = [];
  let at = 0;
  for (;;) {
    const end = data.indexOf('\r\n\r\n', at);
    if (end < 0) return { answers, complete: at === data.length && answers.length > 0 };
    const head = data.subarray(at, end).toString('latin1').split('\r\n');
    const status = Number((head[0] ?? '').split(' ')[1]);
    const header = (name: string): string =>
      head
        .find((l) => l.toLowerCase().startsWith(name + ':'))
        ?.slice(name.length + 1)
        .trim() ?? '';
    const length = Number(header('content-length') || '0');
    if (data.length < end + 4 + length) return { answers, complete: false };
    const body = data.subarray(end + 4, end + 4 + length).toString('utf8');
    if (status >= 200 || status < 100) answers.push({ status, contentType: header('content-type'), body });
    at = end + 4 + length;
  }
}

/** Writes `raw` and reads until the server closes the connection (or the deadline). */
function sendRaw(raw: string, base: { host: string; port: number }, timeoutMs: number): Promise<Answer[]> {
  return new Promise((resolve, reject) => {
    const socket = connect(base.port, base.host, () => socket.end(Buffer.from(raw, 'utf8')));
    let data = Buffer.alloc(0);
    const timer = setTimeout(() => {
      socket.destroy();
      const { answers } = parseResponses(data);
      // A keep-alive connection the server left open after answering everything is fine.
      if (answers.length > 0) resolve(answers);
      else reject(new Error(`no answer within ${timeoutMs} ms`));
    }, timeoutMs);
    socket.on('data', (c: Buffer) => (data = Buffer.concat([data, c])));
    socket.on('error', () => undefined); // a reset after the answer is fine; judged on close
    socket.on('close', () => {
      clearTimeout(timer);
      const { answers } = parseResponses(data);
      if (answers.length === 0)
        reject(new Error(`connection closed without an answer (${data.length} bytes)`));
      else resolve(answers);
    });
  });
}

/** What is wrong with the answer to `req`, or null. */
export function judge(req: HostileRequest, outcome: Outcome): string | null {
  if ('failure' in outcome) return outcome.failure;
  for (const a of outcome.answers) {
    const problem = judgeOne(req, a);
    if (problem !== null) return problem;
  }
  return null;
}

function judgeOne(req: HostileRequest, a: Answer): string | null {
  if (a.status >= 500) return `answered ${a.status}: ${a.body.slice(0, 300)}`;
  if (req.expect === 'reject' && (a.status < 400 || a.status >= 500)) {
    return `a hostile request answered ${a.status}, not 4xx: ${a.body.slice(0, 200)}`;
  }
  if (!/^application\/json/i.test(a.contentType))
    return `answered ${a.status} as "${a.contentType}", not JSON`;
  if (req.method === 'HEAD') return null; // no body, by definition
  let body: unknown;
  try {
    body = JSON.parse(a.body);
  } catch {
    return `answered ${a.status} with a body that is not JSON: ${a.body.slice(0, 200)}`;
  }
  if (a.status < 400) return null;
  const { status, message } = (body ?? {}) as { status?: unknown; message?: unknown };
  if (status !== a.status || typeof message !== 'string') {
    return `answered ${a.status} without {status: ${a.status}, message}: ${a.body.slice(0, 200)}`;
  }
  return null;
}

/** The request in a form that can be read (and replayed) from a failure report. */
export function describeRequest(req: HostileRequest): string {
  const body =
    req.raw ??
    (req.body === undefined
      ? ''
      : typeof req.body === 'string'
        ? req.body
        : `<${req.body.length} bytes: ${Buffer.from(req.body).toString('base64').slice(0, 200)}>`);
  const shown = body.length > 600 ? `${body.slice(0, 600)}... (${body.length} chars)` : body;
  return `[${req.kind} -> node ${req.node}, expect ${req.expect}] ${req.method} ${req.path.slice(0, 300)} ${JSON.stringify(req.headers)} ${JSON.stringify(shown)}`;
}
