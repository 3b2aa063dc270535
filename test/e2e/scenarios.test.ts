// Every built-in scenario (issues 11 and 12: faults, backup/restore, admission, removal, key
// rotation), as a user runs them: `fedlab scenario all --engine
// rethinkdb` on the real RethinkDB cluster, each on its own fresh federation, then one on reqlite.
// A scenario passes only when its faults ran, every expectation held within its time limit and
// the invariants held, checked from the tables (an export) and every node's API; the JSON report
// is read back here and each of those facts asserted again, so a report that says "passed"
// without them fails this test.
import { access, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ScenarioReport } from '../../src/lab/scenario/index.js';
import { builtinScenarioNames } from '../../src/lab/scenario/index.js';
import { imageVersions, PROJECT_ROOT } from '../../src/shared/images.js';
import { DockerodeClient } from '../../src/lab/index.js';
import { describeCliRun, runCli } from '../support/cli-run.js';
import { requireLabImages } from '../support/lab-docker.js';
import { namedSteps } from '../support/named-steps.js';

const CLI = join(PROJECT_ROOT, 'dist', 'lab', 'cli', 'main.js');
const ALL_LIMIT_MS = 28 * 60_000;

describe('the built-in scenarios', () => {
  const { step, failed } = namedSteps();
  let dir: string;
  const transcripts: string[] = [];

  beforeAll(async () => {
    const images = imageVersions().images;
    await requireLabImages(new DockerodeClient(), [images.node, images.rethinkdb, images.reqlite]);
    await access(CLI).catch(() => {
      throw new Error(`${CLI} is missing; run npm run build`);
    });
    dir = await mkdtemp(join(tmpdir(), 'fedlab-scenarios-'));
  });
  afterAll(async () => {
    if (failed())
      process.stderr.write(`scenario transcripts (state kept in ${dir}):\n${transcripts.join('\n')}\n`);
    else await rm(dir, { recursive: true, force: true });
  });

  const run = async (args: string[], report: string) => {
    const r = await runCli(
      CLI,
      ['--state-dir', join(dir, '.fedlab'), 'scenario', ...args, '--report', report],
      {
        cwd: dir,
        timeoutMs: ALL_LIMIT_MS,
      },
    );
    transcripts.push(describeCliRun('fedlab', r));
    const file = JSON.parse(await readFile(report, 'utf8')) as { ok: boolean; reports: ScenarioReport[] };
    return { r, file };
  };

  const expectProven = (report: ScenarioReport) => {
    expect({ scenario: report.scenario, status: report.status, error: report.error }).toEqual({
      scenario: report.scenario,
      status: 'passed',
      error: undefined,
    });
    expect(report.steps.every((s) => s.ok)).toBe(true);
    expect(report.load.accepted).toBeGreaterThan(0);
    expect(report.invariants?.ok).toBe(true);
    expect(report.invariants?.checks.map((c) => c.name).sort()).toEqual(
      ['accepted-valid-once', 'no-double-spend', 'nodes-agree'].sort(),
    );
    // Each scenario is about a fault (or a backup): it must really have happened.
    const acted =
      report.faults.length > 0 || report.steps.some((s) => s.kind === 'restore' || s.kind === 'membership');
    expect(acted).toBe(true);
    process.stderr.write(
      `[scenario] ${report.scenario} (${report.engine}): ${report.load.accepted} accepted, ` +
        `${report.invariants?.counts.validBlocks ?? '?'} VALID blocks checked, faults ${report.faults.length}, ` +
        `max latency during faults ${report.recovery.maxLatencyDuringFaultMs ?? '-'} ms, ` +
        `p99 ${report.load.validAfterMs?.p99 ?? '-'} ms, ${Math.round(report.durationMs / 1000)} s\n`,
    );
  };

  step(
    'fedlab scenario all --engine rethinkdb: every built-in scenario passes on the real cluster',
    async () => {
      const { r, file } = await run(['all', '--engine', 'rethinkdb'], join(dir, 'all.json'));
      expect(file.reports.map((rep) => rep.scenario).sort()).toEqual((await builtinScenarioNames()).sort());
      for (const report of file.reports) expectProven(report);
      expect(file.ok).toBe(true);
      expect(r.exitCode).toBe(0);
    },
  );

  step('on reqlite, node-crash passes too (the scenarios that make sense there run there)', async () => {
    const { r, file } = await run(['node-crash', '--engine', 'reqlite'], join(dir, 'reqlite.json'));
    expect(file.reports).toHaveLength(1);
    expectProven(file.reports[0]!);
    expect(r.exitCode).toBe(0);
  });
});
