import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runScenario, runScenarios } from '../../../../src/lab/scenario/runner.js';
import { parseScenario } from '../../../../src/lab/scenario/parse.js';
import type { ScenarioReport } from '../../../../src/lab/scenario/report-types.js';
import { renderScenarioReport, renderScenarioTotals } from '../../../../src/lab/scenario/summary.js';
import { FakeWorld } from './fake-world.js';

const CRASH = `
name: crash
seed: 7
steps:
  - load: { id: main, rate: 1, duration: 20s, background: true }
  - name: kill gamma
    after: 5s
    fault: { action: kill, operator: gamma }
  - wait: 8s
  - fault: { action: start, operator: gamma }
  - await: main
  - expect: { all-valid: true, within: 30s }
  - expect: { latency: 10s }
  - expect: { votes: { operator: gamma, blocks: all } }
  - expect: healthy
  - expect: invariants
`;

describe('scenario runner (fakes)', () => {
  let stateDir: string;
  let world: FakeWorld;
  beforeEach(async () => {
    stateDir = await mkdtemp(join(tmpdir(), 'fedlab-scenario-'));
    world = new FakeWorld(stateDir);
  });
  afterEach(() => rm(stateDir, { recursive: true, force: true }));

  const run = (text: string, options: Parameters<typeof runScenario>[2] = {}) =>
    runScenario(world.lab(), parseScenario(text, 'x.yaml'), { services: world.services(), ...options });

  it('brings a fresh federation up, runs the steps in order, reports, and downs it with its volumes', async () => {
    const report = await run(CRASH, { engine: 'rethinkdb' });
    expect(report).toMatchObject({
      scenario: 'crash',
      federation: 'sc-crash',
      engine: 'rethinkdb',
      seed: 7,
      status: 'passed',
      ok: true,
    });
    const calls = world.calls.filter((c) => !c.startsWith('status') && !c.startsWith('probe'));
    expect(calls).toEqual([
      'up sc-crash (rethinkdb)',
      'load 1/s 20000 ms seed 7',
      'fault kill gamma',
      'fault start gamma',
      'all-valid 20 on alpha,beta,gamma',
      'invariants sc-crash 20',
      'down sc-crash --volumes',
    ]);
    expect(report.steps.map((s) => [s.name, s.kind, s.ok])).toEqual([
      ['up', 'up', true],
      ['start load main: 1/s for 20s', 'load', true],
      ['kill gamma', 'fault', true],
      ['wait 8s', 'wait', true],
      ['start gamma', 'fault', true],
      ['await load main', 'await', true],
      ['expect all-valid within 30s', 'expect', true],
      ['expect latency under 10s during faults', 'expect', true],
      ['expect gamma votes on every block within 1m', 'expect', true],
      ['expect healthy within 1m', 'expect', true],
      ['expect invariants within 1m', 'expect', true],
    ]);
    // Timings on the scenario's clock: up took 20 s, the kill came 5 s after the load started.
    expect(report.steps[2]).toMatchObject({ startedAtMs: 25_000 });
    expect(report.faults.map((f) => [f.atMs, f.action, f.operator])).toEqual([
      [25_000, 'kill', 'gamma'],
      [33_000, 'start', 'gamma'],
    ]);
    expect(report.recovery).toMatchObject({
      windows: [{ operator: 'gamma', action: 'kill', fromMs: 25_000, toMs: 33_000 }],
      maxLatencyDuringFaultMs: 800,
      notSeenValid: 0,
    });
    expect(report.recovery.postedDuringFault).toBeGreaterThan(5);
    expect(report.load).toMatchObject({
      posted: 20,
      accepted: 20,
      rejected: 0,
      validAfterMs: { p50: 800, max: 800 },
    });
    expect(report.invariants?.ok).toBe(true);
    expect(world.bundles).toEqual([]);
    const saved = JSON.parse(await readFile(join(report.dir ?? '', 'report.json'), 'utf8')) as ScenarioReport;
    expect(saved.status).toBe('passed');
    expect(report.dir).toContain(join(stateDir, 'sc-crash', 'scenarios', 'crash-'));
  });

  it('posts to no operator while it is under a fault', async () => {
    await run(CRASH, { engine: 'rethinkdb' });
    const posted = world.loads[0]?.posted ?? [];
    const start = posted[0]?.postedAtMs ?? 0;
    const during = posted.filter((p) => p.postedAtMs - start > 5_000 && p.postedAtMs - start < 13_000);
    expect(during.length).toBeGreaterThan(5);
    expect(during.map((p) => p.operator)).not.toContain('gamma');
    expect(posted.map((p) => p.operator)).toContain('gamma');
  });

  it('a missed expectation fails the scenario: later steps do not run, a bundle is written, the federation still goes down', async () => {
    world.allValid = false;
    const report = await run(CRASH, { engine: 'rethinkdb' });
    expect(report.status).toBe('failed');
    expect(report.ok).toBe(false);
    expect(report.error).toMatch(
      /^expect all-valid within 30s: 1 of 20 accepted transactions not VALID on every live node \(alpha, beta, gamma\) within 30s: tx-7-0… on gamma \(backlog\)$/,
    );
    expect(report.steps.at(-1)).toMatchObject({ name: 'expect all-valid within 30s', ok: false });
    expect(report.steps).toHaveLength(7);
    expect(world.bundles).toEqual([
      expect.objectContaining({
        dir: report.dir,
        federation: 'sc-crash',
        operators: ['alpha', 'beta', 'gamma'],
      }),
    ]);
    expect(report.bundle).toBe(report.dir);
    expect(world.calls.at(-1)).toBe('down sc-crash --volumes');
    expect(renderScenarioReport(report)).toContain('FAILED expect all-valid within 30s');
  });

  it('latency: a transaction posted during a fault and VALID later than the limit fails it', async () => {
    world.latencyMs = 12_000;
    const report = await run(CRASH, { engine: 'rethinkdb' });
    expect(report.status).toBe('failed');
    expect(report.error).toMatch(
      /^expect latency under 10s during faults: \d+ of \d+ transactions posted during a fault were not VALID within 10s \(slowest first; times from each one's POST\):\n {4}tx-7-\d+ \(create\) via alpha \(posted \d\.\d s into kill gamma\): answered \+\d\.\d s; in no block; VALID \+12\.0 s/,
    );
    // The report keeps the slowest, explained, even beyond what the message shows.
    expect(report.recovery.slowest?.[0]).toMatchObject({ via: 'alpha', validAfterMs: 12_000 });
    // The summary prints the slow transactions once (with the error), not again in the step table.
    const summary = renderScenarioReport(report);
    expect(summary.split('\n').filter((l) => l.includes('tx-7-6 (create) via alpha'))).toHaveLength(1);
  });

  it('is skipped, not failed, on an engine it does not list; nothing is brought up', async () => {
    const report = await run(`name: only-rdb\nengines: [rethinkdb]\nsteps: [{ wait: 1s }]`, {
      engine: 'reqlite',
    });
    expect(report).toMatchObject({
      status: 'skipped',
      ok: true,
      skipped: 'makes sense on rethinkdb only; the engine in use is reqlite',
    });
    expect(world.calls).toEqual([]);
  });

  it('--keep leaves the fresh federation running; --federation runs on a running one without up or down', async () => {
    await run(`name: k\nsteps: [{ wait: 1s }]`, { engine: 'reqlite', keep: true });
    expect(world.calls.filter((c) => c.startsWith('down'))).toEqual([]);
    world.calls.length = 0;
    const report = await run(`name: k\nsteps: [{ fault: { action: pause, operator: beta, target: node } }]`, {
      federation: 'demo',
    });
    expect(report).toMatchObject({ federation: 'demo', engine: 'rethinkdb', status: 'passed' });
    expect(world.calls).toEqual(['status demo', 'fault pause beta --target node']);
  });

  it('restore fresh: down --volumes, up the same federation, restore the last backup', async () => {
    const report = await run(
      `name: br\nsteps:\n  - load: { rate: 1, duration: 3s }\n  - backup: {}\n  - restore: { fresh: true }\n  - expect: all-valid`,
      { engine: 'reqlite' },
    );
    expect(report.status).toBe('passed');
    const backup = join(report.dir ?? '', 'backup-1.json');
    expect(world.calls.filter((c) => !c.startsWith('load'))).toEqual([
      'up sc-br (reqlite)',
      'backup sc-br',
      'down sc-br --volumes',
      'up sc-br (reqlite)',
      `restore sc-br ${backup}`,
      'all-valid 3 on alpha,beta,gamma',
      'down sc-br --volumes',
    ]);
  });

  it('a failing fault fails its step with the lab’s error', async () => {
    const lab = world.lab();
    lab.fault = async () => {
      throw new Error('partition needs engine rethinkdb');
    };
    const report = await runScenario(
      lab,
      parseScenario(
        `name: f\nengines: [rethinkdb]\nsteps: [{ fault: { action: partition, operator: gamma } }, { wait: 1s }]`,
      ),
      { services: world.services(), engine: 'rethinkdb' },
    );
    expect(report.steps.map((s) => [s.name, s.ok, s.detail])).toEqual([
      ['up', true, 'rethinkdb federation sc-f ready after 20.0 s'],
      ['partition gamma', false, 'partition needs engine rethinkdb'],
    ]);
    expect(world.bundles).toHaveLength(1);
  });

  it('runScenarios runs each in turn, ok unless one failed, and writes one report file', async () => {
    const file = join(stateDir, 'all.json');
    const result = await runScenarios(
      world.lab(),
      [
        parseScenario(`name: a\nsteps: [{ wait: 1s }]`),
        parseScenario(`name: b\nengines: [rethinkdb]\nsteps: [{ wait: 1s }]`),
      ],
      { services: world.services(), engine: 'reqlite', reportFile: file },
    );
    expect(result.ok).toBe(true);
    expect(result.reports.map((r) => r.status)).toEqual(['passed', 'skipped']);
    const saved = JSON.parse(await readFile(file, 'utf8')) as { ok: boolean; reports: ScenarioReport[] };
    expect(saved.reports.map((r) => r.scenario)).toEqual(['a', 'b']);
    expect(renderScenarioTotals(result.reports)).toMatch(
      /^scenarios: 1 passed, 0 failed, 1 skipped\n {2}PASSED {2}a/,
    );
    expect(await readdir(join(stateDir, 'sc-a', 'scenarios'))).toHaveLength(1);
  });

  const ADMISSION = `
name: admission
seed: 3
steps:
  - membership: { action: admit, operator: delta }
  - expect: { epoch: 1 }
  - name: a rejected admission changes nothing
    membership: { action: admit, operator: epsilon, reject-by: [alpha, beta], outcome: rejected }
  - expect: { epoch: 1, within: 5s }
`;

  it('membership steps go through the lab with the ballots asked for, and epoch checks history', async () => {
    const report = await run(ADMISSION, { engine: 'rethinkdb' });
    expect(report.status).toBe('passed');
    expect(world.calls.filter((c) => /^(admit|remove|rotate)/.test(c))).toEqual([
      'admit delta',
      'admit epsilon reject-by alpha,beta',
    ]);
    expect(report.steps.map((s) => s.detail)).toContainEqual(
      expect.stringMatching(/^approved under majority/),
    );
  });

  it('an outcome other than the one asked for fails the step; a changed decided block fails epoch', async () => {
    const wrong = ADMISSION.replace('operator: delta }', 'operator: delta, reject-by: [alpha, beta] }');
    const failed = await run(wrong, { engine: 'rethinkdb' });
    expect(failed.error).toMatch(
      /admit delta was rejected, not approved \(votes: alpha no, beta no, gamma yes\)/,
    );
    world = new FakeWorld(stateDir);
    const original = world.services();
    let calls = 0;
    const rewritten = await runScenario(world.lab(), parseScenario(ADMISSION, 'x.yaml'), {
      // Decided VALID before the change, INVALID after: what a flat election would do to history.
      services: {
        ...original,
        decidedStatuses: async () =>
          new Map([['b1', calls++ === 0 ? ('valid' as const) : ('invalid' as const)]]),
      },
      engine: 'rethinkdb',
    });
    expect(rewritten.error).toMatch(
      /1 of 1 blocks decided before the membership change have another status now/,
    );
  });
});
