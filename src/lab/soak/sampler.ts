/**
 * Samples the memory of every node container of one federation from the Docker engine, every
 * `everyMs`, while a soak runs (containers come and go: up, faults, admission, removal). A sample
 * that fails (a container between states) is skipped, never fatal: the soak's verdict is on the
 * samples taken.
 */
import type { DockerClient } from '../docker/docker-client.js';
import { LABEL_FEDERATION, LABEL_OPERATOR, LABEL_ROLE } from '../federation/names.js';
import type { MemorySample } from './memory.js';

export class MemorySampler {
  private readonly samples = new Map<string, MemorySample[]>();
  private timer: NodeJS.Timeout | undefined;
  private inFlight: Promise<void> = Promise.resolve();

  constructor(
    private readonly docker: Pick<DockerClient, 'listContainers' | 'containerMemory'>,
    private readonly federation: string,
    private readonly everyMs = 5_000,
    private readonly now: () => number = Date.now,
  ) {}

  start(): void {
    this.timer = setInterval(() => {
      this.inFlight = this.inFlight.then(() => this.sampleOnce());
    }, this.everyMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.inFlight;
  }

  /** One round: every node container of the federation that is running. */
  async sampleOnce(): Promise<void> {
    const at = this.now();
    const containers = await this.docker
      .listContainers({ [LABEL_FEDERATION]: this.federation, [LABEL_ROLE]: 'node' })
      .catch(() => []);
    await Promise.all(
      containers.map(async (c) => {
        const operator = c.labels[LABEL_OPERATOR] ?? c.name;
        const bytes = await this.docker.containerMemory(c.id).catch(() => undefined);
        if (bytes === undefined) return;
        this.samples.set(operator, [...(this.samples.get(operator) ?? []), { atMs: at, bytes }]);
      }),
    );
  }

  /** operator -> its samples, in time order. */
  byOperator(): Map<string, MemorySample[]> {
    return new Map([...this.samples].map(([op, s]) => [op, [...s]]));
  }
}
