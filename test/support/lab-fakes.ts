// Small hand-written fakes of the lab's outside systems (no module mocking).
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { generateKeypair } from '../../src/shared/crypto/index.js';
import type {
  EnsureNetworkOptions,
  ContainerAction,
  ContainerInfo,
  ControlResult,
  DockerClient,
  LogOptions,
  LogSink,
  NetworkInfo,
  RunOnceResult,
  RunOnceSpec,
} from '../../src/lab/docker/docker-client.js';
import type {
  ComposeProject,
  ComposeRunner,
  ComposeRunOptions,
} from '../../src/lab/docker/compose-runner.js';
import type { DatabaseProbe } from '../../src/lab/up/database-probe.js';
import type { CommandResult } from '../../src/lab/process/run-command.js';
import { CommandFailedError } from '../../src/shared/errors.js';

const matches = (labels: Readonly<Record<string, string>>, wanted: Readonly<Record<string, string>>) =>
  Object.entries(wanted).every(([k, v]) => labels[k] === v);

export class FakeDocker implements DockerClient {
  endpoint = 'unix:///fake/docker.sock';
  images = new Set<string>();
  containers: ContainerInfo[] = [];
  networks: (NetworkInfo & { labels: Record<string, string> })[] = [];
  volumes: { name: string; labels: Record<string, string> }[] = [];
  /** Container id -> the volumes it mounts (Docker refuses to remove a volume in use). */
  mounts = new Map<string, string[]>();
  logs = new Map<string, string>();
  runs: RunOnceSpec[] = [];
  calls: string[] = [];

  async ping(): Promise<void> {}
  async imageExists(ref: string): Promise<boolean> {
    return this.images.has(ref);
  }
  /** Labels of present images (none unless a test sets them). */
  imageLabelsOf = new Map<string, Record<string, string>>();
  async imageLabels(ref: string): Promise<Readonly<Record<string, string>> | undefined> {
    return this.images.has(ref) ? (this.imageLabelsOf.get(ref) ?? {}) : undefined;
  }
  async listContainers(labels: Readonly<Record<string, string>>): Promise<ContainerInfo[]> {
    return this.containers.filter((c) => matches(c.labels, labels));
  }
  /** Container id -> bytes in use (as the engine: none for a container that is not running). */
  memory = new Map<string, number>();
  async containerMemory(id: string): Promise<number | undefined> {
    const c = this.containers.find((x) => x.id === id);
    return c?.state === 'running' ? (this.memory.get(id) ?? 0) : undefined;
  }
  async removeContainer(id: string): Promise<void> {
    this.calls.push(`rm ${id}`);
    this.containers = this.containers.filter((c) => c.id !== id);
  }
  async streamLogs(id: string, _options: LogOptions, sink: LogSink): Promise<void> {
    sink(this.logs.get(id) ?? '', 'stdout');
  }
  /** Networks whose subnet was pinned at creation: only they take a stated address. */
  pinnedSubnets = new Set<string>();
  async ensureNetwork(
    name: string,
    labels: Readonly<Record<string, string>>,
    options: EnsureNetworkOptions = {},
  ): Promise<'created' | 'existed'> {
    if (this.networks.some((n) => n.name === name)) return 'existed';
    this.networks.push({ id: `net-${name}`, name, labels: { ...labels } });
    if (options.pinSubnet) this.pinnedSubnets.add(name);
    return 'created';
  }
  async listNetworks(labels: Readonly<Record<string, string>>): Promise<NetworkInfo[]> {
    return this.networks.filter((n) => matches(n.labels, labels));
  }
  async removeNetwork(id: string): Promise<void> {
    this.calls.push(`rm network ${id}`);
    this.networks = this.networks.filter((n) => n.id !== id);
  }
  async listVolumes(labels: Readonly<Record<string, string>>): Promise<string[]> {
    return this.volumes.filter((v) => matches(v.labels, labels)).map((v) => v.name);
  }
  async removeVolume(name: string): Promise<void> {
    this.calls.push(`rm volume ${name}`);
    const user = this.containers.find((c) => this.mounts.get(c.id)?.includes(name));
    // What DockerodeClient passes on from the engine: HTTP 409, "volume is in use".
    if (user)
      throw Object.assign(new Error(`(HTTP code 409) volume is in use - [${user.id}]`), { statusCode: 409 });
    this.volumes = this.volumes.filter((v) => v.name !== name);
  }
  /** Container id -> network name -> its aliases there (what `docker network connect` made). */
  attachments = new Map<string, Map<string, string[]>>();

