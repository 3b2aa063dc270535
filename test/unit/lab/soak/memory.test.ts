import { describeMemory, memoryFigures, MIN_SAMPLES } from '../../../../src/lab/soak/memory.js';
import { MemorySampler } from '../../../../src/lab/soak/sampler.js';
import { FakeDocker } from '../../../support/lab-fakes.js';

const MiB = 1024 * 1024;
const series = (values: number[]) => values.map((v, i) => ({ atMs: i * 5_000, bytes: v * MiB }));

describe('memory growth during a soak', () => {
  it('a flat node with noise and a restart dip does not grow', () => {
    const f = memoryFigures('alpha', series([40, 60, 61, 59, 62, 30, 58, 60, 61, 63, 60, 62, 61]))!;
    expect(f.grew).toBe(false);
    expect(f.peakBytes).toBe(63 * MiB);
    expect(describeMemory(f)).toMatch(
      /^alpha: 6\d\.\d MiB -> 6\d\.\d MiB \(peak 63\.0 MiB, [+-]\d\.\d MiB of 64\.0 MiB allowed\)$/,
    );
  });

  it('a node that keeps growing is caught', () => {
    const f = memoryFigures('beta', series(Array.from({ length: 30 }, (_, i) => 60 + i * 6)))!;
    expect(f.grew).toBe(true);
    expect(f.growthBytes).toBeGreaterThan(f.allowedGrowthBytes);
    expect(describeMemory(f)).toMatch(/GREW$/);
  });

  it('a large node may grow by half of its size; too few samples are reported, not judged', () => {
    const big = memoryFigures('gamma', series([400, 400, 410, 420, 430, 450, 480, 500, 520, 540]))!;
    expect(big.allowedGrowthBytes).toBeGreaterThanOrEqual(200 * MiB);
    expect(big.grew).toBe(false);
    const few = memoryFigures(
      'delta',
      series(Array.from({ length: MIN_SAMPLES - 1 }, (_, i) => 60 + i * 100)),
    )!;
    expect(few.grew).toBe(false);
    expect(describeMemory(few)).toMatch(/not judged/);
    expect(memoryFigures('none', [])).toBeUndefined();
  });

  it('the sampler reads running node containers of its federation only', async () => {
    const docker = new FakeDocker();
    const node = (id: string, operator: string, federation: string, state = 'running') => ({
      id,
      name: id,
      image: 'fedlab/node',
      state,
      status: '',
      ports: [],
      labels: { 'fedlab.federation': federation, 'fedlab.operator': operator, 'fedlab.role': 'node' },
    });
    docker.containers = [
      node('a', 'alpha', 'sc-soak'),
      node('b', 'beta', 'sc-soak', 'exited'),
      node('x', 'alpha', 'other'),
    ];
    docker.memory
      .set('a', 50 * MiB)
      .set('b', 70 * MiB)
      .set('x', 90 * MiB);
    let t = 0;
    const sampler = new MemorySampler(docker, 'sc-soak', 1_000, () => (t += 1_000));
    await sampler.sampleOnce();
    docker.memory.set('a', 55 * MiB);
    await sampler.sampleOnce();
    expect([...sampler.byOperator()]).toEqual([
      [
        'alpha',
        [
          { atMs: 1_000, bytes: 50 * MiB },
          { atMs: 2_000, bytes: 55 * MiB },
        ],
      ],
    ]);
  });
});
