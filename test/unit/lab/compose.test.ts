import { parse } from 'yaml';
import {
  renderOperatorCompose,
  type OperatorComposeInput,
} from '../../../src/lab/compose/operator-compose.js';
import { renderSharedDatabaseCompose } from '../../../src/lab/compose/shared-database-compose.js';
import { defineFederation } from '../../../src/lab/federation-file/parse.js';
import { resolveFederation } from '../../../src/lab/federation/model.js';

const fed = resolveFederation(
  defineFederation({ name: 'lab1', basePort: 21000, operators: [{ name: 'alpha' }, { name: 'beta' }] }),
);
const beta = fed.operators[1]!;
const input = (engine: 'rethinkdb' | 'reqlite'): OperatorComposeInput => ({
  federation: 'lab1',
  network: fed.network,
  operator: beta,
  engine,
  images: { node: 'fedlab/node:0.1.0', rethinkdb: 'fedlab/rethinkdb:2.4.4' },
  nodeUser: '1000:1000',
});
type Compose = {
  name: string;
  services: Record<string, Record<string, unknown>>;
  volumes?: Record<string, { labels: Record<string, string> }>;
  networks: Record<string, unknown>;
};

describe('operator compose file (rethinkdb)', () => {
  const doc = parse(renderOperatorCompose(input('rethinkdb'))) as Compose;
  const db = doc.services['rethinkdb-beta']!;
  const node = doc.services['bigchaindb-beta']!;

  it('is its own project on the one shared external network, plus its own external operator network', () => {
    expect(doc.name).toBe('fedlab-lab1-beta');
    expect(doc.networks).toEqual({
      federation: { name: 'fedlab-lab1', external: true },
      operator: { name: 'fedlab-lab1-beta', external: true },
    });
    expect(Object.keys(doc.services)).toEqual(['rethinkdb-beta', 'bigchaindb-beta']);
  });

  it("an admitted operator's server starts with --initial-password auto (to join a secured cluster)", () => {
    const joining = parse(
      renderOperatorCompose({ ...input('rethinkdb'), joinsSecuredCluster: true }),
    ) as Compose;
    expect(joining.services['rethinkdb-beta']!.command).toEqual([
      '/etc/rethinkdb/rethinkdb.conf',
      '--initial-password',
      'auto',
    ]);
  });

  it("runs fedlab's RethinkDB image through its entrypoint with the mounted config, restarting", () => {
    expect(db.image).toBe('fedlab/rethinkdb:2.4.4');
    expect(db.restart).toBe('unless-stopped');
    // The image's entrypoint (the join wrapper) reads /etc/rethinkdb/rethinkdb.conf by default.
    expect(db.command).toBeUndefined();
    expect(db.entrypoint).toBeUndefined();
    expect(db.volumes).toEqual(['./rethinkdb.conf:/etc/rethinkdb/rethinkdb.conf:ro', 'rethinkdb-data:/data']);
    expect(doc.volumes?.['rethinkdb-data']?.labels).toEqual({
      'fedlab.federation': 'lab1',
      'fedlab.operator': 'beta',
      'fedlab.role': 'database',
      'fedlab.engine': 'rethinkdb',
    });
  });

  it('has a health check engine 20.10 understands (no start_interval)', () => {
    expect(db.healthcheck).toEqual({
      test: ['CMD', 'bash', '-c', 'exec 3<>/dev/tcp/127.0.0.1/28015'],
      interval: '2s',
      timeout: '2s',
      retries: 30,
      start_period: '60s',
    });
    expect(node.depends_on).toEqual({ 'rethinkdb-beta': { condition: 'service_healthy' } });
  });

  it('publishes no database port by default: the cluster port stays on the federation network', () => {
    expect(db.ports).toBeUndefined();
    expect(db.expose).toBeUndefined();
    expect(db.networks).toEqual({
      federation: { aliases: ['rethinkdb-beta'] },
      operator: { aliases: ['rethinkdb-beta', 'own-rethinkdb'] },
    });
  });

  it('node and server share the operator network, the server under the same host name as on the federation network', () => {
    expect(node.networks).toEqual({
      federation: { aliases: ['bigchaindb-beta'] },
      operator: { aliases: ['bigchaindb-beta'] },
    });
  });

  it('with database.publish: driver port and web UI on 127.0.0.1, ephemeral host ports', () => {
    const published = parse(
      renderOperatorCompose({ ...input('rethinkdb'), publishDatabase: true }),
    ) as Compose;
    expect(published.services['rethinkdb-beta']!.ports).toEqual(['127.0.0.1::28015']);
  });

  it('never pulls: every service has pull_policy never', () => {
    for (const service of Object.values(doc.services)) expect(service.pull_policy).toBe('never');
  });

  it('mounts .bigchaindb into the node and publishes its API on 127.0.0.1 only', () => {
    expect(node.volumes).toEqual(['./.bigchaindb:/data/.bigchaindb:ro']);
    expect(node.command).toEqual(['-c', '/data/.bigchaindb', 'start']);
    expect(node.ports).toEqual(['127.0.0.1:21001:9984']);
    expect(node.user).toBe('1000:1000');
  });

  it('uses nothing newer than engine 20.10 / API 1.41 knows', () => {
    const text = renderOperatorCompose({ ...input('rethinkdb'), publishDatabase: true });
    // start_interval: engine 25; gpus/device cgroup rules and the like are not used at all.
    for (const key of ['start_interval', 'develop', 'gpus', 'models', 'provider', 'use_api_socket'])
      expect(text).not.toMatch(new RegExp(`^\\s*${key}:`, 'm'));
    const allowed = new Set([
      'image',
      'pull_policy',
      'command',
      'restart',
      'user',
      'depends_on',
      'volumes',
      'ports',
      'healthcheck',
      'labels',
      'networks',
    ]);
    const published = parse(text) as Compose;
    for (const service of Object.values(published.services))
      for (const key of Object.keys(service)) expect(allowed).toContain(key);
  });

  it('labels every service with federation and operator', () => {
    for (const service of Object.values(doc.services)) {
      expect(service.labels).toMatchObject({
        'fedlab.federation': 'lab1',
        'fedlab.operator': 'beta',
        'fedlab.position': '1',
      });
    }
  });
});

