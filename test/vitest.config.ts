import { defineConfig } from 'vitest/config'

// Vitest reads this file through `--config test/vitest.config.ts` (the package root keeps only
// package.json, tsconfig.json, src/, test/ and vectors/). Results also go to a JSON file that
// .ci/run reads for its closing "N passed, N failed" line.
export default defineConfig({
  root: new URL('..', import.meta.url).pathname,
  // The framework examples import the package by name, as the README shows them; here that name
  // is the source (test/tsconfig.json maps it the same way for the type check).
  resolve: { alias: { 'verify-access-token': new URL('../src/index.ts', import.meta.url).pathname } },
  test: {
    include: ['test/**/*.test.ts'],
    reporters: ['default', ['json', { outputFile: 'node_modules/.cache/verify-access-token/vitest.json' }]],
    typecheck: {
      enabled: true,
      include: ['test/**/*.test-d.ts'],
      tsconfig: 'test/tsconfig.json',
    },
    testTimeout: 30_000,
    // Key generation in beforeAll (RSA) can take seconds on a loaded 2-core machine.
    hookTimeout: 60_000,
  },
})
