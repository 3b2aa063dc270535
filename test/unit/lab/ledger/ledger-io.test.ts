import { chmod, mkdir, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { createHash } from 'node:crypto';
import { createLabContext, type LabContext } from '../../../../src/lab/context.js';
import { buildProgram } from '../../../../src/lab/cli/program.js';
import { createLab } from '../../../../src/lab/lab.js';
import type {
  ComposeProject,
  ComposeRunner,
  ComposeRunOptions,
} from '../../../../src/lab/docker/compose-runner.js';
import { backupFederation, restoreFederation } from '../../../../src/lab/ledger/ledger-io.js';
import { designatedOf } from '../../../../src/lab/ledger/ledger-target.js';
import { describeBackup, readBackupFile } from '../../../../src/lab/ledger/backup-file.js';
import type { CommandResult } from '../../../../src/lab/process/run-command.js';
import { labelsFor } from '../../../../src/lab/federation/names.js';
import { sealLedgerArchive, type LedgerArchive } from '../../../../src/protocol/ledger-archive.js';
import { buildCreate, generateKeypair } from '../../../../src/node/core/index.js';
import { FakeDocker } from '../../../support/lab-fakes.js';
import { archiveOf, ledgerFixture } from '../../node/store/ledger-archive-fixture.js';

/** Plays `bigchaindb export` (answers `exported`) and `import -` (records the input). */
class NodeCompose implements ComposeRunner {
  runs: {
    project: string;
    service: string;
    args: readonly string[];
    env: Record<string, string>;
    input?: string;
  }[] = [];
  constructor(public exported: () => LedgerArchive) {}
  async up(): Promise<void> {}
  async down(): Promise<void> {}
  async run(
    project: ComposeProject,
    service: string,
    args: readonly string[],
    o: ComposeRunOptions = {},
  ): Promise<CommandResult> {
    this.runs.push({
      project: project.name,
      service,
      args,
      env: { ...o.env },
      ...(o.input === undefined ? {} : { input: String(o.input) }),
    });
    if (args[2] === 'export')
      return { stdout: JSON.stringify(this.exported()) + '\n', stderr: '', exitCode: 0 };
    const summary = {
      written: { blocks: 1, votes: 3, backlog: 1 },
      rebuilt: { assets: 1, metadata: 1, tx_blocks: 1, spent_by: 0 },
      skipped: { genesisBlocks: 1 },
      elapsedMs: 12,
    };
    return { stdout: JSON.stringify(summary, null, 2) + '\n', stderr: '', exitCode: 0 };
  }
}

describe("fedlab backup / restore through the designated operator's node", () => {
  let dir: string;
  let ctx: LabContext;
  let compose: NodeCompose;
  let docker: FakeDocker;
  const f = ledgerFixture();
  const full = archiveOf(f);
  const fresh = archiveOf(f, [f.genesis]);

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'fedlab-ledger-'));
    const root = join(dir, 'state', 'demo');
    await mkdir(join(root, 'public'), { recursive: true });
    await mkdir(join(root, 'alpha'), { recursive: true });
    await writeFile(join(root, 'alpha', 'rethinkdb-admin-password'), 'pw-admin-123\n', { mode: 0o600 });
    for (const [i, key] of f.keys.entries())
      await writeFile(
        join(root, 'public', `op${i}.json`),
        JSON.stringify({
          operator: `op${i}`,
          rethinkdbHost: `r${i}`,
          nodeApiUrl: 'http://x:9984',
          publicKey: key,
        }),
      );
    docker = new FakeDocker();
    docker.addContainer({ id: 'n-beta', labels: labelsFor('demo', 'node', 'beta', 'rethinkdb', 1) });
    docker.addContainer({ id: 'n-alpha', labels: labelsFor('demo', 'node', 'alpha', 'rethinkdb', 0) });
    compose = new NodeCompose(() => full);
    ctx = createLabContext({ stateDir: join(dir, 'state'), docker, compose, nodeUser: null });
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('backup: export as admin in the designated node, file 0600, summary of what it holds', async () => {
    const file = join(dir, 'b.json');
    const summary = await backupFederation(ctx, 'demo', file);
    expect(compose.runs).toEqual([
      {
        project: 'fedlab-demo-alpha',
        service: 'bigchaindb-alpha',
        args: ['-c', '/data/.bigchaindb', 'export'],
        env: { BIGCHAINDB_DATABASE_USER: 'admin', BIGCHAINDB_DATABASE_PASSWORD: 'pw-admin-123' },
      },
    ]);
    const bytes = await readFile(file);
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    expect(summary).toMatchObject({
      federation: 'demo',
      members: f.keys,
      blocks: 2,
      votes: 3,
      backlog: 1,
      transactions: 2,
      bytes: bytes.byteLength,
      sha256: createHash('sha256').update(bytes).digest('hex'),
      contentSha256: full.sha256,
    });
    expect(describeBackup(summary).join('\n')).toMatch(/2 blocks, 3 votes, 1 backlog rows, 2 transactions/);
  });

  it('backup to .gz compresses; restore reads it back and sends the archive on stdin', async () => {
    const file = join(dir, 'b.json.gz');
    await backupFederation(ctx, 'demo', file);
    expect(JSON.parse(gunzipSync(await readFile(file)).toString('utf8'))).toEqual(full);
    compose.exported = () => fresh;
    const restored = await restoreFederation(ctx, 'demo', file);
    expect(restored).toMatchObject({
      blocks: 1,
      votes: 3,
      backlog: 1,
      rebuilt: { assets: 1 },
      elapsedMs: 12,
    });
    const imported = compose.runs.at(-1);
    expect(imported?.args).toEqual(['-c', '/data/.bigchaindb', 'import', '-']);
    expect(JSON.parse(imported?.input ?? '')).toEqual(full);
  });

  it('restore refuses other members (RESTORE_MEMBERS_MISMATCH) before running anything', async () => {
    const file = join(dir, 'other.json');
    const stranger = generateKeypair().publicKey;
    await writeFile(
      file,
      JSON.stringify(sealLedgerArchive({ ...full, members: [f.keys[0]!, f.keys[1]!, stranger].sort() })),
    );
    await expect(restoreFederation(ctx, 'demo', file)).rejects.toMatchObject({
      code: 'RESTORE_MEMBERS_MISMATCH',
      message: expect.stringContaining(`missing here: ${stranger}; not in the archive: ${f.keys[2]}`),
    });
    expect(compose.runs).toEqual([]);
  });

  it('restore refuses a federation that holds a ledger (RESTORE_TARGET_NOT_EMPTY), importing nothing', async () => {
    const file = join(dir, 'b.json');
    await writeFile(file, JSON.stringify(full));
    const own = f.block([buildCreate(generateKeypair(), { theirs: 1 })], 9_000);
    compose.exported = () => archiveOf(f, [f.genesis, own]);
    await expect(restoreFederation(ctx, 'demo', file)).rejects.toMatchObject({
      code: 'RESTORE_TARGET_NOT_EMPTY',
      message: expect.stringMatching(
        /1 block\(s\) besides the genesis block.*fedlab down --volumes, then fedlab up/,
      ),
    });
    expect(compose.runs.map((r) => r.args[2])).toEqual(['export']);
  });

  it('restore names a corrupt file', async () => {
    const file = join(dir, 'bad.json');
    await writeFile(file, JSON.stringify(full).slice(0, 100));
    await chmod(file, 0o600);
    await expect(restoreFederation(ctx, 'demo', file)).rejects.toMatchObject({
      code: 'LEDGER_ARCHIVE_INVALID',
      message: expect.stringContaining(`${file} is not JSON`),
    });
  });

  it('restore refuses an archive without sha256 (issue 16), saying how to make one, before running anything', async () => {
    const file = join(dir, 'unsealed.json');
    const { sha256: _dropped, ...unsealed } = full;
    await writeFile(file, JSON.stringify(unsealed));
    await expect(restoreFederation(ctx, 'demo', file)).rejects.toMatchObject({
      code: 'LEDGER_ARCHIVE_INVALID',
      message: expect.stringContaining(`${file} has no sha256: import takes only sealed archives`),
    });
    expect(compose.runs).toEqual([]);
  });

  it('a .gz that inflates past the limit is BACKUP_TOO_LARGE, not read whole (issue 16)', async () => {
    const file = join(dir, 'bomb.json.gz');
    await writeFile(file, gzipSync(Buffer.alloc(64 * 1024, 0x20)));
    await expect(readBackupFile(file, 1024)).rejects.toMatchObject({
      code: 'BACKUP_TOO_LARGE',
      message: expect.stringContaining(`${file} decompresses to more than 1024 bytes`),
    });
    expect(await readBackupFile(file)).toHaveLength(64 * 1024);
  });

  it('a federation without containers is FEDERATION_NOT_FOUND', () => {
    expect(() => designatedOf('gone', [])).toThrow(expect.objectContaining({ code: 'FEDERATION_NOT_FOUND' }));
  });

  it('fedlab backup FILE / restore FILE --name: the summary on stdout', async () => {
    const out: string[] = [];
    const io = {
      out: (l: string) => out.push(l),
      err: () => undefined,
      signal: new AbortController().signal,
    };
    const program = () =>
      buildProgram(io, () => createLab({ stateDir: join(dir, 'state'), docker, compose, nodeUser: null }));
    const file = join(dir, 'cli.json');
    await program().parseAsync(['node', 'fedlab', 'backup', file, '--name', 'demo']);
    expect(out[0]).toMatch(/^backup of "demo" written to .*cli\.json \(\d+ bytes, 0600\)$/);
    expect(out[1]).toBe('  2 blocks, 3 votes, 1 backlog rows, 2 transactions');
    compose.exported = () => fresh;
    out.length = 0;
    await program().parseAsync(['node', 'fedlab', 'restore', file, '--name', 'demo', '--json']);
    expect(JSON.parse(out.join('\n'))).toMatchObject({
      federation: 'demo',
      blocks: 1,
      rebuilt: { assets: 1 },
    });
  });
});
