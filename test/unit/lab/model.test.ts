import { defineFederation } from '../../../src/lab/federation-file/parse.js';
import { assignApiPorts, resolveFederation } from '../../../src/lab/federation/model.js';
import { PortConflictError } from '../../../src/lab/errors.js';

describe('resolved federation', () => {
  it('derives host names, projects, network, ports and replicas', () => {
    const fed = resolveFederation(
      defineFederation({
        name: 'lab1',
        operators: [
          { name: 'alpha' },
          { name: 'beta', hostnames: { rethinkdb: 'db.beta.example' }, apiPort: 20000 },
        ],
      }),
    );
    expect(fed.network).toBe('fedlab-lab1');
    expect(fed.replicas).toBe(2);
    expect(fed.operators).toEqual([
      {
        name: 'alpha',
        index: 0,
        rethinkdbHost: 'rethinkdb-alpha',
        nodeHost: 'bigchaindb-alpha',
        apiPort: 9984,
        project: 'fedlab-lab1-alpha',
      },
      {
        name: 'beta',
        index: 1,
        rethinkdbHost: 'db.beta.example',
        nodeHost: 'bigchaindb-beta',
        apiPort: 20000,
        project: 'fedlab-lab1-beta',
      },
    ]);
  });

  it('gives basePort + position and refuses two operators on one port', () => {
    expect(assignApiPorts([{ name: 'a' }, { name: 'b' }, { name: 'c' }], 30000)).toEqual([
      30000, 30001, 30002,
    ]);
    expect(() => assignApiPorts([{ name: 'a' }, { name: 'b', apiPort: 30000 }], 30000)).toThrow(
      PortConflictError,
    );
    expect(() => assignApiPorts([{ name: 'a' }, { name: 'b', apiPort: 30000 }], 30000)).toThrow(
      /wanted by both "a" and "b"/,
    );
  });
});
