import { ConfigError } from '../../../../src/shared/errors.js';
import {
  builtinScenarioNames,
  builtinScenarios,
  resolveScenarios,
} from '../../../../src/lab/scenario/builtin.js';
import { parseDurationMs } from '../../../../src/lab/scenario/duration.js';
import { parseScenario } from '../../../../src/lab/scenario/parse.js';

const FILE = 'sc.yaml';
function problemsOf(text: string): string[] {
  try {
    parseScenario(text, FILE);
  } catch (error) {
    if (error instanceof ConfigError) return [...error.problems];
    throw error;
  }
  throw new Error('expected the scenario to be refused');
}
const lines = (...l: string[]) => l.join('\n');

describe('scenario files', () => {
  it('parses every step kind, with defaults and derived names', () => {
    const s = parseScenario(
      lines(
        'name: demo',
        'steps:',
        '  - load: { id: main, rate: 10, duration: 20s, background: true, mix: { divisible: 1, threshold: 2 } }',
        '  - after: 500ms',
        '    fault: { action: kill, operator: gamma, target: node }',
        '  - wait: 2m',
        '  - await: main',
        '  - expect: all-valid',
        '  - expect: { votes: gamma, within: 30s }',
        '  - expect: { latency: 10s }',
        '  - backup:',
        '  - name: back again',
        '    restore: { fresh: true }',
      ),
      FILE,
    );
    expect(s).toMatchObject({ name: 'demo', seed: 1, engines: ['rethinkdb', 'reqlite'], description: '' });
    expect(s.federation.operators.map((o) => o.name)).toEqual(['alpha', 'beta', 'gamma']);
    expect(s.steps.map((x) => x.name)).toEqual([
      'start load main: 10/s for 20s',
      'kill gamma (node)',
      'wait 2m',
      'await load main',
      'expect all-valid within 1m',
      'expect gamma votes within 30s',
      'expect latency under 10s during faults',
      'backup',
      'back again',
    ]);
    expect(s.steps[0]).toMatchObject({
      kind: 'load',
      load: {
        id: 'main',
        rate: 10,
        durationMs: 20_000,
        background: true,
        mix: { divisible: 1, threshold: 2 },
      },
    });
    expect(s.steps[1]).toMatchObject({
      kind: 'fault',
      afterMs: 500,
      fault: { action: 'kill', target: 'node' },
    });
    expect(s.steps[5]).toMatchObject({
      expect: { kind: 'votes', operator: 'gamma', blocks: 'new', withinMs: 30_000 },
    });
    expect(s.steps[6]).toMatchObject({ expect: { kind: 'latency', maxMs: 10_000 } });
    expect(s.steps[8]).toMatchObject({ kind: 'restore', restore: { fresh: true } });
  });

  it('reads durations in ms, s and m', () => {
    expect([
      parseDurationMs('500ms'),
      parseDurationMs('1.5s'),
      parseDurationMs('2m'),
      parseDurationMs('5'),
    ]).toEqual([500, 1500, 120_000, undefined]);
  });

  it('reports a wrong key, a bad duration and an unknown fault action with their lines', () => {
    const problems = problemsOf(
      lines(
        'name: bad',
        'steps:',
        '  - load: { rate: 10, duration: 20 }',
        '  - wait: soon',
        '  - fault: { action: explode, operator: gamma }',
        '  - expect: { healthy: true, whithin: 5s }',
        'colour: blue',
      ),
    );
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.stringMatching(
          /^steps\.0\.load\.duration: must be a duration like "500ms", "5s" or "2m" \(sc\.yaml:3\)$/,
        ),
        expect.stringMatching(/^steps\.1\.wait: must be a duration.*\(sc\.yaml:4\)$/),
        expect.stringMatching(/^steps\.2\.fault\.action: .*"kill".*\(sc\.yaml:5\)$/),
        expect.stringMatching(/^steps\.3\.expect: Unrecognized key.*whithin.*\(sc\.yaml:6\)$/),
        expect.stringMatching(/^\(root\): Unrecognized key.*colour.*\(sc\.yaml:7\)$/),
      ]),
    );
  });

  it('refuses an await of an unknown load, and an expectation before any load finished', () => {
    expect(
      problemsOf(
        lines(
          'name: bad',
          'steps:',
          '  - expect: all-valid',
          '  - load: { id: bg, rate: 5, duration: 5s, background: true }',
          '  - await: other',
          '  - expect: { latency: 10s }',
        ),
      ),
    ).toEqual([
      'steps.0.expect: all-valid needs a finished load before it: a load step, or an await of a background load (sc.yaml:3)',
      'steps.2.await: no background load "other" to await (background loads started before it: bg) (sc.yaml:5)',
      'steps.3.expect: latency needs a finished load before it: a load step, or an await of a background load (sc.yaml:6)',
    ]);
  });

  it('refuses a step with two kinds or none, unknown operators, duplicate ids and reqlite-only problems', () => {
    const problems = problemsOf(
      lines(
        'name: bad',
        'steps:',
        '  - load: { id: a, rate: 5, duration: 5s, operators: [alpha, delta] }',
        '  - load: { id: a, rate: 5, duration: 5s }',
        '  - fault: { action: partition, operator: gamma }',
        '  - fault: { action: kill, operator: omega }',
        '  - restore: {}',
        '  - load: { rate: 5, duration: 5s, background: true }',
        '  - { wait: 1s, backup: {} }',
        '  - name: nothing',
      ),
    );
    expect(problems).toEqual(
      expect.arrayContaining([
        'steps.5.load.background: a background load needs an id, so that a later step can `await` it (sc.yaml:8)',
        'steps.6: has wait and backup; a step does one thing (sc.yaml:9)',
        expect.stringMatching(
          /^steps\.7: needs one of: load, await, fault, wait, backup, restore, membership, expect \(sc\.yaml:10\)$/,
        ),
      ]),
    );
    // Cross-step checks run once every step is valid on its own.
    expect(
      problemsOf(
        lines(
          'name: bad',
          'steps:',
          '  - load: { id: a, rate: 5, duration: 5s, operators: [alpha, delta] }',
          '  - load: { id: a, rate: 5, duration: 5s }',
          '  - fault: { action: partition, operator: gamma }',
          '  - fault: { action: kill, operator: omega }',
          '  - restore: {}',
        ),
      ),
    ).toEqual([
      'steps.0.load.operators.1: no operator "delta" in the federation (alpha, beta, gamma) (sc.yaml:3)',
      'steps.1.load.id: duplicate load id "a" (sc.yaml:4)',
      'steps.2.fault.action: partition needs engine rethinkdb (reqlite is one shared server); set engines: [rethinkdb] (sc.yaml:5)',
      'steps.3.fault.operator: no operator "omega" in the federation (alpha, beta, gamma) (sc.yaml:6)',
      'steps.4.restore: needs a backup step before it, or a file (sc.yaml:7)',
    ]);
  });

  it('refuses a within on latency, and all-valid of a load that has not finished', () => {
    expect(
      problemsOf(
        lines(
          'name: bad',
          'steps:',
          '  - load: { id: bg, rate: 5, duration: 5s, background: true }',
          '  - load: { rate: 5, duration: 5s }',
          '  - expect: { all-valid: { loads: [bg] } }',
          '  - expect: { latency: 10s, within: 5s }',
        ),
      ),
    ).toEqual([
      'steps.3.expect.within: latency takes no within: its max is the limit (sc.yaml:6)',
      'steps.2.expect.all-valid.loads.0: no load "bg" has finished before this step (sc.yaml:5)',
    ]);
  });

  it('validates the federation like a federation file', () => {
    expect(
      problemsOf(
        lines('name: bad', 'federation:', '  operators: [{ name: Alpha }]', 'steps: [{ wait: 1s }]'),
      ),
    ).toEqual([expect.stringMatching(/^federation\.operators\.0\.name: must be DNS-safe.*\(sc\.yaml:3\)$/)]);
  });

  it('reports YAML syntax errors with their line', () => {
    expect(problemsOf('name: x\nsteps: [\n')[0]).toMatch(/^\(yaml\): .*\(sc\.yaml:\d+\)$/);
  });
});

