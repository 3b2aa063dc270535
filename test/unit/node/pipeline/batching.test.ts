import { batchDecision } from '../../../../src/node/pipeline/batching.js';

const base = { maxTxs: 10, maxWaitMs: 100, nowMs: 1_000 };

describe('batchDecision', () => {
  test('idle with nothing waiting', () => {
    expect(batchDecision({ ...base, waiting: 0, pendingSinceMs: 900 })).toEqual({ action: 'idle' });
  });
  test('packs at once when a full block waits', () => {
    expect(batchDecision({ ...base, waiting: 10, pendingSinceMs: null })).toEqual({ action: 'pack' });
  });
  test('waits for the rest of T from when it first saw work', () => {
    expect(batchDecision({ ...base, waiting: 3, pendingSinceMs: null })).toEqual({
      action: 'wait',
      retryInMs: 100,
      pendingSinceMs: 1_000,
    });
    expect(batchDecision({ ...base, waiting: 3, pendingSinceMs: 960 })).toEqual({
      action: 'wait',
      retryInMs: 60,
      pendingSinceMs: 960,
    });
  });
  test('rows assigned longer than T ago (they piled up while the stage was busy) are packed at once', () => {
    expect(batchDecision({ ...base, waiting: 3, pendingSinceMs: null, oldestAssignedAtMs: 850 })).toEqual({
      action: 'pack',
    });
    // Assigned 30 ms ago, first seen now: wait the remaining 70 ms, not a whole T.
    expect(batchDecision({ ...base, waiting: 3, pendingSinceMs: null, oldestAssignedAtMs: 970 })).toEqual({
      action: 'wait',
      retryInMs: 70,
      pendingSinceMs: 1_000,
    });
    // An assignment clock ahead of ours never makes it wait past T from first sight.
    expect(batchDecision({ ...base, waiting: 3, pendingSinceMs: 900, oldestAssignedAtMs: 5_000 })).toEqual({
      action: 'pack',
    });
  });
  test('packs a partial block once T has passed', () => {
    expect(batchDecision({ ...base, waiting: 3, pendingSinceMs: 900 })).toEqual({ action: 'pack' });
  });
});
