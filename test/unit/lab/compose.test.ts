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
  images: { node: 'fedlab/node:0.1.0', rethinkdb: 'rethinkdb:2.4.4-bookworm-slim' },
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

  it('is its own project on the one shared external network', () => {
    expect(doc.name).toBe('fedlab-lab1-beta');
    expect(doc.networks).toEqual({ federation: { name: 'fedlab-lab1', external: true } });
    expect(Object.keys(doc.services)).toEqual(['rethinkdb-beta', 'bigchaindb-beta']);
  });

  it('runs the official image with its config file, restarting until its peers resolve', () => {
    expect(db.image).toBe('rethinkdb:2.4.4-bookworm-slim');
    expect(db.restart).toBe('unless-stopped');
    expect(db.command).toEqual(['rethinkdb', '--config-file', '/etc/rethinkdb/rethinkdb.conf']);
    expect(db.volumes).toEqual(['./rethinkdb.conf:/etc/rethinkdb/rethinkdb.conf:ro', 'rethinkdb-data:/data']);
    expect(doc.volumes?.['rethinkdb-data']?.labels).toEqual({
      'fedlab.federation': 'lab1',
      'fedlab.operator': 'beta',
      'fedlab.role': 'database',
      'fedlab.engine': 'rethinkdb',
    });
  });

  it('mounts .bigchaindb into the node and publishes ports on 127.0.0.1 only', () => {
    expect(node.volumes).toEqual(['./.bigchaindb:/data/.bigchaindb:ro']);
    expect(node.command).toEqual(['-c', '/data/.bigchaindb', 'start']);
    expect(node.ports).toEqual(['127.0.0.1:21001:9984']);
    expect(node.user).toBe('1000:1000');
    for (const service of Object.values(doc.services)) {
      for (const port of service.ports as string[]) expect(port).toMatch(/^127\.0\.0\.1:/);
    }
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
    expect(doc.volumes).toBeUndefined();
    expect(text).toMatch(/reqlite cannot cluster/);
    expect(text).toMatch(/rethinkdb-beta is a network alias/);
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
    expect(server.labels).toMatchObject({ 'fedlab.federation': 'lab1', 'fedlab.role': 'shared-database' });
  });
});

describe('purity', () => {
  it('renders the same text for the same input', () => {
    expect(renderOperatorCompose(input('rethinkdb'))).toBe(renderOperatorCompose(input('rethinkdb')));
  });
});
