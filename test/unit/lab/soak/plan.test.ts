import { soakScenario, soakSchedule, segmentMs } from '../../../../src/lab/soak/plan.js';

describe('the soak plan', () => {
  it('a 10-minute soak: minute segments, eight faults, the four kinds twice, admission and removal between', () => {
    const s = soakSchedule(600_000);
    expect(s).toEqual({ segmentMs: 60_000, faults: 8, admitAfter: 2, removeAfter: 5 });
    const scenario = soakScenario({ durationMs: 600_000, rate: 20 });
    const faults = scenario.steps.flatMap((st) => (st.kind === 'fault' ? [st.fault] : []));
    // Each fault and its heal, on gamma for the first four, beta for the next four.
    expect(faults.map((f) => `${f.action}${f.target ? `/${f.target}` : ''} ${f.operator}`)).toEqual([
      'kill gamma',
      'start gamma',
      'pause/node gamma',
      'unpause/node gamma',
      'partition gamma',
      'heal gamma',
      'stop/database gamma',
      'start/database gamma',
      'kill beta',
      'start beta',
      'pause/node beta',
      'unpause/node beta',
      'partition beta',
      'heal beta',
      'stop/database beta',
      'start/database beta',
    ]);
    const changes = scenario.steps.flatMap((st) =>
      st.kind === 'membership' ? [`${st.membership.action} ${st.membership.operator}`] : [],
    );
    expect(changes).toEqual(['admit delta', 'remove delta']);
  });

  it('every fault and every change runs under a load of its own, awaited before the next', () => {
    const scenario = soakScenario({ durationMs: 120_000, rate: 15 });
    const loads = scenario.steps.flatMap((st) => (st.kind === 'load' ? [st.load] : []));
    const awaited = scenario.steps.flatMap((st) => (st.kind === 'await' ? [st.await] : []));
    expect(loads.every((l) => l.background && l.rate === 15 && l.durationMs === segmentMs(120_000))).toBe(
      true,
    );
    expect(awaited).toEqual(loads.map((l) => l.id));
    // Nominal load time adds up to at least the asked duration.
    expect(loads.length * segmentMs(120_000)).toBeGreaterThanOrEqual(120_000);
  });

  it('a 2-minute soak still has all four faults, the admission and the removal; it ends with the ledger checks', () => {
    const scenario = soakScenario({ durationMs: 120_000, rate: 15 });
    const faults = scenario.steps.filter((st) => st.kind === 'fault');
    expect(faults).toHaveLength(8);
    const expects = scenario.steps.flatMap((st) => (st.kind === 'expect' ? [st.expect.kind] : []));
    expect(expects.slice(-3)).toEqual(['all-valid', 'invariants', 'healthy']);
    expect(expects.filter((k) => k === 'epoch')).toHaveLength(2);
    expect(scenario.engines).toEqual(['rethinkdb']);
  });
});
