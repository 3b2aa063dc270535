// `fedlab demo` as a user runs it (the README's first command ends in it): three operators on the
// real cluster, a CREATE and a TRANSFER VALID everywhere, then act two: delta admitted by the
// members' ballots, voting, and a CREATE through it VALID on all four. Run twice: the second run
// finds delta a member already (up brings up the roster's four operators) and goes on.
import { access, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DockerodeClient } from '../../src/lab/index.js';
import { imageVersions, PROJECT_ROOT } from '../../src/shared/images.js';
import { describeCliRun, runCli, type CliRun } from '../support/cli-run.js';
import { requireLabImages } from '../support/lab-docker.js';
import { freePorts } from '../support/lab-fake-nodes.js';
import { namedSteps } from '../support/named-steps.js';

const CLI = join(PROJECT_ROOT, 'dist', 'lab', 'cli', 'main.js');

describe('fedlab demo, with its second act', () => {
  const { step, failed } = namedSteps();
  let dir: string;
  let basePort: number;
  const runs: CliRun[] = [];
  const fedlab = async (...args: string[]) => {
    const r = await runCli(CLI, ['--state-dir', join(dir, '.fedlab'), ...args], {
      cwd: dir,
      timeoutMs: 600_000,
    });
    runs.push(r);
    return r;
  };

  beforeAll(async () => {
    const images = imageVersions().images;
    await requireLabImages(new DockerodeClient(), [images.node, images.rethinkdb]);
    await access(CLI).catch(() => {
      throw new Error(`${CLI} is missing; run npm run build`);
    });
    dir = await mkdtemp(join(tmpdir(), 'fedlab-demo-'));
    // The founders take basePort..+2 and delta the next: a free port from the ephemeral range,
    // whose neighbours are almost always free too (up says clearly when one is not).
    [basePort] = (await freePorts(1)) as [number];
  });
  afterAll(async () => {
    if (failed()) process.stderr.write(runs.map((r) => describeCliRun('fedlab', r)).join('\n'));
    await fedlab('down', '--name', 'demo', '--volumes');
    if (!failed()) await rm(dir, { recursive: true, force: true });
  });

  step(
    'the demo admits delta by ballots; delta votes; a CREATE through delta is VALID on all four',
    async () => {
      const r = await fedlab('demo', '--base-port', String(basePort), '--engine', 'rethinkdb');
      expect(r.exitCode).toBe(0);
      expect(r.stdout).toMatch(/^TRANSFER [0-9a-f]{64} posted to beta: VALID on alpha, beta, gamma$/m);
      expect(r.stdout).toMatch(
        /^admit delta \(federation demo\): APPROVED under majority \(3 yes, 0 no, 0 silent of 3\)$/m,
      );
      for (const op of ['alpha', 'beta', 'gamma'])
        expect(r.stdout).toMatch(new RegExp(`^  ${op} +yes +\\w{32,}$`, 'm'));
      expect(r.stdout).toMatch(/^delta voted on block [0-9a-f]{64}/m);
      expect(r.stdout).toMatch(
        /^CREATE +[0-9a-f]{64} posted to delta: VALID on (?=.*alpha)(?=.*beta)(?=.*gamma)(?=.*delta)/m,
      );
    },
  );

  step(
    'run again: up brings up all four from the roster, delta is a member already, the demo goes on',
    async () => {
      const r = await fedlab('demo', '--base-port', String(basePort), '--engine', 'rethinkdb');
      expect(r.exitCode).toBe(0);
      expect(r.stdout + r.stderr).toMatch(/using roster\.json \(admitted: delta; removed: none\)/);
      expect(r.stdout).toMatch(/^delta is a member already/m);
      expect(r.stdout).toMatch(/^CREATE +[0-9a-f]{64} posted to delta: VALID on/m);
      const status = await fedlab('status', '--name', 'demo', '--check');
      expect(status.exitCode).toBe(0);
    },
  );
});
