// @ts-check
/**
 * `npm run test:soak`: the soak of a remote key set (soak.mjs) against the built package, with
 * `--expose-gc` so heap figures are measured after a collection.
 *
 *   node --expose-gc test/soak/run.mjs [--verifications N] [--inflight N] [--short]
 *
 * --short runs the compressed schedule `npm test` runs (5,000 verifications). Exits 1 on any
 * wrong verdict, request-rule violation, throw, unhandled rejection or excessive heap growth.
 */
import { formatSoak, FULL, runSoak, SHORT } from './soak.mjs'

/** @param {string} name */
function flag(name) {
  const at = process.argv.indexOf(name)
  const value = at === -1 ? undefined : Number(process.argv[at + 1])
  if (value !== undefined && (!Number.isSafeInteger(value) || value < 1)) {
    console.error(`${name} must be a positive whole number`)
    process.exit(2)
  }
  return value
}

const base = process.argv.includes('--short') ? SHORT : FULL
const plan = { ...base, verifications: flag('--verifications') ?? base.verifications, inflight: flag('--inflight') ?? base.inflight }
const lib = await import(new URL('../../dist/index.js', import.meta.url).href)
const report = await runSoak(lib, plan, console.log)
for (const line of formatSoak(report)) console.log(line)
process.exitCode = report.wrongCount === 0 && report.requests.violations.length === 0 && report.errors.length === 0 ? 0 : 1
