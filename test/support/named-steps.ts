import { it } from '@jest/globals';

/**
 * Scenario steps: named `it` blocks that remember whether any of them failed, so the suite's
 * afterAll can keep logs and files for a failed run and clean up after a passing one.
 */
export function namedSteps(): {
  step: (title: string, fn: () => Promise<void>) => void;
  failed: () => boolean;
} {
  let anyFailed = false;
  const step = (title: string, fn: () => Promise<void>): void =>
    it(title, async () => {
      try {
        await fn();
      } catch (error) {
        anyFailed = true;
        throw error;
      }
    });
  return { step, failed: () => anyFailed };
}
