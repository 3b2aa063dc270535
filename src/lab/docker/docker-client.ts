/**
 * The lab's one narrow view of the Docker engine. `DockerodeClient` is the real implementation;
 * unit tests use a small hand-written fake.
 */
export interface EnsureNetworkOptions {
  /**
   * Fix the subnet the engine picks in the network's own config, as `docker network create
   * --subnet` would: only then does the engine let a container reconnect with the address it
   * had (`connectNetwork(..., address)`), which a healed RethinkDB server needs (fault.ts).
   */
  pinSubnet?: boolean;
}

export interface ContainerInfo {
  readonly id: string;
  readonly name: string;
  readonly image: string;
  /** Docker's state: created, running, paused, restarting, exited, dead. */
  readonly state: string;
  /** Docker's human status, e.g. "Up 3 seconds". */
  readonly status: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly ports: readonly PublishedPort[];
}

export interface PublishedPort {
  readonly containerPort: number;
  readonly hostIp?: string;
  readonly hostPort?: number;
}

export interface RunOnceSpec {
  image: string;
  args: readonly string[];
  env?: Readonly<Record<string, string>>;
  /** `host:container[:mode]` bind mounts. */
  binds?: readonly string[];
  user?: string;
  labels: Readonly<Record<string, string>>;
  /** Default "none": a one-off setup command needs no network. */
  networkMode?: string;
}

export interface RunOnceResult {
  exitCode: number;
  stdout: string;
  stderr: string;
}

export type LogStreamName = 'stdout' | 'stderr';
export type LogSink = (text: string, stream: LogStreamName) => void;

export interface LogOptions {
  follow: boolean;
  /** Lines from the end; all when absent. */
  tail?: number;
  signal?: AbortSignal;
}

export interface NetworkInfo {
  readonly id: string;
  readonly name: string;
}

/** What `fedlab fault` does to a container; each is one engine call. */
export const CONTAINER_ACTIONS = ['kill', 'stop', 'start', 'restart', 'pause', 'unpause'] as const;
export type ContainerAction = (typeof CONTAINER_ACTIONS)[number];

/** 'unchanged': the engine said the container already was so (HTTP 304: stopped, started). */
export type ControlResult = 'done' | 'unchanged';

export interface DockerClient {
  /** Where the engine is expected, for messages: e.g. unix:///var/run/docker.sock. */
  readonly endpoint: string;
  /** Resolves when the engine answers; DockerUnreachableError otherwise. */
  ping(): Promise<void>;
  imageExists(ref: string): Promise<boolean>;
  /** An image's labels (e.g. where fedlab/rethinkdb came from); undefined when it is not present. */
  imageLabels(ref: string): Promise<Readonly<Record<string, string>> | undefined>;
  /** Containers (running or not) carrying every given label. */
  listContainers(labels: Readonly<Record<string, string>>): Promise<ContainerInfo[]>;
  removeContainer(id: string): Promise<void>;
  /** Streams a container's logs to `sink`; with follow, until the container stops or the signal aborts. */
  streamLogs(id: string, options: LogOptions, sink: LogSink): Promise<void>;
  /** Creates the network with these labels unless it exists; says which happened. */
  ensureNetwork(
    name: string,
    labels: Readonly<Record<string, string>>,
    options?: EnsureNetworkOptions,
  ): Promise<'created' | 'existed'>;
  listNetworks(labels: Readonly<Record<string, string>>): Promise<NetworkInfo[]>;
  removeNetwork(id: string): Promise<void>;
  listVolumes(labels: Readonly<Record<string, string>>): Promise<string[]>;
  removeVolume(name: string): Promise<void>;
  /** kill (SIGKILL), stop, start, restart, pause, unpause; a refusal (HTTP 409: not running, ...) throws. */
  controlContainer(id: string, action: ContainerAction): Promise<ControlResult>;
  /** Network name -> this container's aliases there (the engine's own short-id alias left out). */
  containerNetworks(id: string): Promise<Record<string, string[]>>;
  /** The container's IPv4 address on this network; undefined when it is not attached. */
  containerAddress(id: string, network: string): Promise<string | undefined>;
  /**
   * `docker network connect --alias ... [--ip address]`; throws when the container is already
   * attached, or when the engine refuses the address (taken, or a network whose subnet it chose).
   */
  connectNetwork(
    network: string,
    containerId: string,
    aliases: readonly string[],
    address?: string,
  ): Promise<void>;
  /** `docker network disconnect`; throws when the container is not attached. */
  disconnectNetwork(network: string, containerId: string): Promise<void>;
  /** `docker run --rm`: runs to completion, returns exit code and output, removes the container. */
  runOnce(spec: RunOnceSpec): Promise<RunOnceResult>;
  /**
   * Bytes of memory the container uses now, as `docker stats` shows it (the cgroup's usage less
   * its inactive file cache); undefined when it is not running.
   */
  containerMemory(id: string): Promise<number | undefined>;
}

/** Docker API label filters: ["k=v", ...]. */
export const labelFilter = (labels: Readonly<Record<string, string>>): string[] =>
  Object.entries(labels).map(([k, v]) => `${k}=${v}`);
