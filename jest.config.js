// ESM throughout (package.json "type": "module"): jest runs with --experimental-vm-modules so that
// ESM-only packages (execa) load in tests the same way they load in the built CLI.
const tsJest = ['ts-jest', { useESM: true, tsconfig: 'tsconfig.jest.json', diagnostics: false }];
const common = {
  extensionsToTreatAsEsm: ['.ts'],
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  transform: { '^.+\\.ts$': tsJest },
  testEnvironment: 'node',
};
export default {
  projects: [
    {
      ...common,
      displayName: 'unit',
      testMatch: ['<rootDir>/test/unit/**/*.test.ts', '<rootDir>/src/**/*.test.ts'],
    },
    {
      ...common,
      displayName: 'integration',
      testMatch: ['<rootDir>/test/integration/**/*.test.ts'],
      setupFiles: ['<rootDir>/test/support/docker-env.ts'],
      setupFilesAfterEnv: ['<rootDir>/test/support/timeout-integration.ts'],
    },
    {
      // Not in the test command yet (scripts/test.sh): on a clean CI-like run the RethinkDB server
      // the fuzz nodes share became unreachable mid-run (ECONNREFUSED), cause not yet found.
      // Run it with npm run test:fuzz.
      ...common,
      displayName: 'fuzz',
      testMatch: ['<rootDir>/test/integration/**/*.fuzz.ts'],
      setupFiles: ['<rootDir>/test/support/docker-env.ts'],
      setupFilesAfterEnv: ['<rootDir>/test/support/timeout-integration.ts'],
    },
    {
      ...common,
      displayName: 'e2e',
      testMatch: ['<rootDir>/test/e2e/**/*.test.ts'],
      setupFiles: ['<rootDir>/test/support/docker-env.ts'],
      setupFilesAfterEnv: ['<rootDir>/test/support/timeout-e2e.ts'],
    },
  ],
};
