import { createLogger } from '../../../src/shared/log.js';

describe('createLogger (pino underneath)', () => {
  const capture = (level: 'debug' | 'info' = 'info') => {
    const lines: string[] = [];
    const log = createLogger({ level, fields: { node: 'KEY' }, sink: (l) => lines.push(l) });
    return { log, lines, records: () => lines.map((l) => JSON.parse(l) as Record<string, unknown>) };
  };

  it('writes one JSON line per event: level name, ISO time, base fields, event; no pid/hostname', () => {
    const { log, lines, records } = capture();
    log.info('started', { port: 9984 });
    expect(lines).toHaveLength(1);
    expect(lines[0]).not.toContain('\n');
    const [rec] = records();
    expect(rec).toEqual({
      level: 'info',
      time: expect.any(String),
      node: 'KEY',
      port: 9984,
      event: 'started',
    });
    expect(new Date(rec?.time as string).toISOString()).toBe(rec?.time);
  });

  it('children add fields; every level is honoured', () => {
    const { log, records } = capture('debug');
    const child = log.child({ stage: 'vote' }).child({ round: 2 });
    child.debug('d');
    child.error('e', { problem: new Error('boom') });
    expect(records()).toEqual([
      expect.objectContaining({ level: 'debug', event: 'd', node: 'KEY', stage: 'vote', round: 2 }),
      expect.objectContaining({ level: 'error', event: 'e', problem: 'boom' }),
    ]);
  });

  it("a child's field replaces the parent's of the same name (written once)", () => {
    const { log, lines } = capture();
    log.child({ node: 'OTHER' }).info('x');
    expect(lines[0]?.match(/"node":/g)).toHaveLength(1);
    expect(JSON.parse(lines[0] ?? '{}')).toMatchObject({ node: 'OTHER' });
  });

  it('silent level writes nothing', () => {
    const lines: string[] = [];
    createLogger({ level: 'silent', sink: (l) => lines.push(l) }).error('x');
    expect(lines).toEqual([]);
  });
});
