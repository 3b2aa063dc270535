import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildProgram } from '../../../src/lab/cli/program.js';
import type { ContainerInfo } from '../../../src/lab/docker/docker-client.js';
import { makeFault } from '../../../src/lab/fault/fault.js';
import {
  parseFaultAction,
  planFaultTargets,
  planHeal,
  planPartition,
  REQLITE_PARTITION_REFUSAL,
} from '../../../src/lab/fault/plan.js';
import { faultRecord, faultSummary, readFaultRecords } from '../../../src/lab/fault/record.js';
import { labelsFor } from '../../../src/lab/federation/names.js';
import { createLab } from '../../../src/lab/lab.js';
import { FakeDocker } from '../../support/lab-fakes.js';

const OPS = ['alpha', 'beta', 'gamma'];

/** A running federation "f" as `up` leaves it: per operator a node and a server on both networks. */
function federation(engine: 'rethinkdb' | 'reqlite' = 'rethinkdb'): FakeDocker {
  const docker = new FakeDocker();
  OPS.forEach((op, i) => {
    const roles = engine === 'rethinkdb' ? (['node', 'database'] as const) : (['node'] as const);
    for (const role of roles) {
      const name = role === 'node' ? `bigchaindb-${op}` : `rethinkdb-${op}`;
      const id = `${name}-id`;
      docker.addContainer({ id, name, labels: labelsFor('f', role, op, engine, i) });
      const nets = new Map([['fedlab-f', [name]]]);
      if (engine === 'rethinkdb') nets.set(`fedlab-f-${op}`, [name]);
      docker.attachments.set(id, nets);
    }
  });
  if (engine === 'reqlite')
    docker.addContainer({
      id: 'db',
      name: 'reqlite',
      labels: labelsFor('f', 'shared-database', undefined, engine),
    });
  return docker;
}

const names = (cs: readonly ContainerInfo[]) => cs.map((c) => c.name);

