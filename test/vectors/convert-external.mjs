/**
 * Converts the external vectors in ../shared/vectors-external/ (Project Wycheproof and the RFC
 * examples) into the corpus format (vectors/README.md). The converted files are committed; this
 * script reproduces them byte for byte from the same inputs.
 *
 *   node test/vectors/convert-external.mjs           writes vectors/wycheproof/*.json, vectors/rfc/*.json
 *   node test/vectors/convert-external.mjs --check   writes nothing, exits 1 if a committed file differs
 *
 * One module per source under ./convert/: wycheproof-jose.mjs and wycheproof-primitives.mjs
 * (Project Wycheproof), rfc.mjs and rfc9068.mjs (the RFC examples and requirements), on shared
 * ones for inputs and output (common.mjs) and the model of the library's policy (policy.mjs).
 *
 * Expectations are NOT obtained by running the library. They come from the upstream labels and
 * from the model of the library's documented policy in ./convert/policy.mjs (format rules,
 * algorithm allow-list, key policy, signature lengths), so running the library against them is a
 * real test. Where our
 * expectation is not simply the upstream label, the test says why in `policy`
 * (vectors/wycheproof/README.md lists them all).
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { GENERATOR, OUT, outputs, report } from './convert/common.mjs'
import { convertRfcExamples } from './convert/rfc.mjs'
import { writeRfc9068Requirements } from './convert/rfc9068.mjs'
import { outputName } from './convert/wycheproof.mjs'
import { convertJoseFiles } from './convert/wycheproof-jose.mjs'
import { convertPrimitiveFiles } from './convert/wycheproof-primitives.mjs'

convertJoseFiles()
convertPrimitiveFiles()
writeRfc9068Requirements(convertRfcExamples())

// ---------------------------------------------------------------------------------------------
// Write (or compare), then summarise.

const check = process.argv.includes('--check')
let stale = 0
for (const [path, text] of outputs) {
  const url = new URL(path, OUT)
  if (check) {
    let current
    try { current = readFileSync(url, 'utf8') } catch { current = undefined }
    if (current !== text) {
      stale++
      console.error(`vectors/${path} differs from what ${GENERATOR} produces`)
    }
  } else {
    mkdirSync(new URL('.', url), { recursive: true })
    writeFileSync(url, text)
  }
}

for (const { file, groups, skipped, path } of report) {
  const tests = groups.flatMap((group) => group.tests)
  const overrides = tests.filter((test) => test.policy !== undefined).length
  console.log(`${(path ?? outputName(file)).padEnd(48)} ${String(tests.length).padStart(4)} tests` +
    (overrides > 0 ? `, ${overrides} with policy` : '') + (skipped ? `, ${skipped} upstream tests not convertible` : ''))
}
const total = report.reduce((n, { groups }) => n + groups.reduce((m, group) => m + group.tests.length, 0), 0)
console.log(`Wycheproof: ${total} tests in ${report.length} files; RFC files: rfc/jws.json, rfc/token.json, rfc/signature.json, rfc/rfc9068-requirements.md`)
if (check) {
  if (stale > 0) process.exit(1)
  console.log(`all ${outputs.size} converted files are up to date`)
}
