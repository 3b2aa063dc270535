// scripts/install-docker.sh on a fresh Debian bookworm (a privileged container made from the
// local debootstrap image; see startPrivilegedContainer): it installs a Docker engine with Compose v2 that really runs a compose
// service with a healthcheck, adds only new packages (nothing upgraded or removed, no apt source,
// pin or list left behind, no temporary directory left), and a second run changes nothing.
// The apt downloads go to the Debian mirror named in the image's own sources.list; the compose
// service's image is loaded from this machine (`docker save | docker load`): no registry.
import { join } from 'node:path';
import { execa } from 'execa';
import { imageVersions, PROJECT_ROOT } from '../../../src/shared/images.js';

const IMAGE = imageVersions().debian.localImage;
// The script sources scripts/lib/apt-guard.sh: the whole scripts folder goes into the container.
const SCRIPTS = join(PROJECT_ROOT, 'scripts');
const CONTAINER = `fedlab-it-install-docker-${process.pid}-${Date.now().toString(36)}`;
const INSTALL_TIMEOUT_MS = 15 * 60_000; // apt update + download + install inside: minutes

interface Run {
  stdout: string;
  stderr: string;
  ms: number;
}

/** Runs `docker ARGS` on this machine's engine; throws with the whole output unless it exits 0. */
async function docker(args: string[], options: { input?: string; timeoutMs?: number } = {}): Promise<Run> {
  const started = performance.now();
  const r = await execa('docker', args, {
    reject: false,
    timeout: options.timeoutMs ?? 120_000,
    ...(options.input === undefined ? { stdin: 'ignore' as const } : { input: options.input }),
  });
  if (r.exitCode !== 0)
    throw new Error(
      `\`docker ${args.join(' ')}\` exited ${String(r.exitCode)}${r.timedOut ? ' (timed out)' : ''}\n` +
        `[stdout]\n${r.stdout}\n[stderr]\n${r.stderr}`,
    );
  return { stdout: r.stdout, stderr: r.stderr, ms: performance.now() - started };
}

/** Runs a program inside the test container (argv, no shell). */
const inside = (
  argv: string[],
  options: { env?: Record<string, string>; input?: string; timeoutMs?: number } = {},
) =>
  docker(
    [
      'exec',
      ...(options.input === undefined ? [] : ['-i']),
      ...Object.entries(options.env ?? {}).flatMap(([k, v]) => ['-e', `${k}=${v}`]),
      CONTAINER,
      ...argv,
    ],
    options,
  );

/** Installed packages inside: name (with arch when multi-arch) -> version. */
async function packages(): Promise<Map<string, string>> {
  const { stdout } = await inside(['dpkg-query', '-W', '-f=${binary:Package}\t${Version}\n']);
  return new Map(
    stdout
      .split('\n')
      .filter(Boolean)
      .map((l) => l.split('\t') as [string, string]),
  );
}

/** Every entry under /etc/apt with the checksum of each regular file: any source, pin or list. */
async function aptConfig(): Promise<string[]> {
  const { stdout } = await inside(['find', '/etc/apt', '-mindepth', '1', '-printf', '%y %p\n']);
  const sums = await inside(['find', '/etc/apt', '-type', 'f', '-exec', 'sha256sum', '{}', '+']);
  return [...stdout.split('\n'), ...sums.stdout.split('\n')].filter(Boolean).sort();
}

const COMMON_RUN_ARGS = [
  '--detach',
  '--name',
  CONTAINER,
  '--label',
  'fedlab.test=install-docker',
  // dockerd's data inside: on a tmpfs (exec: its containers run from it) that dies with the container
  '--tmpfs',
  '/var/lib/docker:rw,exec,size=8g',
];

/**
 * Starts the test container with what dockerd inside needs: --privileged. An engine that itself
 * lacks a capability cannot start a --privileged container ("unable to apply caps": this machine's
 * engine runs without CAP_SYS_RESOURCE); then the container gets what --privileged gives, minus
 * that capability: every other capability, no seccomp/AppArmor confinement, unmasked /proc, and
 * writable cgroup mounts (remounted inside), so that dockerd inside can create its containers.
 * Returns how it was started, for the test output.
 */
async function startPrivilegedContainer(): Promise<string> {
  try {
    await docker(['run', ...COMMON_RUN_ARGS, '--privileged', IMAGE, 'sleep', 'infinity']);
    return '--privileged';
  } catch (e) {
    if (!String(e).includes('unable to apply caps')) throw e;
  }
  await docker(['rm', '--force', CONTAINER]); // created, but never started
  const flags = [
    ...['--cap-add', 'ALL', '--cap-drop', 'SYS_RESOURCE'],
    ...['--security-opt', 'seccomp=unconfined', '--security-opt', 'apparmor=unconfined'],
    ...['--security-opt', 'systempaths=unconfined'],
  ];
  await docker(['run', ...COMMON_RUN_ARGS, ...flags, IMAGE, 'sleep', 'infinity']);
  const cgroups = await inside([
    'findmnt',
    '--raw',
    '--noheadings',
    '--types',
    'cgroup,cgroup2',
    '--output',
    'TARGET',
  ]);
  for (const target of cgroups.stdout.split('\n').filter(Boolean))
    await inside(['mount', '-o', 'remount,bind,rw', target]);
  return `${flags.join(' ')} (this engine cannot grant --privileged), cgroups remounted read-write`;
}

const seconds = (ms: number): string => `${(ms / 1000).toFixed(1)} s`;