describe('built-in scenarios', () => {
  it('are the six of issue 11, the three of issue 12 and the one of issue 16, and each parses', async () => {
    expect(await builtinScenarioNames()).toEqual([
      'admission',
      'backup-restore',
      'database-server-loss',
      'membership-under-load',
      'node-crash',
      'node-pause',
      'partition',
      'removal',
      'rotate-key',
      'stale',
    ]);
    const all = await builtinScenarios();
    for (const s of all) expect(s.description).not.toBe('');
    const rethinkdbOnly = all.filter((s) => !s.engines.includes('reqlite')).map((s) => s.name);
    expect(rethinkdbOnly.sort()).toEqual([
      'admission',
      'database-server-loss',
      'membership-under-load',
      'partition',
      'removal',
      'rotate-key',
    ]);
  });

  it('stay short enough for CI: loads of at most 25 s (40 s across a membership change)', async () => {
    for (const s of await builtinScenarios()) {
      const limit = s.steps.some((step) => step.kind === 'membership') ? 40_000 : 25_000;
      for (const step of s.steps)
        if (step.kind === 'load') expect(step.load.durationMs).toBeLessThanOrEqual(limit);
    }
  });

  it('resolve by name, all, or a file; an unknown name lists the built-ins', async () => {
    expect((await resolveScenarios('stale')).map((s) => s.name)).toEqual(['stale']);
    expect(await resolveScenarios('all')).toHaveLength(10);
    await expect(resolveScenarios('nope')).rejects.toThrow(
      'no built-in scenario "nope"; built-ins: admission, backup-restore, database-server-loss, membership-under-load, node-crash, node-pause, partition, removal, rotate-key, stale',
    );
  });
});
