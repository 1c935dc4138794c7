// @ts-check
/**
 * `npm run test:fuzz`: the differential and totality fuzzer (fuzz.mjs) against the built package.
 *
 *   node test/fuzz/run.mjs [--cases N] [--seed S] [--case I]
 *
 * --cases N   cases to run (default 100000, or FUZZ_CASES)
 * --seed S    the seed, decimal or 0x-hex (default: a fresh one, or FUZZ_SEED); printed either way
 * --case I    run case I of that seed alone, and print it in full (a replay)
 * Exits 1 when any property fails.
 */
import { formatReport, runFuzz } from './fuzz.mjs'

/** @param {string} name */
function flag(name) {
  const at = process.argv.indexOf(name)
  return at === -1 ? undefined : process.argv[at + 1]
}
/** @param {string | undefined} text @param {string} name */
function number(text, name) {
  if (text === undefined) return undefined
  const value = Number(text)
  if (!Number.isSafeInteger(value) || value < 0) {
    console.error(`${name} must be a whole number, not ${JSON.stringify(text)}`)
    process.exit(2)
  }
  return value
}

const cases = number(flag('--cases') ?? process.env.FUZZ_CASES, '--cases') ?? 100_000
const seed = number(flag('--seed') ?? process.env.FUZZ_SEED, '--seed')
const only = number(flag('--case'), '--case')
const lib = await import(new URL('../../dist/index.js', import.meta.url).href)
const report = await runFuzz({ lib, cases: only === undefined ? cases : only + 1, ...(seed === undefined ? {} : { seed }), ...(only === undefined ? {} : { only }), progress: console.log })
for (const line of formatReport(report)) console.log(line)
process.exitCode = report.violationCount === 0 ? 0 : 1