describe('fault planning (pure)', () => {
  const containers = federation().containers;

  it('acts on both of the operator’s containers by default: the node first when taking away', () => {
    const plan = planFaultTargets({ federation: 'f', operator: 'gamma', action: 'kill' }, containers);
    expect(names(plan)).toEqual(['bigchaindb-gamma', 'rethinkdb-gamma']);
  });

  it('brings the database back before the node', () => {
    for (const action of ['start', 'restart', 'unpause'] as const)
      expect(names(planFaultTargets({ federation: 'f', operator: 'beta', action }, containers))).toEqual([
        'rethinkdb-beta',
        'bigchaindb-beta',
      ]);
  });

  it('--target narrows it', () => {
    const req = { federation: 'f', operator: 'alpha', action: 'pause' } as const;
    expect(names(planFaultTargets({ ...req, target: 'node' }, containers))).toEqual(['bigchaindb-alpha']);
    expect(names(planFaultTargets({ ...req, target: 'database' }, containers))).toEqual(['rethinkdb-alpha']);
  });

  it('an unknown operator names the operators there are; no containers: the federation is not running', () => {
    expect(() =>
      planFaultTargets({ federation: 'f', operator: 'delta', action: 'kill' }, containers),
    ).toThrow('federation "f" has no operator "delta"; its operators are: alpha, beta, gamma');
    expect(() => planFaultTargets({ federation: 'g', operator: 'alpha', action: 'kill' }, [])).toThrow(
      /no container of federation "g" exists/,
    );
  });

  it('an unknown action or target names the known ones', () => {
    expect(() => parseFaultAction('explode')).toThrow(
      'unknown fault action "explode"; use one of: kill, stop, start, restart, pause, unpause, partition, heal',
    );
    try {
      parseFaultAction('x');
    } catch (error) {
      expect((error as { code: string }).code).toBe('FAULT_ACTION_UNKNOWN');
    }
  });

  it('on reqlite: partition is refused (it would cut the node off the one shared database), and so is --target database', () => {
    const reqlite = federation('reqlite').containers;
    expect(() =>
      planFaultTargets({ federation: 'f', operator: 'beta', action: 'partition' }, reqlite),
    ).toThrow(REQLITE_PARTITION_REFUSAL.replace('<operator>', 'beta'));
    expect(() =>
      planFaultTargets({ federation: 'f', operator: 'beta', action: 'stop', target: 'database' }, reqlite),
    ).toThrow(/has no database server of its own .*fedlab-f-db.*--target node/);
    expect(names(planFaultTargets({ federation: 'f', operator: 'beta', action: 'stop' }, reqlite))).toEqual([
      'bigchaindb-beta',
    ]);
  });

  it('a partition cuts each target off the federation network, keeping its aliases for heal', () => {
    const [node, db] = planFaultTargets(
      { federation: 'f', operator: 'gamma', action: 'partition' },
      containers,
    );
    const plan = planPartition('f', 'gamma', 'fedlab-f', [
      {
        container: node!,
        networks: { 'fedlab-f': ['bigchaindb-gamma'], 'fedlab-f-gamma': ['bigchaindb-gamma'] },
      },
      { container: db!, networks: { 'fedlab-f-gamma': ['rethinkdb-gamma', 'db.example'] } },
    ]);
    expect(plan).toEqual({
      cuts: [
        {
          container: 'bigchaindb-gamma',
          containerId: 'bigchaindb-gamma-id',
          network: 'fedlab-f',
          aliases: ['bigchaindb-gamma'],
        },
      ],
      alreadyCut: ['rethinkdb-gamma'],
    });
  });

  it('a partition is refused for a container not on its operator network (it would lose its own server)', () => {
    const [node] = planFaultTargets({ federation: 'f', operator: 'gamma', action: 'partition' }, containers);
    expect(() =>
      planPartition('f', 'gamma', 'fedlab-f', [{ container: node!, networks: { 'fedlab-f': [] } }]),
    ).toThrow(/not on its operator's network fedlab-f-gamma .*fedlab up again/);
  });

  it('heal reconnects only what is still cut', () => {
    const cuts = [
      { container: 'a', containerId: '1', network: 'fedlab-f', aliases: ['a'] },
      { container: 'b', containerId: '2', network: 'fedlab-f', aliases: ['b', 'b2'] },
    ];
    const current = new Map<string, Record<string, string[]>>([
      ['a', { 'fedlab-f': ['a'] }],
      ['b', { 'fedlab-f-x': ['b'] }],
    ]);
    expect(planHeal(cuts, current)).toEqual({ reconnect: [cuts[1]], alreadyBack: ['a'] });
  });

  it('a record says when, what, on which containers, and how it went', () => {
    const record = faultRecord({
      at: new Date('2026-01-02T03:04:05.000Z'),
      federation: 'f',
      operator: 'gamma',
      action: 'kill',
      outcomes: [
        ['bigchaindb-gamma', 'done'],
        ['rethinkdb-gamma', 'failed: Container x is not running'],
      ],
    });
    expect(record).toEqual({
      time: '2026-01-02T03:04:05.000Z',
      federation: 'f',
      operator: 'gamma',
      action: 'kill',
      targets: ['bigchaindb-gamma', 'rethinkdb-gamma'],
      result: 'failed',
      outcomes: { 'bigchaindb-gamma': 'done', 'rethinkdb-gamma': 'failed: Container x is not running' },
    });
    expect(faultSummary(record)).toBe(
      '2026-01-02T03:04:05.000Z kill gamma of "f": failed (bigchaindb-gamma done, rethinkdb-gamma failed: Container x is not running)',
    );
  });
});

describe('makeFault with the fake Docker engine', () => {
  let stateDir: string;
  beforeEach(async () => {
    stateDir = await mkdtemp(join(tmpdir(), 'fedlab-fault-'));
  });
  afterEach(async () => {
    await rm(stateDir, { recursive: true, force: true });
  });
  const stateOf = (docker: FakeDocker, name: string) => docker.containers.find((c) => c.name === name)?.state;

  it('kill, then start: states change as on the engine; a second kill is refused and recorded as failed', async () => {
    const docker = federation();
    const killed = await makeFault(docker, stateDir, { federation: 'f', operator: 'beta', action: 'kill' });
    expect(killed.result).toBe('ok');
    expect([stateOf(docker, 'bigchaindb-beta'), stateOf(docker, 'rethinkdb-beta')]).toEqual([
      'exited',
      'exited',
    ]);
    await expect(
      makeFault(docker, stateDir, { federation: 'f', operator: 'beta', action: 'kill', target: 'node' }),
    ).rejects.toMatchObject({ code: 'FAULT_FAILED', message: expect.stringMatching(/is not running/) });
    const started = await makeFault(docker, stateDir, { federation: 'f', operator: 'beta', action: 'start' });
    expect(started.outcomes).toEqual({ 'rethinkdb-beta': 'done', 'bigchaindb-beta': 'done' });
    const again = await makeFault(docker, stateDir, { federation: 'f', operator: 'beta', action: 'start' });
    expect(Object.values(again.outcomes)).toEqual(['unchanged', 'unchanged']);
    const log = await readFaultRecords(join(stateDir, 'f', 'faults.jsonl'));
    expect(log.map((r) => [r.action, r.result])).toEqual([
      ['kill', 'ok'],
      ['kill', 'failed'],
      ['start', 'ok'],
      ['start', 'ok'],
    ]);
  });

  it('partition leaves the operator network in place; heal restores exactly the cut aliases', async () => {
    const docker = federation();
    docker.attachments.get('rethinkdb-gamma-id')!.set('fedlab-f', ['rethinkdb-gamma', 'db.gamma.example']);
    const before = JSON.stringify([...docker.attachments].map(([id, n]) => [id, [...n]]));
    const cut = await makeFault(docker, stateDir, {
      federation: 'f',
      operator: 'gamma',
      action: 'partition',
    });
    expect(cut.outcomes).toEqual({ 'bigchaindb-gamma': 'disconnected', 'rethinkdb-gamma': 'disconnected' });
    expect([...docker.attachments.get('rethinkdb-gamma-id')!.keys()]).toEqual(['fedlab-f-gamma']);
    expect([...docker.attachments.get('bigchaindb-gamma-id')!.keys()]).toEqual(['fedlab-f-gamma']);
    expect(cut.cut?.map((c) => c.aliases)).toEqual([
      ['bigchaindb-gamma'],
      ['rethinkdb-gamma', 'db.gamma.example'],
    ]);

    const healed = await makeFault(docker, stateDir, { federation: 'f', operator: 'gamma', action: 'heal' });
    // The server is restarted too: RethinkDB does not dial a peer whose address changed again.
    expect(healed.outcomes).toEqual({
      'rethinkdb-gamma': 'reconnected, restarted',
      'bigchaindb-gamma': 'reconnected',
    });
    expect(docker.calls.filter((c) => c.startsWith('restart'))).toEqual(['restart rethinkdb-gamma-id']);
    const sorted = (s: string) => JSON.parse(s) as unknown;
    const after = JSON.stringify(
      [...docker.attachments].map(([id, n]) => [id, [...n].sort(([a], [b]) => a.localeCompare(b))]),
    );
    expect(sorted(after)).toEqual(
      sorted(
        JSON.stringify(
          (JSON.parse(before) as [string, [string, string[]][]][]).map(([id, n]) => [
            id,
            n.sort(([a], [b]) => a.localeCompare(b)),
          ]),
        ),
      ),
    );
    await expect(
      makeFault(docker, stateDir, { federation: 'f', operator: 'gamma', action: 'heal' }),
    ).rejects.toMatchObject({ code: 'FAULT_NOT_POSSIBLE' });
    const log = await readFile(join(stateDir, 'f', 'faults.jsonl'), 'utf8');
    expect(
      log
        .trim()
        .split('\n')
        .map((l) => (JSON.parse(l) as { action: string }).action),
    ).toEqual(['partition', 'heal']);
  });
});

describe('heal gives back the address a partition cut (a network with a pinned subnet)', () => {
  let stateDir: string;
  beforeEach(async () => {
    stateDir = await mkdtemp(join(tmpdir(), 'fedlab-fault-ip-'));
  });
  afterEach(async () => {
    await rm(stateDir, { recursive: true, force: true });
  });
  /** As `up` makes it: the federation network with its subnet pinned, every container given an address. */
  function pinnedFederation(): FakeDocker {
    const docker = federation();
    docker.pinnedSubnets.add('fedlab-f');
    let host = 10;
    for (const [id, nets] of docker.attachments)
      if (nets.has('fedlab-f')) docker.addresses.set(id, new Map([['fedlab-f', `10.5.0.${host++}`]]));
    return docker;
  }
  const addressOf = (docker: FakeDocker, id: string) => docker.addresses.get(id)?.get('fedlab-f');

  it('the server comes back with its own address (and is restarted, to rejoin every peer)', async () => {
    const docker = pinnedFederation();
    const before = addressOf(docker, 'rethinkdb-gamma-id');
    const cut = await makeFault(docker, stateDir, {
      federation: 'f',
      operator: 'gamma',
      action: 'partition',
    });
    expect(cut.cut?.find((c) => c.container === 'rethinkdb-gamma')?.address).toBe(before);
    const healed = await makeFault(docker, stateDir, { federation: 'f', operator: 'gamma', action: 'heal' });
    expect(healed.outcomes).toEqual({
      'rethinkdb-gamma': 'reconnected, restarted',
      'bigchaindb-gamma': 'reconnected',
    });
    expect(addressOf(docker, 'rethinkdb-gamma-id')).toBe(before);
    expect(docker.calls).toContain(`connect fedlab-f rethinkdb-gamma-id rethinkdb-gamma ip=${before}`);
    expect(docker.calls.filter((c) => c.startsWith('restart'))).toEqual(['restart rethinkdb-gamma-id']);
  });

  it('a partition file whose address was edited into nonsense: heal still brings the server back', async () => {
    const docker = pinnedFederation();
    await makeFault(docker, stateDir, { federation: 'f', operator: 'gamma', action: 'partition' });
    const file = join(stateDir, 'f', 'gamma', 'partition.json');
    const cuts = JSON.parse(await readFile(file, 'utf8')) as { container: string; address?: unknown }[];
    for (const c of cuts) c.address = c.container === 'rethinkdb-gamma' ? '$(reboot)' : 12;
    await writeFile(file, JSON.stringify(cuts));
    const healed = await makeFault(docker, stateDir, { federation: 'f', operator: 'gamma', action: 'heal' });
    expect(healed.outcomes).toEqual({
      'rethinkdb-gamma': 'reconnected, restarted',
      'bigchaindb-gamma': 'reconnected',
    });
    expect(docker.calls.filter((c) => c.startsWith('restart'))).toEqual(['restart rethinkdb-gamma-id']);
  });

  it('an address taken meanwhile: reconnected with a new one, and the server restarted to rejoin', async () => {
    const docker = pinnedFederation();
    const before = addressOf(docker, 'rethinkdb-gamma-id')!;
    await makeFault(docker, stateDir, { federation: 'f', operator: 'gamma', action: 'partition' });
    docker.addContainer({ id: 'newcomer', name: 'newcomer', labels: {} });
    await docker.connectNetwork('fedlab-f', 'newcomer', [], before);
    const healed = await makeFault(docker, stateDir, { federation: 'f', operator: 'gamma', action: 'heal' });
    expect(healed.outcomes['rethinkdb-gamma']).toBe('reconnected, restarted');
    expect(addressOf(docker, 'rethinkdb-gamma-id')).not.toBe(before);
    expect(docker.calls.filter((c) => c.startsWith('restart'))).toEqual(['restart rethinkdb-gamma-id']);
  });
});

describe('fedlab fault (CLI handler)', () => {
  it('a bad operator name fails with the operators there are; a bad action before touching Docker', async () => {
    const stateDir = await mkdtemp(join(tmpdir(), 'fedlab-fault-cli-'));
    const docker = federation();
    const out: string[] = [];
    const io = {
      out: (l: string) => out.push(l),
      err: () => undefined,
      signal: new AbortController().signal,
    };
    const program = () => buildProgram(io, () => createLab({ docker, stateDir }));
    const argv = (...args: string[]) => ['node', 'fedlab', ...args];
    await expect(program().parseAsync(argv('fault', 'kill', 'nosuch', '--name', 'f'))).rejects.toMatchObject({
      code: 'OPERATOR_UNKNOWN',
      message: 'federation "f" has no operator "nosuch"; its operators are: alpha, beta, gamma',
    });
    await expect(
      program().parseAsync(argv('fault', 'explode', 'alpha', '--name', 'f')),
    ).rejects.toMatchObject({
      code: 'FAULT_ACTION_UNKNOWN',
    });
    await expect(
      program().parseAsync(argv('fault', 'stop', 'alpha', '--name', 'f', '--target', 'disk')),
    ).rejects.toMatchObject({ code: 'FAULT_TARGET_UNKNOWN' });
    expect(docker.calls).toEqual([]);
    await program().parseAsync(argv('fault', 'pause', 'alpha', '--name', 'f', '--target', 'node'));
    expect(out).toEqual([expect.stringMatching(/ pause alpha of "f": ok \(bigchaindb-alpha done\)$/)]);
    await rm(stateDir, { recursive: true, force: true });
  });
});
