// Fakes of what a scenario touches (the lab, load, checks, node reads, time) that behave like the
// real ones: a virtual clock that sleeps advance, loads that post once a second to the targets
// live at that moment, faults and up/down recorded as calls.
import type { MembershipResult } from '../../../../src/lab/membership/types.js';
import { createLabContext } from '../../../../src/lab/context.js';
import type { Federation } from '../../../../src/lab/federation/model.js';
import type { FaultAction, FaultTarget } from '../../../../src/lab/fault/plan.js';
import type { FaultRecord } from '../../../../src/lab/fault/record.js';
import { PlainProgress } from '../../../../src/lab/progress/progress.js';
import type { BundleInput } from '../../../../src/lab/scenario/bundle.js';
import type {
  InvariantReport,
  LoadHandle,
  LoadResult,
  LoadSpec,
  LoadTarget,
  PostedTx,
} from '../../../../src/lab/scenario/deps.js';
import type { ScenarioLab, ScenarioServices } from '../../../../src/lab/scenario/services.js';
import type { FederationStatus } from '../../../../src/lab/status/types.js';
import type { RunningFederation } from '../../../../src/lab/up/running-federation.js';
import { FakeDocker } from '../../../support/lab-fakes.js';

export const OPERATORS = ['alpha', 'beta', 'gamma'];
const keyOf = (op: string) => `key-${op}`;
const urlOf = (op: string) => `http://fake-${op}`;

class FakeLoad {
  readonly posted: PostedTx[] = [];
  private nextAtMs: number;
  private readonly endMs: number;
  readonly done: Promise<LoadResult>;
  private stopped = false;

  constructor(
    readonly spec: LoadSpec,
    private readonly targets: () => LoadTarget[],
    private readonly world: FakeWorld,
  ) {
    this.nextAtMs = world.nowMs;
    this.endMs = world.nowMs + spec.durationMs;
    const startedAtMs = world.nowMs;
    // Ends once the runner waits for something the clock does not drive (await, the end).
    this.done = new Promise((resolve) =>
      setImmediate(() => {
        if (!this.stopped) this.tick(this.endMs - 1);
        const accepted = this.posted.filter((p) => p.accepted).length;
        resolve({
          spec,
          startedAtMs,
          endedAtMs: this.endMs,
          posted: this.posted,
          accepted,
          rejected: this.posted.length - accepted,
          skipped: 0,
          notSeenValid: 0,
        });
      }),
    );
  }

  tick(nowMs: number): void {
    for (; !this.stopped && this.nextAtMs <= nowMs && this.nextAtMs < this.endMs; this.nextAtMs += 1000) {
      const live = this.targets();
      const via = live[this.posted.length % Math.max(live.length, 1)];
      this.posted.push({
        id: `tx-${this.spec.seed}-${this.posted.length}`,
        kind: 'create',
        operator: via?.operator ?? 'none',
        postedAtMs: this.nextAtMs,
        answeredAtMs: this.nextAtMs + 5,
        accepted: via !== undefined,
        spends: [],
        validAtMs: this.nextAtMs + this.world.latencyMs,
      });
    }
  }

  stop(): void {
    this.stopped = true;
  }
}

export class FakeWorld {
  nowMs = 1_700_000_000_000;
  latencyMs = 800;
  allValid = true;
  engine: 'rethinkdb' | 'reqlite' = 'rethinkdb';
  readonly calls: string[] = [];
  readonly progress: string[] = [];
  readonly bundles: BundleInput[] = [];
  readonly loads: FakeLoad[] = [];
  /** Targets each load saw at each post, "operator@second". */

  constructor(readonly stateDir: string) {}

  advance(ms: number): void {
    const end = this.nowMs + ms;
    while (this.nowMs < end) {
      this.nowMs = Math.min(this.nowMs + 1000, end);
      for (const load of this.loads) load.tick(this.nowMs);
    }
  }

  lab(): ScenarioLab {
    const context = createLabContext({
      stateDir: this.stateDir,
      docker: new FakeDocker(),
      progress: new PlainProgress((line) => this.progress.push(line)),
    });
    return {
      context,
      up: async (source) => this.up(source as Federation),
      down: async (name, options) => {
        this.calls.push(`down ${name}${options?.volumes ? ' --volumes' : ''}`);
        return { containers: [], networks: [], volumes: [] };
      },
      fault: async (name, action, operator, options) => this.fault(name, action, operator, options?.target),
      status: async (name) => this.status(name),
      admit: async (name, operator, options) => this.membership('admit', name, operator, options?.rejectBy),
      remove: async (name, operator, options) => this.membership('remove', name, operator, options?.rejectBy),
      rotateKey: async (name, operator, options) =>
        this.membership('rotate-key', name, operator, options?.rejectBy),
    };
  }

  /** The membership epoch the fake federation is in, and the decided blocks' statuses. */
  epoch = 0;
  readonly decided = new Map<string, 'valid' | 'invalid'>([['b1', 'valid']]);

