import { problemsOf } from '../../support/federation-problems.js';
import { exampleFederationFile } from '../../../src/lab/federation-file/example.js';
import { parseFederationFile } from '../../../src/lab/federation-file/parse.js';
import {
  replicaProblem,
  replicaWarnings,
  toleratedFailures,
  writeMajority,
} from '../../../src/lab/federation-file/replicas.js';
import { resolveFederation } from '../../../src/lab/federation/model.js';

const operators = (n: number) =>
  'operators:\n' +
  ['a', 'b', 'c', 'd', 'e']
    .slice(0, n)
    .map((name) => `  - name: ${name}\n`)
    .join('');

describe('federation file: database section', () => {
  it('defaults to no published ports and a 256 MB cache per server', () => {
    expect(parseFederationFile('', 'x').database).toEqual({
      publish: false,
      cacheSizeMb: 256,
      heartbeatTimeoutSec: 2,
    });
  });

  it('takes publish, cacheSizeMb and heartbeatTimeoutSec', () => {
    const text = 'database:\n  publish: true\n  cacheSizeMb: 512\n  heartbeatTimeoutSec: 5\n';
    const file = parseFederationFile(text, 'x');
    const expected = { publish: true, cacheSizeMb: 512, heartbeatTimeoutSec: 5 };
    expect(file.database).toEqual(expected);
    expect(resolveFederation(file).database).toEqual(expected);
  });

  it('reports a bad value or an unknown key with its path and line', () => {
    expect(problemsOf('database:\n  heartbeatTimeoutSec: 1\n')).toEqual([
      'database.heartbeatTimeoutSec: must be at least 2 (fed.yaml:2)',
    ]);
    expect(problemsOf('database:\n  cacheSizeMb: 10\n')).toEqual([
      'database.cacheSizeMb: must be at least 64 (fed.yaml:2)',
    ]);
    expect(problemsOf('database:\n  publish: yes please\n')).toEqual([
      expect.stringMatching(/^database\.publish: .*\(fed\.yaml:2\)$/),
    ]);
    expect(problemsOf('database:\n  port: 28015\n')).toEqual([
      expect.stringMatching(/^database: Unrecognized key.*port.*\(fed\.yaml:2\)$/),
    ]);
  });

  it('is in the commented example init writes, with its defaults', () => {
    const text = exampleFederationFile('demo');
    expect(text).toMatch(
      /^database:\n(?: {2}#.*\n)* {2}publish: false\n(?: {2}#.*\n)* {2}cacheSizeMb: 256\n/m,
    );
  });
});

describe('replica counts', () => {
  it('a write needs floor(R/2)+1 of R replicas', () => {
    expect([1, 2, 3, 4, 5].map(writeMajority)).toEqual([1, 2, 2, 3, 3]);
    expect([1, 2, 3, 4, 5].map(toleratedFailures)).toEqual([0, 0, 1, 1, 2]);
  });

  it('refuses more replicas than operators (each replica needs its own server)', () => {
    expect(replicaProblem(3, 3)).toBeUndefined();
    expect(replicaProblem(4, 3)).toMatch(/at most the number of operators \(3\)/);
    expect(problemsOf(operators(2) + 'replicas: 3\n')).toEqual([
      expect.stringMatching(/^replicas: must be at most the number of operators \(2\).*\(fed\.yaml:4\)$/),
    ]);
  });

  it('warns, naming the numbers, when losing one server stops writes (any R < 3)', () => {
    expect(replicaWarnings(2, 2)).toEqual([
      expect.stringContaining(
        'replicas: 2 with 2 operators: writes need a majority of the replicas, floor(2/2)+1 = 2 of 2',
      ),
    ]);
    expect(replicaWarnings(2, 2)[0]).toMatch(/with 3 operators and replicas: 3 .* \(majority 2 of 3\)/);
    const single = replicaWarnings(1, 3)[0];
    expect(single).toMatch(/floor\(1\/2\)\+1 = 1 of 1/);
    expect(single).toMatch(/single copy/);
    expect(single).toMatch(/set replicas: 3/);
    expect(replicaWarnings(1, 1)[0]).toMatch(/^replicas: 1 with 1 operator:/);
  });

  it('does not warn when one server can be lost', () => {
    for (const r of [3, 4, 5]) expect(replicaWarnings(r, 5)).toEqual([]);
  });

  it('a checked file carries the warning (default replicas of 2 operators is 2); it is not refused', () => {
    const two = resolveFederation(parseFederationFile(operators(2), 'x'));
    expect(two.replicas).toBe(2);
    expect(two.warnings).toEqual([expect.stringMatching(/2 of 2/)]);
    const three = resolveFederation(parseFederationFile(operators(3), 'x'));
    expect(three.warnings).toEqual([]);
    const explicit = resolveFederation(parseFederationFile(operators(3) + 'replicas: 1\n', 'x'));
    expect(explicit.warnings).toEqual([expect.stringMatching(/1 of 1/)]);
  });
});

describe('governance', () => {
  it('gives the admission rule (default majority); nothing is ignored', () => {
    const withIt = resolveFederation(parseFederationFile('governance:\n  admission: unanimous\n', 'x'));
    expect(withIt.admission).toBe('unanimous');
    expect(withIt.ignored).toEqual([]);
    expect(resolveFederation(parseFederationFile('', 'x')).admission).toBe('majority');
  });

  it('a wrong value is still refused with its path', () => {
    expect(problemsOf('governance:\n  admission: sometimes\n')).toEqual([
      expect.stringMatching(/^governance\.admission: /),
    ]);
  });
});
