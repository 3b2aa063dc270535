import Docker from 'dockerode';
import { DockerUnreachableError } from '../errors.js';
import { demuxBuffer } from './demux.js';
import {
  type EnsureNetworkOptions,
  labelFilter,
  type ContainerAction,
  type ContainerInfo,
  type ControlResult,
  type DockerClient,
  type LogOptions,
  type LogSink,
  type NetworkInfo,
  type RunOnceResult,
  type RunOnceSpec,
} from './docker-client.js';
import { followLogStream } from './follow-logs.js';

export const DEFAULT_DOCKER_SOCKET = '/var/run/docker.sock';
const PING_TIMEOUT_MS = 5_000;
/** Seconds `stop` and `restart` give a container before SIGKILL. */
const STOP_GRACE_S = 10;

export interface DockerodeClientOptions {
  /** A unix socket path; default $DOCKER_HOST, else /var/run/docker.sock. */
  socketPath?: string;
}

/** The real DockerClient, over the engine API (dockerode). */
export class DockerodeClient implements DockerClient {
  readonly endpoint: string;
  private readonly docker: Docker;

  constructor(options: DockerodeClientOptions = {}) {
    const fromEnv = process.env.DOCKER_HOST;
    if (options.socketPath !== undefined || !fromEnv) {
      const socketPath = options.socketPath ?? DEFAULT_DOCKER_SOCKET;
      this.docker = new Docker({ socketPath });
      this.endpoint = `unix://${socketPath}`;
    } else {
      this.docker = new Docker(); // docker-modem reads DOCKER_HOST
      this.endpoint = fromEnv;
    }
  }