/**
 * One service that becomes healthy once it has started. Engine 20.10 knows interval, retries and
 * start_period (start_interval needs engine 25); `pull_policy: never` because no registry exists.
 * The shell traps TERM so that `down` stops it at once instead of after the 10 s grace period.
 */
const probeCompose = (image: string): string => `name: fedlab-install-probe
services:
  probe:
    image: ${image}
    pull_policy: never
    command: ["sh", "-c", "trap 'exit 0' TERM; touch /tmp/ready; while sleep 1; do :; done"]
    healthcheck:
      test: ["CMD", "test", "-f", "/tmp/ready"]
      interval: 1s
      retries: 30
      start_period: 10s
`;

describe('scripts/install-docker.sh on a fresh Debian bookworm', () => {
  let before: Map<string, string>;
  let after: Map<string, string>;
  let aptBefore: string[];
  let privilege: string;

  beforeAll(async () => {
    try {
      await docker(['version', '--format', '{{.Server.Version}}'], { timeoutMs: 20_000 });
    } catch (e) {
      throw new Error(
        `this test needs a Docker engine, and none answers; run ./scripts/setup.sh\n${String(e)}`,
      );
    }
    try {
      await docker(['image', 'inspect', IMAGE], { timeoutMs: 20_000 });
    } catch {
      throw new Error(
        `this test needs the local Debian image ${IMAGE}, which is missing; run ./scripts/setup.sh`,
      );
    }
    privilege = await startPrivilegedContainer();
    await docker(['cp', SCRIPTS, `${CONTAINER}:/root/scripts`]);
  });

  afterAll(async () => {
    await execa('docker', ['rm', '--force', '--volumes', CONTAINER], { reject: false, stdin: 'ignore' });
  });

  it(
    'installs docker.io, docker-compose and docker-buildx as new packages only',
    async () => {
      before = await packages();
      aptBefore = await aptConfig();
      const run = await inside(['bash', '/root/scripts/install-docker.sh'], {
        env: { FEDLAB_DOCKERD_ARGS: '--storage-driver=vfs' },
        timeoutMs: INSTALL_TIMEOUT_MS,
      });
      after = await packages();
      const added = [...after.keys()].filter((p) => !before.has(p));
      console.log(
        `install-docker.sh in a fresh bookworm container: ${before.size} packages before, ${after.size} after ` +
          `(${added.length} new: ${added.join(' ')}); install took ${seconds(run.ms)}\n` +
          `[container] ${privilege}\n` +
          `[script output]\n${run.stdout}\n${run.stderr}`,
      );

      const changed = [...before]
        .filter(([p, v]) => after.get(p) !== v)
        .map(([p, v]) => `${p} ${v} -> ${after.get(p) ?? 'removed'}`);
      expect(changed).toEqual([]);
      expect(added).toEqual(expect.arrayContaining(['docker.io', 'docker-compose', 'docker-buildx']));
      expect(await aptConfig()).toEqual(aptBefore);
      const { stdout: leftovers } = await inside(['find', '/tmp', '-maxdepth', '1', '-name', 'fedlab-*']);
      expect(leftovers).toBe('');
      expect(run.stdout).toMatch(/docker engine 20\.10\.\S+ answers; compose 2\./);
      expect((await inside(['docker', 'compose', 'version'])).stdout).toMatch(
        /^Docker Compose version v?2\./,
      );
    },
    INSTALL_TIMEOUT_MS + 60_000,
  );

  it('runs a compose service with a healthcheck up to healthy, from a locally loaded image, and down', async () => {
    // No registry: the service's image comes from this machine's engine.
    const started = performance.now();
    // buffer: false, or execa would also keep the ~200 MB stream and stop `docker save` at maxBuffer.
    const save = execa('docker', ['save', IMAGE], { stdin: 'ignore', buffer: false, reject: false });
    const load = await save.pipe('docker', ['exec', '-i', CONTAINER, 'docker', 'load'], { reject: false });
    const saved = load.pipedFrom[0];
    if (load.failed || saved?.failed)
      throw new Error(
        `docker save ${IMAGE} | docker load inside failed:\n${saved?.message ?? ''}\n${load.stderr}`,
      );
    const loadMs = performance.now() - started;

    await inside(['mkdir', '-p', '/root/probe']);
    await inside(['tee', '/root/probe/compose.yaml'], { input: probeCompose(IMAGE) });
    const compose = [
      'docker',
      'compose',
      '--project-directory',
      '/root/probe',
      '-f',
      '/root/probe/compose.yaml',
    ];
    const up = await inside([...compose, 'up', '--detach', '--wait', '--wait-timeout', '120'], {
      timeoutMs: 180_000,
    });
    const id = (await inside([...compose, 'ps', '--quiet', 'probe'])).stdout.trim();
    const health = await inside(['docker', 'inspect', '--format', '{{.State.Health.Status}}', id]);
    expect(health.stdout).toBe('healthy');
    const down = await inside([...compose, 'down'], { timeoutMs: 60_000 });
    expect((await inside(['docker', 'ps', '--all', '--quiet'])).stdout).toBe('');
    console.log(
      `inside: docker load ${seconds(loadMs)}, compose up --wait ${seconds(up.ms)}, down ${seconds(down.ms)}`,
    );
  });

  it('says the engine already answers on a second run, and changes nothing', async () => {
    const run = await inside(['bash', '/root/scripts/install-docker.sh'], { timeoutMs: 60_000 });
    expect(run.stdout).toMatch(/docker engine already answers \(20\.10\.\S+\); using it/);
    expect(await packages()).toEqual(after);
    expect(await aptConfig()).toEqual(aptBefore);
    console.log(`install-docker.sh second run: ${seconds(run.ms)}`);
  });
});
