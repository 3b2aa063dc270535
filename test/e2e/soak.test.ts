// The short soak in the test command (issue 16): `fedlab soak --duration 2m` as a user runs it, on
// the real RethinkDB cluster: load throughout, kill, pause, partition and database server loss in
// turn, an admission and a removal; the soak passes only when every accepted transaction is VALID
// exactly once (checked from the tables) and no node's memory grew. The JSON report is read back
// and those facts asserted again, so a report that says "ok" without them fails here.
import { access, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { SoakReport } from '../../src/lab/soak/run-soak.js';
import { imageVersions, PROJECT_ROOT } from '../../src/shared/images.js';
import { DockerodeClient } from '../../src/lab/index.js';
import { describeCliRun, runCli } from '../support/cli-run.js';
import { requireLabImages } from '../support/lab-docker.js';

const CLI = join(PROJECT_ROOT, 'dist', 'lab', 'cli', 'main.js');

describe('the short soak', () => {
  let dir: string;

  beforeAll(async () => {
    const images = imageVersions().images;
    await requireLabImages(new DockerodeClient(), [images.node, images.rethinkdb]);
    await access(CLI);
    dir = await mkdtemp(join(tmpdir(), 'fedlab-soak-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it(
    '2 minutes of load with the four faults, an admission and a removal: nothing lost, nothing twice, memory flat',
    async () => {
      const file = join(dir, 'soak.json');
      const r = await runCli(
        CLI,
        ['--state-dir', join(dir, '.fedlab'), 'soak', '--duration', '2m', '--rate', '15', '--report', file],
        { cwd: dir, timeoutMs: 12 * 60_000 },
      );
      const transcript = describeCliRun('fedlab soak', r);
      const soak = JSON.parse(await readFile(file, 'utf8')) as SoakReport;
      if (!soak.ok || r.exitCode !== 0) process.stderr.write(`${transcript}\n`);
      expect({ code: r.exitCode, ok: soak.ok, error: soak.scenario.error }).toEqual({
        code: 0,
        ok: true,
        error: undefined,
      });
      const faults = soak.scenario.faults.map((f) => f.action);
      for (const action of ['kill', 'pause', 'partition', 'stop']) expect(faults).toContain(action);
      const changes = soak.scenario.steps.filter((s) => s.kind === 'membership');
      expect(changes.map((s) => s.ok)).toEqual([true, true]);
      expect(soak.scenario.load.accepted).toBeGreaterThan(500);
      const inv = soak.scenario.invariants;
      expect(inv?.ok).toBe(true);
      expect(inv?.checks.length).toBeGreaterThan(0);
      expect(soak.memory.map((m) => m.operator)).toEqual(expect.arrayContaining(['alpha', 'beta', 'gamma']));
      for (const m of soak.memory) expect(m.grew).toBe(false);
      expect(r.stdout).toMatch(/memory of each node/);
    },
    13 * 60_000,
  );
});
