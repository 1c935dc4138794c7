/**
 * One cold start, in a fresh Node process: `node cold.mjs <candidate> <alg> <fixtures.json>`.
 * The fixtures are read first; the clock then runs from before the library's import, through
 * its setup with the key set, to the first verdict, and the child prints the times in ms as JSON.
 */
import { readFileSync } from 'node:fs'

const [name, alg, path] = process.argv.slice(2)
const fixtures = JSON.parse(readFileSync(path, 'utf8'))
const { issuer, audience, jwks } = fixtures
const token = fixtures.algs[alg].valid

const SETUPS = {
  limit: async () => {
    const { createMinVerifier } = await import('./limit.mjs')
    return [() => createMinVerifier({ jwks, issuer, audience }), (verify) => verify(token)]
  },
  ours: async () => {
    const { createVerifier } = await import('../../dist/index.js')
    return [() => createVerifier({ jwks, issuer, audience }), async (verify) => (await verify(token)).ok || Promise.reject(new Error('rejected'))]
  },
  jose: async () => {
    const { createLocalJWKSet, jwtVerify } = await import('jose')
    return [() => createLocalJWKSet(jwks), (set) => jwtVerify(token, set, { issuer, audience })]
  },
}

const start = performance.now()
const [setup, first] = await SETUPS[name]()
const imported = performance.now()
const verifier = await setup()
const ready = performance.now()
await first(verifier)
const done = performance.now()
console.log(JSON.stringify({ import: imported - start, setup: ready - imported, first: done - ready, total: done - start }))
