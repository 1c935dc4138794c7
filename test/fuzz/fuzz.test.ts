/**
 * The differential fuzzer's fast run inside `npm test` (CI): a few thousand cases against src/,
 * with a fresh seed each run, printed with the report so a failure replays with
 * `npm run test:fuzz -- --seed S --case I`. `npm run test:fuzz` runs 100,000 cases against the
 * build. FUZZ_CASES and FUZZ_SEED set the count and the seed here too.
 */
import { expect, it } from 'vitest'
import { createRemoteJwks, createVerifier } from '../../src/index.js'
import { formatReport, runFuzz } from './fuzz.mjs'

const cases = Number(process.env.FUZZ_CASES ?? 3000)
const seed = process.env.FUZZ_SEED === undefined ? undefined : Number(process.env.FUZZ_SEED)

it(`${cases} differential and totality cases against jose → no violation`, async () => {
  const report = await runFuzz({ lib: { createVerifier, createRemoteJwks }, cases, ...(seed === undefined ? {} : { seed }) })
  console.log(formatReport(report).join('\n'))
  expect(report.violations).toEqual([])
  expect(report.violationCount).toBe(0)
  // Each case kind ran, and valid tokens were among them: a generator that stopped making them would pass vacuously.
  expect(report.validByConstruction).toBeGreaterThan(cases / 10)
  expect(report.bothAccept).toBeGreaterThan(0)
}, 300_000)
