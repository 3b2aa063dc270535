import { describeError } from '../../shared/errors.js';
import type { LabContext } from '../context.js';
import {
  describeSnapshot,
  isEmptySnapshot,
  removeCreatedSince,
  snapshotFederation,
  type FederationSnapshot,
} from '../down/created-since.js';
import { describeEngine, describeRethinkdbImage, imagesFor, selectEngine } from '../engine/engine.js';
import { ensureImages, unbuildableImages } from '../engine/ensure-images.js';
import { writeFailureBundle } from '../failure/failure-bundle.js';
import type { Engine, Federation } from '../federation/model.js';
import { labelsFor, nodeService, operatorNetworkName } from '../federation/names.js';
import { FederationPaths } from '../material/paths.js';
import { allSettledOrThrow } from '../../shared/all-settled.js';
import { checkApiPorts } from './check-ports.js';
import { checkProjectNames } from './check-projects.js';
import { describeServers, startDatabase, waitForDatabase } from './database.js';
import { initFederationDatabase } from './init-federation-database.js';
import { prepareMaterial, writeComposeFiles } from './prepare-files.js';
import { operatorProjectOf } from './projects.js';
import { runningFederation, type RunningFederation } from './running-federation.js';
import { probeTransaction, waitForApis, waitForKeyrings } from './wait-ready.js';

export interface UpOptions {
  /** Keep containers of a failed `up` running for inspection (default: clean up). */
  keepOnFailure?: boolean;
}

/**
 * The seed's bring-up, automated: material and exchange, RethinkDB servers up and joined, the
 * designated operator's admin password, init (shards, replicas) and node users, every node
 * started, then "federation ready" (APIs answer, keyrings agree, a probe CREATE is VALID on every
 * node). A failure writes a failure bundle, removes what THIS call created (unless
 * keepOnFailure; never what existed before it, so never a running federation's volumes) and
 * rethrows the original error. On a federation that already exists, `up` proceeds idempotently
 * and says so.
 */
export async function upFederation(
  federation: Federation,
  ctx: LabContext,
  options: UpOptions = {},
): Promise<RunningFederation> {
  const startedAt = performance.now();
  const paths = new FederationPaths(ctx.stateDir, federation.name);
  // What carried the federation's label before this call started anything: a failure removes
  // only what is new, so a failed `up` of a running federation never touches its data.
  let before: FederationSnapshot | undefined;
  try {
    const engine = await beforeStart(federation, ctx);
    before = await snapshotFederation(ctx.docker, federation.name);
    if (!isEmptySnapshot(before))
      ctx.progress.note(
        `federation "${federation.name}" already exists (${describeSnapshot(before)}): up proceeds ` +
          'idempotently (compose keeps what runs, starts what is missing, the database is kept); ' +
          'if it fails, it removes only what it created, never what exists now',
      );
    return await bringUp(federation, engine, paths, ctx, startedAt);
  } catch (error) {
    if (before) await cleanUpAfterFailure(federation, paths, ctx, error, options, before);
    throw error;
  }
}

/** Checks that start nothing: a failure here leaves nothing to clean up. */
async function beforeStart(federation: Federation, ctx: LabContext): Promise<Engine> {
  const { progress } = ctx;
  await progress.step(`check the Docker engine at ${ctx.docker.endpoint}`, () => ctx.docker.ping());
  const engine = await progress.step('choose the database engine', () =>
    selectEngine(federation.engine, ctx.docker, ctx.images),
  );
  progress.note(describeEngine(engine, federation.operators.length));
  if (engine === 'rethinkdb') federation.warnings.forEach((w) => progress.note(`warning: ${w}`));
  federation.ignored.forEach((w) => progress.note(`note: ${w}`));
  await progress.step('check images', async (detail) => {
    const built = await ensureImages(ctx.docker, imagesFor(engine, ctx.images), {
      projectRoot: ctx.projectRoot,
      build: ctx.buildImages,
      unbuildable: await unbuildableImages(engine, ctx.docker, ctx.images),
      onLine: (line) => detail(line.slice(0, 80)),
      ...(ctx.signal ? { signal: ctx.signal } : {}),
    });
    if (built.length > 0) progress.note(`built ${built.join(', ')} with scripts/build-images.sh`);
  });
  if (engine === 'rethinkdb') progress.note(await describeRethinkdbImage(ctx.docker, ctx.images.rethinkdb));
  await progress.step('check host ports on 127.0.0.1', () => checkApiPorts(federation, ctx.docker));
  await progress.step('check compose project names', () => checkProjectNames(federation, ctx.docker));
  return engine;
}

