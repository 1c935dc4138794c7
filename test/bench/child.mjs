/**
 * The sequential scenario in another runtime (Bun, Deno): `bun child.mjs <fixtures.json> <alg>
 * <rounds> <slice ms> <candidate names as JSON>`. Prints one JSON line: the runtime, the excluded
 * candidates with their reason, and ops/s per candidate and round.
 */
import { readFileSync } from 'node:fs'
import { prepare } from './candidates.mjs'
import { measure } from './harness.mjs'

const args = globalThis.Deno ? globalThis.Deno.args : process.argv.slice(2)
const [path, alg, rounds, slice, names] = args
const fixtures = JSON.parse(readFileSync(path, 'utf8'))
const runtime = globalThis.Bun ? `Bun ${globalThis.Bun.version}` : globalThis.Deno ? `Deno ${globalThis.Deno.version.deno}` : `Node ${process.version}`
const { ready, excluded } = await prepare(JSON.parse(names), { fixtures, alg })
const results = await measure({
  entries: ready.map((candidate) => ({ label: candidate.name, verify: candidate.verify, sync: candidate.sync, tokens: fixtures.algs[alg].tokens })),
  rounds: Number(rounds),
  slice: Number(slice),
})
console.log(JSON.stringify({ runtime, excluded, results: Object.fromEntries(results), cpu: Object.fromEntries(results.cpu) }))
