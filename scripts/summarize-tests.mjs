// Adds up the jest JSON reports of every test group and prints one closing line
// "tests: N passed, N failed, N skipped". Exits non-zero when a group is missing or ran nothing.
import { readFileSync, existsSync } from 'node:fs';
const dir = process.argv[2];
const groups = ['unit', 'integration', 'e2e'];
let passed = 0,
  failed = 0,
  skipped = 0,
  problems = [];
for (const g of groups) {
  const file = `${dir}/${g}.json`;
  if (!existsSync(file)) {
    problems.push(`${g}: no report (the run crashed before jest finished)`);
    continue;
  }
  const r = JSON.parse(readFileSync(file, 'utf8'));
  passed += r.numPassedTests;
  failed += r.numFailedTests;
  skipped += r.numPendingTests + (r.numTodoTests ?? 0);
  failed += r.numRuntimeErrorTestSuites;
  if (r.numTotalTests === 0) problems.push(`${g}: ran no test`);
  console.log(
    `[test] ${g}: ${r.numPassedTests} passed, ${r.numFailedTests} failed, ${r.numPendingTests} skipped, ${r.numRuntimeErrorTestSuites} suites failed to run`,
  );
}
for (const p of problems) console.log(`[test] problem: ${p}`);
console.log(`tests: ${passed} passed, ${failed} failed, ${skipped} skipped`);
process.exit(failed > 0 || problems.length > 0 ? 1 : 0);