  async ping(): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`no answer within ${PING_TIMEOUT_MS} ms`)), PING_TIMEOUT_MS);
    });
    try {
      await Promise.race([this.docker.ping(), timeout]);
    } catch (cause) {
      throw new DockerUnreachableError(this.endpoint, cause);
    } finally {
      clearTimeout(timer);
    }
  }

  async imageExists(ref: string): Promise<boolean> {
    try {
      await this.call(() => this.docker.getImage(ref).inspect());
      return true;
    } catch (error) {
      if (statusCode(error) === 404) return false;
      throw error;
    }
  }

  async imageLabels(ref: string): Promise<Readonly<Record<string, string>> | undefined> {
    try {
      const info = await this.call(() => this.docker.getImage(ref).inspect());
      return { ...(info.Config?.Labels ?? {}) };
    } catch (error) {
      if (statusCode(error) === 404) return undefined;
      throw error;
    }
  }

  async listContainers(labels: Readonly<Record<string, string>>): Promise<ContainerInfo[]> {
    const list = await this.call(() =>
      this.docker.listContainers({ all: true, filters: { label: labelFilter(labels) } }),
    );
    return list.map((c) => ({
      id: c.Id,
      name: (c.Names[0] ?? c.Id).replace(/^\//, ''),
      image: c.Image,
      state: c.State,
      status: c.Status,
      labels: c.Labels,
      ports: c.Ports.map((p) => ({ containerPort: p.PrivatePort, hostIp: p.IP, hostPort: p.PublicPort })),
    }));
  }

  async removeContainer(id: string): Promise<void> {
    await this.ignoreMissing(() => this.docker.getContainer(id).remove({ force: true, v: false }));
  }

  async streamLogs(id: string, options: LogOptions, sink: LogSink): Promise<void> {
    const base = {
      stdout: true,
      stderr: true,
      ...(options.tail === undefined ? {} : { tail: options.tail }),
    };
    const container = this.docker.getContainer(id);
    if (!options.follow) {
      const buffer = await this.call(() => container.logs({ ...base, follow: false }));
      for (const frame of await demuxBuffer(this.docker.modem, Buffer.from(buffer)))
        sink(frame.text, frame.stream);
      return;
    }
    const stream = await this.call(() => container.logs({ ...base, follow: true }));
    await followLogStream(this.docker.modem, stream, sink, options.signal);
  }

  async ensureNetwork(
    name: string,
    labels: Readonly<Record<string, string>>,
    options: EnsureNetworkOptions = {},
  ): Promise<'created' | 'existed'> {
    const existing = await this.call(() => this.docker.listNetworks({ filters: { name: [name] } }));
    if (existing.some((n) => n.Name === name)) return 'existed';
    const spec = { Name: name, Driver: 'bridge', Labels: { ...labels }, CheckDuplicate: true };
    try {
      const network = await this.call(() => this.docker.createNetwork(spec));
      if (options.pinSubnet) await this.pinSubnet(network, spec);
      return 'created';
    } catch (error) {
      if (statusCode(error) === 409) return 'existed'; // created concurrently
      throw error;
    }
  }

  /**
   * The engine has no "choose a free subnet and keep it" option: let it choose (it knows which
   * ranges are free on this host), then create the network again with that subnet stated.
   */
  private async pinSubnet(network: Docker.Network, spec: Docker.NetworkCreateOptions): Promise<void> {
    const info = (await this.call(() => network.inspect())) as {
      IPAM?: { Config?: { Subnet?: string; Gateway?: string }[] | null };
    };
    const chosen = (info.IPAM?.Config ?? []).find((c) => c.Subnet !== undefined && !c.Subnet.includes(':'));
    if (chosen?.Subnet === undefined) return; // nothing to pin: heal falls back to a restart
    await this.call(() => network.remove());
    await this.call(() =>
      this.docker.createNetwork({
        ...spec,
        IPAM: {
          Driver: 'default',
          Config: [{ Subnet: chosen.Subnet, ...(chosen.Gateway ? { Gateway: chosen.Gateway } : {}) }],
        },
      }),
    );
  }

  async listNetworks(labels: Readonly<Record<string, string>>): Promise<NetworkInfo[]> {
    const list = await this.call(() => this.docker.listNetworks({ filters: { label: labelFilter(labels) } }));
    return list.map((n) => ({ id: n.Id, name: n.Name }));
  }

  async removeNetwork(id: string): Promise<void> {
    await this.ignoreMissing(() => this.docker.getNetwork(id).remove());
  }

  async listVolumes(labels: Readonly<Record<string, string>>): Promise<string[]> {
    const result = await this.call(() =>
      this.docker.listVolumes({ filters: { label: labelFilter(labels) } }),
    );
    return (result.Volumes ?? []).map((v) => v.Name);
  }

  async removeVolume(name: string): Promise<void> {
    await this.ignoreMissing(() => this.docker.getVolume(name).remove());
  }

  async controlContainer(id: string, action: ContainerAction): Promise<ControlResult> {
    const container = this.docker.getContainer(id);
    const calls: Record<ContainerAction, () => Promise<unknown>> = {
      kill: () => container.kill(),
      stop: () => container.stop({ t: STOP_GRACE_S }),
      start: () => container.start(),
      restart: () => container.restart({ t: STOP_GRACE_S }),
      pause: () => container.pause(),
      unpause: () => container.unpause(),
    };
    try {
      await this.call(calls[action]);
      return 'done';
    } catch (error) {
      if (statusCode(error) === 304) return 'unchanged'; // already stopped / already started
      throw error;
    }
  }

  async containerNetworks(id: string): Promise<Record<string, string[]>> {
    const info = await this.call(() => this.docker.getContainer(id).inspect());
    const networks: Record<string, { Aliases?: string[] | null }> = info.NetworkSettings.Networks ?? {};
    return Object.fromEntries(
      Object.entries(networks).map(([name, n]) => [
        name,
        [...new Set(n.Aliases ?? [])].filter((alias) => !info.Id.startsWith(alias)),
      ]),
    );
  }

  async containerAddress(id: string, network: string): Promise<string | undefined> {
    const info = await this.call(() => this.docker.getContainer(id).inspect());
    const networks: Record<string, { IPAddress?: string }> = info.NetworkSettings.Networks ?? {};
    const address = networks[network]?.IPAddress;
    return address === undefined || address === '' ? undefined : address;
  }

  async connectNetwork(
    network: string,
    containerId: string,
    aliases: readonly string[],
    address?: string,
  ): Promise<void> {
    await this.call(() =>
      this.docker.getNetwork(network).connect({
        Container: containerId,
        EndpointConfig: {
          Aliases: [...aliases],
          ...(address === undefined ? {} : { IPAMConfig: { IPv4Address: address } }),
        },
      }),
    );
  }

  async disconnectNetwork(network: string, containerId: string): Promise<void> {
    await this.call(() => this.docker.getNetwork(network).disconnect({ Container: containerId }));
  }

  async containerMemory(id: string): Promise<number | undefined> {
    try {
      const stats = (await this.call(() => this.docker.getContainer(id).stats({ stream: false }))) as {
        memory_stats?: { usage?: number; stats?: Record<string, number | undefined> };
      };
      return memoryInUse(stats.memory_stats);
    } catch (error) {
      if (statusCode(error) === 404 || statusCode(error) === 409) return undefined;
      throw error;
    }
  }

  async runOnce(spec: RunOnceSpec): Promise<RunOnceResult> {
    const container = await this.call(() =>
      this.docker.createContainer({
        Image: spec.image,
        Cmd: [...spec.args],
        Env: Object.entries(spec.env ?? {}).map(([k, v]) => `${k}=${v}`),
        Labels: { ...spec.labels },
        ...(spec.user === undefined ? {} : { User: spec.user }),
        HostConfig: { Binds: [...(spec.binds ?? [])], NetworkMode: spec.networkMode ?? 'none' },
      }),
    );
    try {
      await container.start();
      const { StatusCode } = (await container.wait()) as { StatusCode: number };
      const output = await demuxBuffer(
        this.docker.modem,
        Buffer.from(await container.logs({ stdout: true, stderr: true, follow: false })),
      );
      const text = (stream: string): string =>
        output
          .filter((f) => f.stream === stream)
          .map((f) => f.text)
          .join('');
      return { exitCode: StatusCode, stdout: text('stdout'), stderr: text('stderr') };
    } finally {
      await container.remove({ force: true }).catch(() => undefined);
    }
  }

  /** Runs an engine call; a connection failure becomes DockerUnreachableError. */
  private async call<T>(fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (error) {
      if (isConnectionError(error)) throw new DockerUnreachableError(this.endpoint, error);
      throw error;
    }
  }

  private async ignoreMissing(fn: () => Promise<unknown>): Promise<void> {
    try {
      await this.call(fn);
    } catch (error) {
      if (statusCode(error) !== 404) throw error;
    }
  }
}

function statusCode(error: unknown): number | undefined {
  return typeof error === 'object' && error !== null && 'statusCode' in error
    ? Number(error.statusCode)
    : undefined;
}

function isConnectionError(error: unknown): boolean {
  const code = typeof error === 'object' && error !== null && 'code' in error ? String(error.code) : '';
  return ['ECONNREFUSED', 'ENOENT', 'EACCES', 'ECONNRESET', 'EPIPE', 'ENOTFOUND', 'ETIMEDOUT'].includes(code);
}

/**
 * What `docker stats` shows as MEM USAGE: the cgroup's usage less the inactive file cache
 * (cgroup v2 `inactive_file`, v1 `total_inactive_file`); undefined for a container not running
 * (the engine reports no usage then).
 */
export function memoryInUse(
  m: { usage?: number; stats?: Record<string, number | undefined> } | undefined,
): number | undefined {
  if (m?.usage === undefined || m.usage === 0) return undefined;
  const inactive = m.stats?.inactive_file ?? m.stats?.total_inactive_file ?? 0;
  return Math.max(0, m.usage - (inactive < m.usage ? inactive : 0));
}
