/**
 * The committed corpus is what its scripts make: the generators (token and provider vectors from
 * test/keys: generate.mjs and generate/providers.mjs; generate-dpop.mjs for the sender-constrained
 * ones) and the converter (Wycheproof and RFC data from ../shared) reproduce it byte for byte.
 */
import { execFileSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { describe, expect, it } from 'vitest'

const root = new URL('../', import.meta.url)
const run = (script: string) =>
  execFileSync(process.execPath, [script, '--check'], { cwd: root, encoding: 'utf8', stdio: 'pipe' })

describe('corpus scripts', () => {
  it('generator re-run in check mode → no committed file differs', () => {
    expect(run('test/vectors/generate.mjs')).toContain('all generated files are up to date')
  }, 60_000)

  it('provider generator re-run in check mode → no committed file differs', () => {
    expect(run('test/vectors/generate/providers.mjs')).toContain('all provider files are up to date')
  }, 60_000)

  it('DPoP generator re-run in check mode → vectors/dpop.json and dpop-proof.json unchanged', () => {
    expect(run('test/vectors/generate-dpop.mjs')).toContain('all generated files are up to date')
  }, 60_000)

  // The external material sits beside the repository (as in CI); a bare clone has no copy, and
  // the skip says so rather than passing unnoticed.
  const hasShared = existsSync(new URL('../shared/vectors-external/', root))
  it.skipIf(!hasShared)(
    'converter re-run in check mode → no committed file differs' +
      (hasShared ? '' : ' (skipped: ../shared/vectors-external/ is not beside this clone)'), () => {
      expect(run('test/vectors/convert-external.mjs')).toContain('up to date')
    }, 60_000)
})
