import {
  ConfigError,
  CommandFailedError,
  FedlabError,
  TimeoutError,
  describeError,
} from '../../../src/shared/errors.js';
import { createLogger } from '../../../src/shared/log.js';

describe('errors', () => {
  it('carries a stable code, the values involved and the cause', () => {
    const cause = new Error('boom');
    const e = new FedlabError('SOMETHING_BAD', 'it broke', { details: { port: 9984 }, cause });
    expect(e.code).toBe('SOMETHING_BAD');
    expect(e.details).toEqual({ port: 9984 });
    expect(e.cause).toBe(cause);
    expect(e.toJSON()).toEqual({ code: 'SOMETHING_BAD', message: 'it broke', details: { port: 9984 } });
    expect(e).toBeInstanceOf(Error);
    expect(e.name).toBe('FedlabError');
  });

  it('lists every config problem as path: message', () => {
    const e = new ConfigError('federation.yaml', ['operators.0.name: required', 'replicas: must be >= 1']);
    expect(e.code).toBe('CONFIG_INVALID');
    expect(e.message).toContain('federation.yaml is invalid');
    expect(e.message).toContain('operators.0.name: required');
    expect(e.problems).toHaveLength(2);
    expect(e.name).toBe('ConfigError');
  });

  it('quotes the failed command, its exit code and stderr', () => {
    const e = new CommandFailedError(['docker', 'compose', 'up'], 1, 'no such image');
    expect(e.message).toBe('`docker compose up` failed with exit code 1:\nno such image');
    expect(new TimeoutError('the API', 500, 'ECONNREFUSED').message).toBe(
      'timed out after 500 ms waiting for the API (last problem: ECONNREFUSED)',
    );
    expect(describeError('x')).toBe('x');
  });
});

describe('logger', () => {
  it('writes one JSON line per event with the base fields, honouring the level', () => {
    const lines: string[] = [];
    const log = createLogger({ level: 'info', fields: { node: 'KEY' }, sink: (l) => lines.push(l) });
    log.debug('hidden');
    log.child({ stage: 'vote' }).warn('slow', { ms: 12, err: new Error('late') });
    expect(lines).toHaveLength(1);
    const rec = JSON.parse(lines[0] ?? '{}');
    expect(rec).toMatchObject({
      level: 'warn',
      event: 'slow',
      node: 'KEY',
      stage: 'vote',
      ms: 12,
      err: 'late',
    });
  });
});
