import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError } from '../../../src/shared/errors.js';
import { problemsOf } from '../../support/federation-problems.js';
import { exampleFederationFile } from '../../../src/lab/federation-file/example.js';
import {
  defineFederation,
  loadFederationFile,
  parseFederationFile,
} from '../../../src/lab/federation-file/parse.js';

describe('federation file', () => {
  it('fills every default from an empty file', () => {
    const f = parseFederationFile('', 'fed.yaml');
    expect(f).toEqual({
      name: 'demo',
      engine: 'auto',
      operators: [
        { name: 'alpha', hostnames: {} },
        { name: 'beta', hostnames: {} },
        { name: 'gamma', hostnames: {} },
      ],
      basePort: 9984,
      database: { publish: false, cacheSizeMb: 256, heartbeatTimeoutSec: 2 },
      policy: {
        create: 'anyone',
        transfer: { allowed: true, metadata: 'allowed' },
        assetSchema: null,
        maxTransactionBytes: 15360,
        read: 'anyone',
      },
    });
  });

  it('accepts the commented example written by init, which states the defaults', () => {
    const f = parseFederationFile(exampleFederationFile('demo'), 'federation.yaml');
    expect(f).toEqual({ ...parseFederationFile('', 'x'), replicas: 3 });
  });

  it('reports each problem as path: message with the file and line', () => {
    const text = [
      'name: Bad_Name',
      'engine: mongo',
      'operators:',
      '  - name: alpha',
      '  - name: alpha',
      'replicas: 3',
      'colour: blue',
    ].join('\n');
    const problems = problemsOf(text);
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^name: must be DNS-safe.*\(fed\.yaml:1\)$/),
        expect.stringMatching(/^engine: .*\(fed\.yaml:2\)$/),
        expect.stringMatching(/^\(root\): Unrecognized key.*colour.*\(fed\.yaml:7\)$/),
      ]),
    );
  });

  it('rejects a basePort that leaves no valid port for the last operators', () => {
    const problems = problemsOf('basePort: 65534\noperators:\n  - name: a\n  - name: b\n  - name: c\n');
    expect(problems).toEqual([
      'basePort: too high for 3 operators: operators.2 would get port 65536 (at most 65535) (fed.yaml:1)',
    ]);
    // An operator with its own apiPort needs no room above basePort.
    expect(() =>
      parseFederationFile('basePort: 65535\noperators:\n  - name: a\n  - name: b\n    apiPort: 9000\n'),
    ).not.toThrow();
  });

  it('says a file that is not UTF-8 is not UTF-8', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'fedlab-file-'));
    const file = join(dir, 'federation.yaml');
    await writeFile(file, Buffer.from('name: d\xe9mo\n', 'latin1'));
    const error = await loadFederationFile(file).catch((e: unknown) => e);
    await rm(dir, { recursive: true, force: true });
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).problems).toEqual(['(file): is not UTF-8 text; save it as UTF-8']);
  });

  it('rejects duplicate operator names and more replicas than servers', () => {
    const problems = problemsOf('operators:\n  - name: alpha\n  - name: alpha\nreplicas: 3\n');
    expect(problems).toContain('operators.1.name: duplicate of operators.0.name ("alpha") (fed.yaml:3)');
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^replicas: must be at most the number of operators \(2\).*\(fed\.yaml:4\)$/),
      ]),
    );
  });

  it('rejects names that are not DNS-safe or are reserved', () => {
    const problems = problemsOf('operators:\n  - name: Alpha\n  - name: db\n  - name: -x\n');
    expect(problems.map((p) => p.split(':')[0])).toEqual([
      'operators.0.name',
      'operators.1.name',
      'operators.2.name',
    ]);
    expect(problems[1]).toMatch(/reserved/);
  });

  it('points at the line of a bad nested value', () => {
    const problems = problemsOf('policy:\n  transfer:\n    allowed: maybe\n');
    expect(problems).toEqual([expect.stringMatching(/^policy\.transfer\.allowed: .*\(fed\.yaml:3\)$/)]);
  });

  it('reports YAML syntax errors with their line', () => {
    const problems = problemsOf('name: demo\noperators: [alpha\n');
    expect(problems[0]).toMatch(/^\(yaml\): .*\(fed\.yaml:\d\)$/);
  });

  it('validates in-memory federations the same way', () => {
    expect(() => defineFederation({ operators: [] })).toThrow(/operators: needs at least one operator/);
    expect(defineFederation({ name: 'x', operators: [{ name: 'a' }] }).operators).toEqual([
      { name: 'a', hostnames: {} },
    ]);
  });
});
