// @ts-check
/**
 * Mutation testing of src/ (`npm run test:mutation`): Stryker mutates the source and runs the
 * tests each mutant is covered by (coverageAnalysis perTest), one mutant at a time. The survivors
 * and why each one survives are listed in test/mutation-report.md. Work files, the incremental
 * cache and the reports live under node_modules/.cache/stryker, outside the repository's tree.
 * @type {import('@stryker-mutator/api/core').PartialStrykerOptions}
 */
const part = process.env.STRYKER_PART ? `-${process.env.STRYKER_PART}` : ''
const config = {
  packageManager: 'npm',
  testRunner: 'vitest',
  plugins: ['@stryker-mutator/vitest-runner'],
  vitest: { configFile: 'test/stryker.vitest.config.ts', related: false },
  coverageAnalysis: 'perTest',
  // Stryker prepends `// @ts-nocheck` to the files it matches; only the mutated sources need it
  // (the README test compares test/examples/*.ts byte for byte with the README's code blocks).
  disableTypeChecks: 'src/**/*.ts',
  // STRYKER_MUTATE (comma-separated paths) runs one part of src/ and keeps its reports under
  // its own name (STRYKER_PART), so a long run can be done in parts; test/mutation-report.mjs
  // merges every part's report.
  mutate: process.env.STRYKER_MUTATE ? process.env.STRYKER_MUTATE.split(',') : [
    'src/**/*.ts',
    // Re-exports only: no code to mutate.
    '!src/index.ts',
    // The Node-only command line is tested by spawning the built dist/cli.js (test/cli.test.ts);
    // Stryker cannot see coverage in a spawned process, so its mutants would only count as
    // unreached. Its logic is the corpus runner (test/vectors/) and verifyAccessToken, both
    // mutated and tested here.
    '!src/cli.ts',
  ],
  // Static mutants change module-level code that runs once at import (the algorithm table, the
  // message tables, the lists of codes): Stryker cannot tell which tests reach them, so each one
  // reruns the whole suite. Measured here on the first run: 1,081 of 5,624 mutants (19 %) were
  // static and Stryker estimated them at 67 % of the run time (over 3 hours on two cores). They
  // are ignored (reported as Ignored, outside the score); the tables they would mutate are pinned
  // by the corpus and by test/codes.mjs's exhaustiveness checks.
  ignoreStatic: true,
  // Two test runners: the two cores of the machines this runs on.
  concurrency: 2,
  timeoutMS: 20_000,
  timeoutFactor: 2,
  tempDirName: 'node_modules/.cache/stryker/tmp',
  cleanTempDir: true,
  incremental: true,
  incrementalFile: `node_modules/.cache/stryker/incremental${part}.json`,
  reporters: ['clear-text', 'progress-append-only', 'json', 'html'],
  jsonReporter: { fileName: `node_modules/.cache/stryker/mutation${part}.json` },
  htmlReporter: { fileName: `node_modules/.cache/stryker/mutation${part}.html` },
  clearTextReporter: { allowColor: false, logTests: false, maxTestsToLog: 0 },
  thresholds: { high: 95, low: 90, break: 90 },
}
export default config
