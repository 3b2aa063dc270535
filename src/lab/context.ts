import { PROJECT_ROOT, imageVersions } from '../shared/images.js';
import { silentLogger, type Logger } from '../shared/log.js';
import { ComposeCli, type ComposeRunner } from './docker/compose-runner.js';
import type { DockerClient } from './docker/docker-client.js';
import { DockerodeClient } from './docker/dockerode-client.js';
import type { EngineImages } from './engine/engine.js';
import { currentUser } from './material/node-cli.js';
import { DEFAULT_STATE_DIR } from './material/paths.js';
import { SilentProgress, type Progress } from './progress/progress.js';
import { RethinkdbProbe, type DatabaseProbe } from './up/database-probe.js';

export interface Timeouts {
  /** The database answers (reqlite) or every server joined the cluster (rethinkdb). */
  databaseMs: number;
  /** Every node API answers GET /api/v1/. */
  apiMs: number;
  /** Every node reports the expected public key and keyring. */
  keyringMs: number;
  /** The probe transaction is VALID on every node. */
  probeMs: number;
  /** No undecided block names a departing key any more (remove, rotate-key; issue 16). */
  drainMs: number;
}

export const DEFAULT_TIMEOUTS: Timeouts = {
  databaseMs: 120_000,
  apiMs: 90_000,
  keyringMs: 30_000,
  probeMs: 60_000,
  drainMs: 60_000,
};

/** How a lab talks to the world; every part can be replaced (tests pass fakes). */
export interface LabOptions {
  /** Where federations keep their files: <stateDir>/<federation>/. Default ./.fedlab */
  stateDir?: string;
  docker?: DockerClient;
  compose?: ComposeRunner;
  databaseProbe?: DatabaseProbe;
  progress?: Progress;
  logger?: Logger;
  images?: Partial<EngineImages>;
  /** Root holding scripts/build-images.sh. */
  projectRoot?: string;
  /** Build missing images with scripts/build-images.sh (default true). */
  buildImages?: boolean;
  /** uid:gid containers that read the operator's files run as; null: the image's user. */
  nodeUser?: string | null;
  timeouts?: Partial<Timeouts>;
  signal?: AbortSignal;
}

export interface LabContext {
  stateDir: string;
  docker: DockerClient;
  compose: ComposeRunner;
  databaseProbe: DatabaseProbe;
  progress: Progress;
  logger: Logger;
  images: EngineImages;
  projectRoot: string;
  buildImages: boolean;
  nodeUser: string | undefined;
  timeouts: Timeouts;
  signal: AbortSignal | undefined;
}

export function defaultImages(): EngineImages {
  const v = imageVersions();
  return { node: v.images.node, reqlite: v.images.reqlite, rethinkdb: v.images.rethinkdb };
}

export function createLabContext(options: LabOptions = {}): LabContext {
  const docker = options.docker ?? new DockerodeClient();
  const dockerHost =
    docker.endpoint.startsWith('unix://') || docker.endpoint.startsWith('tcp://')
      ? docker.endpoint
      : undefined;
  return {
    stateDir: options.stateDir ?? DEFAULT_STATE_DIR,
    docker,
    compose:
      options.compose ??
      new ComposeCli({
        ...(dockerHost ? { dockerHost } : {}),
        ...(options.signal ? { signal: options.signal } : {}),
      }),
    databaseProbe: options.databaseProbe ?? new RethinkdbProbe(),
    progress: options.progress ?? new SilentProgress(),
    logger: options.logger ?? silentLogger,
    images: { ...defaultImages(), ...options.images },
    projectRoot: options.projectRoot ?? PROJECT_ROOT,
    buildImages: options.buildImages ?? true,
    nodeUser: options.nodeUser === null ? undefined : (options.nodeUser ?? currentUser()),
    timeouts: { ...DEFAULT_TIMEOUTS, ...options.timeouts },
    signal: options.signal,
  };
}
