/**
 * The README's sizes are today's: the block `npm run sizes` writes into README.md (bundle sizes,
 * the packed and unpacked package, every file) must equal a fresh measurement exactly. Both
 * measurements are deterministic (esbuild's output, npm's fixed-timestamp tarball), so no
 * tolerance: a change that moves a size, or an edit to the README outside the block (the README
 * is in the package), fails here until `npm run sizes` is run. Needs `npm run build` first (npm
 * test builds).
 */
import { existsSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { measureSizes, readSizesBlock, renderSizes } from './sizes.mjs'

const built = existsSync(new URL('../dist/index.js', import.meta.url))

describe.runIf(built)('README sizes', () => {
  it('the block in README.md → equal to a fresh measurement (else: npm run sizes)', async () => {
    const fresh = renderSizes(await measureSizes())
    expect(readSizesBlock(), 'README.md sizes are stale: run `npm run sizes`').toBe(fresh)
  }, 120_000)
})
