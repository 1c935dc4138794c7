/**
 * The differential fuzzer's fast run inside `npm test` (CI): a few thousand cases against src/,
 * with a fixed seed, so CI is repeatable and a red run is a regression, not a roll of the dice;
 * exploring new cases is `npm run test:fuzz` (100,000 cases against the build, a fresh seed each
 * run, printed so a failure replays with `--seed S --case I`). FUZZ_CASES and FUZZ_SEED set the
 * count and the seed here too.
 */
import { expect, it } from 'vitest'
import { createRemoteJwks, createVerifier } from '../../src/index.js'
import { formatReport, runFuzz } from './fuzz.mjs'

const cases = Number(process.env.FUZZ_CASES ?? 3000)
// The seed of the CI run that found the whitespace reason missing from the base64url class.
const seed = Number(process.env.FUZZ_SEED ?? 3026169246)

it(`${cases} differential and totality cases against jose → no violation`, async () => {
  const report = await runFuzz({ lib: { createVerifier, createRemoteJwks }, cases, seed })
  console.log(formatReport(report).join('\n'))
  expect(report.violations).toEqual([])
  expect(report.violationCount).toBe(0)
  // Each case kind ran, and valid tokens were among them: a generator that stopped making them would pass vacuously.
  expect(report.validByConstruction).toBeGreaterThan(cases / 10)
  expect(report.bothAccept).toBeGreaterThan(0)
}, 300_000)