describe('operator compose file (reqlite)', () => {
  const text = renderOperatorCompose(input('reqlite'));
  const doc = parse(text) as Compose;

  it('has only the node service, and says why', () => {
    expect(Object.keys(doc.services)).toEqual(['bigchaindb-beta']);
    expect(doc.services['bigchaindb-beta']!.pull_policy).toBe('never');
    expect(doc.services['bigchaindb-beta']!.depends_on).toBeUndefined();
    expect(doc.volumes).toBeUndefined();
    expect(text).toMatch(/reqlite cannot cluster/);
    expect(text).toMatch(/rethinkdb-beta is a network alias/);
  });

  it('has no operator network: with one shared server there is nothing of its own to keep reaching', () => {
    expect(doc.networks).toEqual({ federation: { name: 'fedlab-lab1', external: true } });
  });
});

describe('shared reqlite compose file', () => {
  const doc = parse(
    renderSharedDatabaseCompose({
      federation: 'lab1',
      network: 'fedlab-lab1',
      image: 'fedlab/reqlite:2.3.0',
      rethinkdbHosts: ['rethinkdb-alpha', 'rethinkdb-beta'],
    }),
  ) as Compose;

  it('is project fedlab-<federation>-db; every operator host name is an alias of it', () => {
    expect(doc.name).toBe('fedlab-lab1-db');
    const server = doc.services.reqlite!;
    expect(server.image).toBe('fedlab/reqlite:2.3.0');
    expect(server.networks).toEqual({ federation: { aliases: ['rethinkdb-alpha', 'rethinkdb-beta'] } });
    expect(server.ports).toEqual(['127.0.0.1::28015']);
    expect(server.pull_policy).toBe('never');
    expect(server.labels).toMatchObject({ 'fedlab.federation': 'lab1', 'fedlab.role': 'shared-database' });
  });
});

describe('purity', () => {
  it('renders the same text for the same input', () => {
    expect(renderOperatorCompose(input('rethinkdb'))).toBe(renderOperatorCompose(input('rethinkdb')));
  });
});