async function bringUp(
  federation: Federation,
  engine: Engine,
  paths: FederationPaths,
  ctx: LabContext,
  startedAt: number,
): Promise<RunningFederation> {
  const { progress } = ctx;
  const n = federation.operators.length;
  const prepared = await progress.step(
    `generate keys and config of ${n} operators; exchange public bundles`,
    () => prepareMaterial(federation, engine, ctx),
  );
  await progress.step('write compose files', () => writeComposeFiles(federation, engine, paths, ctx));
  await progress.step(`create network ${federation.network}`, () =>
    // Subnet pinned: a partitioned server is healed with its own address (fault.ts).
    ctx.docker.ensureNetwork(federation.network, labelsFor(federation.name, 'setup'), { pinSubnet: true }),
  );
  if (engine === 'rethinkdb')
    await progress.step(`create ${n} operator networks`, () =>
      allSettledOrThrow(
        federation.operators.map((op) =>
          ctx.docker.ensureNetwork(
            operatorNetworkName(federation.name, op.name),
            labelsFor(federation.name, 'setup', op.name),
          ),
        ),
      ),
    );
  await progress.step(
    engine === 'reqlite' ? 'start the shared reqlite server' : `start ${n} RethinkDB servers`,
    () => startDatabase(federation, engine, paths, ctx),
  );
  const servers = await progress.step('wait for the database', (detail) =>
    waitForDatabase(federation, engine, paths, ctx, detail, (m) => progress.note(m)),
  );
  progress.note(describeServers(engine, servers));
  const database = await progress.step(`initialize the database (${federation.operators[0]?.name})`, () =>
    initFederationDatabase(federation, engine, paths, ctx, (m) => progress.note(m)),
  );
  await progress.step(`start ${n} nodes`, () =>
    allSettledOrThrow(
      federation.operators.map((op) => ctx.compose.up(operatorProjectOf(op, paths), [nodeService(op.name)])),
    ),
  );
  await progress.step('wait for every node API', (detail) => waitForApis(federation, ctx, detail));
  await progress.step('check keyrings against the member list', () =>
    waitForKeyrings(federation, prepared.bundles, ctx),
  );
  const probeId = await probeStep(federation, ctx);
  const readyAfterMs = performance.now() - startedAt;
  return runningFederation(
    federation,
    {
      engine,
      engineNote: describeEngine(engine, n),
      bundles: prepared.bundles,
      probeTransactionId: probeId,
      readyAfterMs,
      directory: (op) => paths.operatorDir(op),
      database,
    },
    ctx,
  );
}

/** A CREATE signed by a fresh lab key; a policy that restricts CREATE to listed keys refuses it. */
async function probeStep(federation: Federation, ctx: LabContext): Promise<string | undefined> {
  if (federation.policy.create !== 'anyone') {
    ctx.progress.note(
      'policy.create lists who may CREATE, so the lab cannot post a probe: ready = APIs answer and keyrings agree',
    );
    return undefined;
  }
  return ctx.progress.step('probe transaction VALID on every node', (detail) =>
    probeTransaction(federation, ctx, detail),
  );
}

async function cleanUpAfterFailure(
  federation: Federation,
  paths: FederationPaths,
  ctx: LabContext,
  error: unknown,
  options: UpOptions,
  before: FederationSnapshot,
): Promise<void> {
  const { progress } = ctx;
  progress.note(`up failed: ${describeError(error).split('\n')[0]}`);
  // Separate from the removal: a failure bundle that cannot be written (disk full, read-only
  // state dir) must not leave the containers running.
  try {
    const dir = await writeFailureBundle(
      ctx.docker,
      paths,
      federation.operators.map((op) => op.name),
      error,
    );
    progress.note(`logs, container states and generated files kept in ${dir}`);
  } catch (bundleError) {
    reportCleanupProblem(federation, ctx, before, 'writing the failure bundle', bundleError);
  }
  if (options.keepOnFailure) {
    progress.note(`containers kept running; ${removalHint(before)}`);
    return;
  }
  try {
    const removed = await progress.step('clean up what this up created', () =>
      removeCreatedSince(ctx.docker, federation.name, before),
    );
    if (!isEmptySnapshot(before))
      progress.note(
        `removed ${removed.containers.length} containers, ${removed.networks.length} networks and ` +
          `${removed.volumes.length} volumes this up created; kept what existed before it (${describeSnapshot(before)})`,
      );
  } catch (cleanupError) {
    reportCleanupProblem(federation, ctx, before, 'cleanup after the failure', cleanupError);
  }
}

/** `down --volumes` is the right advice only when this `up` made the whole federation. */
function removalHint(before: FederationSnapshot): string {
  return isEmptySnapshot(before)
    ? 'remove them with: fedlab down --volumes'
    : 'the federation existed before this up: fedlab down stops it, adding --volumes also deletes its data';
}

/** The original error is what the caller needs; a cleanup problem is only reported. */
function reportCleanupProblem(
  federation: Federation,
  ctx: LabContext,
  before: FederationSnapshot,
  what: string,
  problem: unknown,
): void {
  ctx.logger.error('cleanup_failed', { federation: federation.name, what, error: describeError(problem) });
  ctx.progress.note(`${what} also failed: ${describeError(problem)}; ${removalHint(before)}`);
}
