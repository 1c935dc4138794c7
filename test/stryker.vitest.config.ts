import { relative } from 'node:path'
import { BaseSequencer, type TestSpecification } from 'vitest/node'
import { defineConfig } from 'vitest/config'

// The vitest configuration Stryker runs (test/stryker.config.mjs): the unit, property and corpus
// tests over src/, without the type tests (they judge types, which mutants do not change), the
// JSON report CI reads, or the tests of the build and of the corpus scripts. The files left out,
// and why, are listed in test/mutation-report.md.

const root = new URL('..', import.meta.url).pathname

// Stryker stops a mutant's run at its first failing test, so the order of files is most of the
// run time: files that failed for the last mutant first (a neighbouring mutant likely fails them
// too), then the fast unit tests, then the slow ones (fast-check, the corpus, real sockets and
// sleeps). vitest's own order is the reverse, longest first.
const SLOW_LAST = [
  'test/properties.test.ts', 'test/corpus.test.ts', 'test/pollution.test.ts', 'test/discovery.test.ts',
  'test/remote.test.ts', 'test/outage.test.ts',
]

class FastFirst extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const failed = (spec: TestSpecification) =>
      this.ctx.cache.getFileTestResults(`${spec.project.name}:${relative(root, spec.moduleId)}`)?.failed === true ? 0 : 1
    const rank = (spec: TestSpecification) => SLOW_LAST.indexOf(relative(root, spec.moduleId))
    return [...files].sort((a, b) => failed(a) - failed(b) || rank(a) - rank(b) || a.moduleId.localeCompare(b.moduleId))
  }
}

export default defineConfig({
  root,
  test: {
    include: ['test/**/*.test.ts'],
    exclude: [
      // The built package and the corpus scripts' byte-for-byte output: they test dist/ and the scripts.
      'test/package.test.ts',
      'test/reproducible.test.ts',
      // The fuzzer's fast run uses a fresh seed each time: a mutant it kills once it may miss the next.
      'test/fuzz/**',
      'test/soak/**',
    ],
    sequence: { sequencer: FastFirst },
    testTimeout: 30_000,
  },
})