  /** As the lab decides under majority: approved unless most of the three vote no. */
  private async membership(
    change: 'admit' | 'remove' | 'rotate-key',
    federation: string,
    operator: string,
    rejectBy: readonly string[] = [],
  ): Promise<MembershipResult> {
    this.calls.push(`${change} ${operator}${rejectBy.length ? ` reject-by ${rejectBy.join(',')}` : ''}`);
    const votes = OPERATORS.map((op) => ({
      operator: op,
      publicKey: keyOf(op),
      vote: rejectBy.includes(op) ? ('no' as const) : ('yes' as const),
    }));
    const outcome = votes.filter((v) => v.vote === 'yes').length * 2 > votes.length ? 'approved' : 'rejected';
    if (outcome === 'approved') this.epoch += 1;
    return {
      federation,
      operator,
      change,
      outcome,
      rule: 'majority',
      votes,
      tally: {} as MembershipResult['tally'],
      epoch: outcome === 'approved' ? 1 : 0,
      recordId: 'r',
      members: OPERATORS.map((op) => ({ operator: op, publicKey: keyOf(op) })),
      notes: [],
      timings: [],
      elapsedMs: 1,
    };
  }

  services(): Partial<ScenarioServices> {
    return {
      now: () => this.nowMs,
      sleep: async (ms) => this.advance(ms),
      startLoad: (spec, targets): LoadHandle => {
        this.calls.push(`load ${spec.rate}/s ${spec.durationMs} ms seed ${spec.seed}`);
        const load = new FakeLoad(spec, targets, this);
        this.loads.push(load);
        return { done: load.done, stop: () => load.stop() };
      },
      waitAllValid: async (targets, ids) => {
        this.calls.push(`all-valid ${ids.length} on ${targets.map((t) => t.operator).join(',')}`);
        return this.allValid
          ? { ok: true, afterMs: 120, notValid: [] }
          : {
              ok: false,
              afterMs: 60_000,
              notValid: [{ txId: ids[0] ?? 'x', operator: 'gamma', status: 'backlog' }],
            };
      },
      // As the tables would say: every accepted transaction ended in a VALID block.
      lostTransactions: async () => [],
      checkInvariants: async (federation, _targets, posted) => {
        this.calls.push(`invariants ${federation} ${posted.length}`);
        return okInvariants(posted.length);
      },
      // As the tables would say: decided when the load saw it (the fake has no separate clock for votes).
      timelines: async () =>
        new Map(
          this.loads
            .flatMap((l) => l.posted)
            .flatMap((tx) =>
              tx.validAtMs === undefined ? [] : [[tx.id, { blocks: [], decidedAtMs: tx.validAtMs }]],
            ),
        ),
      backup: async (federation, file) => {
        this.calls.push(`backup ${federation}`);
        return {
          file,
          federation,
          members: [],
          blocks: 3,
          votes: 9,
          backlog: 0,
          transactions: 10,
          bytes: 1,
          sha256: '',
        };
      },
      restore: async (federation, file) => {
        this.calls.push(`restore ${federation} ${file}`);
        return { file, federation, blocks: 3, votes: 9, backlog: 0, rebuilt: { assets: 10 } };
      },
      postProbe: async (via) => {
        this.calls.push(`probe via ${via.operator}`);
        return 'probe-tx';
      },
      validBlocksHolding: async (_via, txId) => [`block-${txId.slice(0, 8)}`],
      // Membership, as the nodes and tables would say it: the epoch the last approved change made.
      epochOf: async () => this.epoch,
      blockEpochOf: async () => this.epoch,
      decidedStatuses: async () => new Map(this.decided),
      votersOf: async () => OPERATORS.map(keyOf),
      writeBundle: async (input) => {
        this.bundles.push(input);
      },
    };
  }

  private async up(source: Federation): Promise<RunningFederation> {
    this.calls.push(`up ${source.name} (${String(source.engine)})`);
    this.advance(20_000);
    const operators = source.operators.map((op) => ({
      name: op.name,
      publicKey: keyOf(op.name),
      apiUrl: urlOf(op.name),
      rethinkdbHost: op.rethinkdbHost,
      nodeHost: op.nodeHost,
      project: op.project,
      directory: `${this.stateDir}/${source.name}/${op.name}`,
    }));
    return {
      name: source.name,
      engine: this.engine,
      engineNote: '',
      operators,
      database: { servers: [], users: [] },
      probeTransactionId: undefined,
      timings: [],
      readyAfterMs: 20_000,
      status: async () => this.status(source.name),
      down: async () => ({ containers: [], networks: [], volumes: [] }),
    };
  }

  private async fault(
    federation: string,
    action: FaultAction,
    operator: string,
    target: FaultTarget | undefined,
  ): Promise<FaultRecord> {
    this.calls.push(`fault ${action} ${operator}${target ? ` --target ${target}` : ''}`);
    const container = `bigchaindb-${operator}`;
    return {
      time: new Date(this.nowMs).toISOString(),
      federation,
      operator,
      action,
      targets: [container],
      result: 'ok',
      outcomes: { [container]: 'done' },
    };
  }

  private async status(name: string): Promise<FederationStatus> {
    this.calls.push(`status ${name}`);
    return {
      name,
      engine: this.engine,
      engineNote: '',
      database: { containers: [], servers: [] },
      operators: OPERATORS.map((op) => ({
        name: op,
        containers: [],
        apiUrl: urlOf(op),
        health: 'healthy',
        problems: [],
        publicKey: keyOf(op),
        keyringAgrees: true,
      })),
      allHealthy: true,
      keyringsAgree: true,
    };
  }
}

export function okInvariants(accepted: number): InvariantReport {
  return {
    ok: true,
    checks: [
      {
        name: 'accepted-valid-once',
        ok: true,
        summary: `${accepted} accepted, each VALID once`,
        violations: [],
      },
    ],
    counts: { accepted },
  };
}
