import { relative } from 'node:path'
import { BaseSequencer, type TestSpecification } from 'vitest/node'
import { defineConfig } from 'vitest/config'

// The vitest configuration Stryker runs (test/stryker.config.mjs): the fast unit tests and the
// corpus test over src/. A full run over every test file was measured first and was too slow here
// (test/mutation-report.md has the figures): each static mutant, and every survivor, runs all
// the tests it reaches, and the socket tests of remote key sets wait out real timeouts. Left out:
// the type tests (mutants do not change types), the tests of the built dist/ (package, size, the
// spawned CLI: Stryker mutates src/, not the build) and of the corpus scripts, the socket
// and sleep tests of remote sets and discovery (test/remote-clock.test.ts covers the same rules
// with a scripted fetch and a fake clock, in milliseconds), the fast-check properties, and the
// fuzzer and soak (fresh seeds and wall-clock schedules: a mutant they kill once they may miss).

const root = new URL('..', import.meta.url).pathname

// Stryker stops a mutant's run at its first failing test, so the order of files is most of the
// run time: files that failed for the last mutant first (a neighbouring mutant likely fails them
// too), then the fast unit tests, then the slower ones. vitest's own order is longest first.
const SLOW_LAST = ['test/pollution.test.ts', 'test/corpus.test.ts']

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
      'test/package.test.ts',
      'test/packed.test.ts',
      'test/size.test.ts',
      'test/sizes.test.ts',
      'test/cli.test.ts',
      'test/reproducible.test.ts',
      'test/remote.test.ts',
      'test/outage.test.ts',
      'test/discovery.test.ts',
      'test/properties.test.ts',
      // Reads the committed report, which a run is about to rewrite: no mutant of src/ reaches it.
      'test/mutation-report.test.ts',
      'test/fuzz/**',
      'test/soak/**',
    ],
    sequence: { sequencer: FastFirst },
    testTimeout: 30_000,
  },
})