  /** As the engine: 304 (unchanged) for start/stop that change nothing, 409 for impossible ones. */
  async controlContainer(id: string, action: ContainerAction): Promise<ControlResult> {
    this.calls.push(`${action} ${id}`);
    const c = this.containerById(id);
    const refuse = (why: string) =>
      Object.assign(new Error(`(HTTP code 409) Container ${id} ${why}`), { statusCode: 409 });
    const set = (state: string): ControlResult => {
      this.containers = this.containers.map((x) => (x.id === id ? { ...x, state } : x));
      return 'done';
    };
    switch (action) {
      case 'start':
        if (c.state === 'paused') throw refuse('is paused, unpause it instead');
        return c.state === 'running' ? 'unchanged' : set('running');
      case 'stop':
        return c.state === 'exited' || c.state === 'created' ? 'unchanged' : set('exited');
      case 'kill':
        if (c.state !== 'running' && c.state !== 'paused') throw refuse('is not running');
        return set('exited');
      case 'restart':
        return set('running');
      case 'pause':
        if (c.state !== 'running')
          throw refuse(c.state === 'paused' ? 'is already paused' : 'is not running');
        return set('paused');
      case 'unpause':
        if (c.state !== 'paused') throw refuse('is not paused');
        return set('running');
    }
  }
  async containerNetworks(id: string): Promise<Record<string, string[]>> {
    this.containerById(id);
    return Object.fromEntries(this.attachments.get(id) ?? new Map());
  }
  /** Container id -> network name -> its IPv4 address there (given out in order when not stated). */
  addresses = new Map<string, Map<string, string>>();
  private nextHost = 2;
  async containerAddress(id: string, network: string): Promise<string | undefined> {
    this.containerById(id);
    if (!this.attachments.get(id)?.has(network)) return undefined;
    return this.addresses.get(id)?.get(network);
  }
  async connectNetwork(
    network: string,
    containerId: string,
    aliases: readonly string[],
    address?: string,
  ): Promise<void> {
    this.calls.push(
      `connect ${network} ${containerId} ${aliases.join(',')}${address ? ` ip=${address}` : ''}`.trim(),
    );
    this.containerById(containerId);
    const nets = this.attachments.get(containerId) ?? new Map<string, string[]>();
    if (nets.has(network))
      throw Object.assign(new Error(`(HTTP code 403) endpoint with name ${containerId} already exists`), {
        statusCode: 403,
      });
    // As the engine: a stated address must be an IPv4 address, on a network with a subnet of its
    // own config, and free.
    if (address !== undefined && !/^\d{1,3}(\.\d{1,3}){3}$/.test(address))
      throw Object.assign(new Error(`(HTTP code 400) invalid IPv4 address: ${address}`), { statusCode: 400 });
    if (address !== undefined && !this.pinnedSubnets.has(network))
      throw Object.assign(
        new Error(
          '(HTTP code 400) user specified IP address is supported only when connecting to networks with user configured subnets',
        ),
        { statusCode: 400 },
      );
    const taken = [...this.addresses.entries()].some(
      ([id, byNet]) =>
        id !== containerId && this.attachments.get(id)?.has(network) && byNet.get(network) === address,
    );
    if (address !== undefined && taken)
      throw Object.assign(new Error(`(HTTP code 403) Address already in use`), { statusCode: 403 });
    nets.set(network, [...aliases]);
    this.attachments.set(containerId, nets);
    const byNet = this.addresses.get(containerId) ?? new Map<string, string>();
    byNet.set(network, address ?? `10.99.0.${this.nextHost++}`);
    this.addresses.set(containerId, byNet);
  }
  async disconnectNetwork(network: string, containerId: string): Promise<void> {
    this.calls.push(`disconnect ${network} ${containerId}`);
    if (!this.attachments.get(containerId)?.delete(network))
      throw Object.assign(
        new Error(`(HTTP code 500) container ${containerId} is not connected to network ${network}`),
        { statusCode: 500 },
      );
  }
  private containerById(id: string): ContainerInfo {
    const c = this.containers.find((x) => x.id === id);
    if (!c) throw Object.assign(new Error(`(HTTP code 404) No such container: ${id}`), { statusCode: 404 });
    return c;
  }

  /** Plays the node image: `configure -y` writes a .bigchaindb with a fresh keypair. */
  async runOnce(spec: RunOnceSpec): Promise<RunOnceResult> {
    this.runs.push(spec);
    const dir = spec.binds?.[0]?.split(':')[0] ?? '/nowhere';
    const file = join(dir, '.bigchaindb');
    if (spec.args.includes('configure')) {
      const kp = generateKeypair();
      const config = {
        server: { bind: 'localhost:9984' },
        database: { host: spec.env?.BIGCHAINDB_DATABASE_HOST ?? 'localhost', port: 28015, name: 'bigchain' },
        keypair: { public: kp.publicKey, private: kp.privateKey },
        keyring: [],
        backlog_reassign_delay: 120,
      };
      await mkdir(dir, { recursive: true });
      await writeFile(file, JSON.stringify(config), { mode: 0o600 });
      return { exitCode: 0, stdout: '', stderr: '' };
    }
    if (spec.args.includes('export-my-pubkey')) {
      const config = JSON.parse(await readFile(file, 'utf8')) as { keypair: { public: string } };
      return { exitCode: 0, stdout: `${config.keypair.public}\n`, stderr: '' };
    }
    return { exitCode: 1, stdout: '', stderr: `fake node: unknown command ${spec.args.join(' ')}` };
  }

