import { AbortedError, notYet, pollUntil, ready } from '../../../src/shared/poll.js';
import { TimeoutError } from '../../../src/shared/errors.js';

describe('pollUntil', () => {
  it('returns the value once the check is done', async () => {
    let n = 0;
    const value = await pollUntil(async () => (++n < 3 ? notYet(`only ${n}`) : ready(n)), {
      what: 'three',
      timeoutMs: 2000,
      intervalMs: 1,
    });
    expect(value).toBe(3);
  });

  it('times out naming what it waited for and the last problem', async () => {
    const p = pollUntil(async () => notYet('still 1 of 3'), {
      what: 'the cluster',
      timeoutMs: 50,
      intervalMs: 10,
    });
    await expect(p).rejects.toThrow(TimeoutError);
    await expect(
      pollUntil(async () => notYet('still 1 of 3'), { what: 'the cluster', timeoutMs: 30, intervalMs: 10 }),
    ).rejects.toThrow(/timed out after 30 ms waiting for the cluster \(last problem: still 1 of 3\)/);
  });

  it('treats thrown errors as not yet, unless fatal', async () => {
    let n = 0;
    const value = await pollUntil(
      async () => {
        if (++n < 2) throw new Error('ECONNREFUSED');
        return ready('up');
      },
      { what: 'x', timeoutMs: 1000, intervalMs: 1 },
    );
    expect(value).toBe('up');
    const fatal = new Error('INVALID');
    await expect(
      pollUntil(async () => Promise.reject(fatal), {
        what: 'x',
        timeoutMs: 1000,
        isFatal: (e) => e === fatal,
      }),
    ).rejects.toBe(fatal);
  });

  it('stops when aborted', async () => {
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 20);
    await expect(
      pollUntil(async () => notYet('no'), {
        what: 'x',
        timeoutMs: 10_000,
        intervalMs: 5,
        signal: controller.signal,
      }),
    ).rejects.toThrow(AbortedError);
  });
});
