import { mkdir, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { copyMasked } from '../../../../src/lab/scenario/bundle.js';
import { maskSecrets } from '../../../../src/lab/scenario/mask.js';
import { percentiles, recoveryOf } from '../../../../src/lab/scenario/report.js';
import type { PostedTx } from '../../../../src/lab/scenario/deps.js';

describe('the failure bundle keeps no secret', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'fedlab-mask-'));
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  it('masks private keys and passwords in a .bigchaindb, keeping its shape', () => {
    const config = {
      keypair: { public: 'PUB', private: 'SECRET-KEY' },
      database: { host: 'own-rethinkdb', user: 'fedlab_x', password: 'SECRET-PW' },
      keyring: ['A', 'B'],
    };
    const masked = maskSecrets('.bigchaindb', JSON.stringify(config));
    expect(masked).not.toContain('SECRET');
    expect(JSON.parse(masked)).toEqual({
      keypair: { public: 'PUB', private: '(masked)' },
      database: { host: 'own-rethinkdb', user: 'fedlab_x', password: '(masked)' },
      keyring: ['A', 'B'],
    });
    expect(maskSecrets('.bigchaindb', 'not json SECRET')).not.toContain('SECRET');
    expect(maskSecrets('rethinkdb.conf', 'join=rethinkdb-beta:29015\n')).toBe('join=rethinkdb-beta:29015\n');
  });

  it('copies an operator directory with secret files replaced', async () => {
    const from = join(dir, 'alpha');
    await mkdir(join(from, 'sub'), { recursive: true });
    await writeFile(join(from, '.bigchaindb'), JSON.stringify({ keypair: { private: 'SECRET' } }));
    await writeFile(join(from, 'rethinkdb-admin-password'), 'SECRET\n');
    await writeFile(join(from, 'compose.yaml'), 'services: {}\n');
    await writeFile(join(from, 'sub', 'partition.json'), '[]');
    const to = join(dir, 'bundle');
    await copyMasked(from, to);
    expect((await readdir(to)).sort()).toEqual([
      '.bigchaindb',
      'compose.yaml',
      'rethinkdb-admin-password',
      'sub',
    ]);
    for (const f of ['.bigchaindb', 'rethinkdb-admin-password'])
      expect(await readFile(join(to, f), 'utf8')).not.toContain('SECRET');
    expect(await readFile(join(to, 'compose.yaml'), 'utf8')).toBe('services: {}\n');
    expect(await readFile(join(to, 'sub', 'partition.json'), 'utf8')).toBe('[]\n');
  });
});

describe('report figures', () => {
  const tx = (operator: string, postedAtMs: number, validAfter?: number): PostedTx => ({
    id: `${operator}-${postedAtMs}`,
    kind: 'create',
    operator,
    postedAtMs,
    answeredAtMs: postedAtMs,
    accepted: true,
    spends: [],
    ...(validAfter === undefined ? {} : { validAtMs: postedAtMs + validAfter }),
  });

  it('percentiles by nearest rank', () => {
    expect(percentiles([])).toBeNull();
    expect(percentiles([5, 1, 3, 2, 4])).toEqual({ count: 5, p50: 3, p99: 5, max: 5 });
  });

  it('recovery counts what was posted to live nodes while another was under a fault', () => {
    const windows = [{ operator: 'gamma', action: 'kill', fromMs: 100, toMs: 200 }];
    const posted = [
      tx('alpha', 50, 10),
      tx('alpha', 150, 900),
      tx('beta', 160),
      tx('gamma', 170, 5),
      tx('beta', 250, 1),
    ];
    expect(recoveryOf(posted, windows, 1000)).toEqual({
      windows,
      postedDuringFault: 2,
      maxLatencyDuringFaultMs: 900,
      notSeenValid: 1,
    });
  });
});
