/**
 * The size budget: what an application bundling this package pays, measured as the README states
 * it (esbuild --bundle --minify --format=esm --platform=browser on the built dist/, gzip -9).
 * Fails above the budget in test/bench/size.mjs and prints the figures either way. Needs
 * `npm run build` first (npm test builds before running the tests).
 */
import { describe, expect, it } from 'vitest'
import { BUDGETS, ENTRIES, measureEntry, TARGETS } from './bench/size.mjs'

describe('bundle size (gzip -9 of an esbuild browser bundle)', () => {
  it.each(Object.keys(BUDGETS))('%s → within the budget', async (name) => {
    const { minified, gzip } = await measureEntry(ENTRIES[name]!)
    console.log(`size: ${name}: ${gzip} B gzipped (${minified} B minified); budget ${BUDGETS[name]} B, issue 10 target ${TARGETS[name]} B`)
    expect(gzip).toBeLessThanOrEqual(BUDGETS[name]!)
  })

  it('createVerifier alone → no fetching code (createRemoteJwks stays out of the bundle)', async () => {
    const alone = await measureEntry(ENTRIES['createVerifier alone']!)
    const remote = await measureEntry("export { createVerifier, createRemoteJwks } from './dist/index.js'")
    // The remote key set, discovery and the fetch code are over 1.5 KB gzipped on their own.
    expect(remote.gzip - alone.gzip).toBeGreaterThan(1000)
  })
})
