import { fileURLToPath } from 'node:url'
import { defineConfig } from 'vitest/config'

const source = (path: string) => fileURLToPath(new URL(path, import.meta.url))

export default defineConfig({
  resolve: {
    // Tests, docs and examples import the package by name; run them against the source.
    alias: [
      { find: /^auth0plus$/, replacement: source('./src/index.ts') },
      { find: /^auth0plus\/emulator$/, replacement: source('./src/emulator/index.ts') },
    ],
  },
  test: {
    include: ['test/**/*.test.ts', 'examples/**/*.test.ts'],
    // The summary reporter prints the plain `N passed, M failed` line CI reads.
    reporters: ['default', './test/support/summary-reporter.ts'],
    // Type tests (*.test-d.ts) run through tsc and count as tests.
    typecheck: {
      enabled: true,
      include: ['test/types/**/*.test-d.ts'],
      tsconfig: './tsconfig.json',
    },
    testTimeout: 20_000,
    hookTimeout: 20_000,
    // Integration suites start their own emulator on port 0, so files can run in parallel.
    pool: 'forks',
  },
})
