import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // The summary reporter prints the plain `N passed, M failed` line CI reads.
    reporters: ['default', './test/support/summary-reporter.ts'],
    testTimeout: 20_000,
    hookTimeout: 20_000,
    // Integration suites start their own emulator on port 0, so files can run in parallel.
    pool: 'forks',
  },
})