  addContainer(
    partial: Partial<ContainerInfo> & { id: string; labels: Record<string, string> },
  ): ContainerInfo {
    const c: ContainerInfo = {
      name: partial.id,
      image: 'img',
      state: 'running',
      status: 'Up',
      ports: [],
      ...partial,
    };
    this.containers.push(c);
    return c;
  }
}

/** One `compose run`, with the environment the one-off container was given. */
export interface FakeRun {
  project: string;
  service: string;
  args: readonly string[];
  env: Readonly<Record<string, string>>;
}

/** Records compose calls; `onUp` lets a test make containers appear as compose would. */
export class FakeCompose implements ComposeRunner {
  calls: string[] = [];
  runs: FakeRun[] = [];
  constructor(
    private readonly hooks: {
      onUp?: (p: ComposeProject, services: readonly string[]) => void;
      failRun?: (args: readonly string[]) => Error | undefined;
      /** What a `run` prints (e.g. fakeCluster's answers); default: nothing, exit 0. */
      onRun?: (run: FakeRun) => CommandResult | undefined;
    } = {},
  ) {}
  async up(project: ComposeProject, services: readonly string[] = []): Promise<void> {
    this.calls.push(`up ${project.name} ${services.join(' ')}`.trim());
    this.hooks.onUp?.(project, services);
  }
  async run(
    project: ComposeProject,
    service: string,
    args: readonly string[],
    options: ComposeRunOptions = {},
  ): Promise<CommandResult> {
    this.calls.push(`run ${project.name} ${service} ${args.join(' ')}`);
    const run = { project: project.name, service, args, env: { ...options.env } };
    this.runs.push(run);
    const error = this.hooks.failRun?.(args);
    if (error) throw error;
    return this.hooks.onRun?.(run) ?? { stdout: '', stderr: '', exitCode: 0 };
  }
  async down(project: ComposeProject, options: { volumes: boolean }): Promise<void> {
    this.calls.push(`down ${project.name}${options.volumes ? ' --volumes' : ''}`);
  }
}

export class FakeProbe implements DatabaseProbe {
  constructor(
    public servers: string[] = [],
    public answering = true,
  ) {}
  async serverNames(): Promise<string[]> {
    return this.servers;
  }
  async answers(): Promise<void> {
    if (!this.answering) throw new Error('connection refused');
  }
}

/**
 * Plays the node CLI's cluster commands (set-admin-password, init, create-user, cluster-status,
 * with their --json, and init's --users and --keep-existing) against an imaginary RethinkDB
 * cluster of `servers`; `users` records who was created.
 */
export function fakeCluster(servers: readonly string[]) {
  const state = { adminPasswordSet: false, replicas: 0, users: new Map<string, string>() };
  const ok = (stdout = ''): CommandResult => ({ stdout, stderr: '', exitCode: 0 });
  const status = () => {
    const tables = ['bigchain', 'backlog', 'votes'].map((name) => ({
      name,
      ready: true,
      shards: 1,
      replicas: state.replicas,
      writeAcks: 'majority',
    }));
    return {
      engine: 'rethinkdb',
      servers,
      adminPasswordSet: state.adminPasswordSet,
      database: {
        name: 'bigchain',
        exists: state.replicas > 0,
        ready: true,
        tables: state.replicas ? tables : [],
      },
    };
  };
  const createUsers = (names: readonly string[], env: Readonly<Record<string, string>>) => {
    for (const user of names) {
      const variable = `BIGCHAINDB_USER_PASSWORD_${user.toUpperCase().replace(/[^A-Z0-9]/g, '_')}`;
      state.users.set(user, env[variable] ?? '');
    }
  };
  const onRun = (run: FakeRun): CommandResult | undefined => {
    const [command, ...rest] = run.args.slice(2); // after -c /data/.bigchaindb
    const flag = (name: string) => rest[rest.indexOf(name) + 1];
    const json = rest.includes('--json');
    if (command === 'set-admin-password') {
      const already = state.adminPasswordSet;
      state.adminPasswordSet = true;
      const said = already ? 'already set' : 'set';
      return ok(json ? `${JSON.stringify({ adminPassword: said, servers })}\n` : `admin password ${said}\n`);
    }
    if (command === 'init') {
      const existed = state.replicas > 0;
      if (existed && !rest.includes('--keep-existing'))
        throw new CommandFailedError(['init'], 1, 'database bigchain already exists');
      if (!existed) state.replicas = Number(flag('--replicas') ?? 1);
      const after = rest.includes('--users') ? rest.slice(rest.indexOf('--users') + 1) : [];
      const end = after.findIndex((a) => a.startsWith('--'));
      createUsers(end < 0 ? after : after.slice(0, end), run.env);
      const database = existed ? 'existed' : 'created';
      return ok(json ? JSON.stringify({ database, users: [], status: status() }) : '');
    }
    if (command === 'create-user') {
      createUsers(rest, run.env);
      return ok();
    }
    if (command === 'cluster-status') return ok(JSON.stringify(status()));
    return undefined;
  };
  return { state, onRun };
}
