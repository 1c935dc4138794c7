/**
 * Creates the TEST-ONLY private keys that sign the conformance vectors, one JWK per file in
 * test/keys/. Run once; existing files are kept, so committed keys never change (every vector
 * depends on them). `--force` regenerates all of them, which invalidates every vector.
 *
 *   node test/vectors/make-keys.mjs
 *
 * These keys protect nothing: they are committed on purpose and must never be trusted anywhere.
 */
import { generateKeyPairSync } from 'node:crypto'
import { existsSync, mkdirSync, writeFileSync } from 'node:fs'

const dir = new URL('../keys/', import.meta.url)

// name → node:crypto generateKeyPairSync arguments. The "attacker" keys appear in no public set.
const KEYS = {
  'rsa-a': ['rsa', { modulusLength: 2048 }],
  'rsa-b': ['rsa', { modulusLength: 2048 }],
  'rsa-3072': ['rsa', { modulusLength: 3072 }],
  'rsa-4096': ['rsa', { modulusLength: 4096 }],
  // Below the 2048-bit floor (RFC 7518 §3.3): the key policy must ignore them.
  'rsa-1024': ['rsa', { modulusLength: 1024 }],
  'rsa-2047': ['rsa', { modulusLength: 2047 }],
  // e = 3 is odd and greater than 1, so the policy accepts it.
  'rsa-e3': ['rsa', { modulusLength: 2048, publicExponent: 3 }],
  'ec-p256-a': ['ec', { namedCurve: 'P-256' }],
  'ec-p256-b': ['ec', { namedCurve: 'P-256' }],
  'ec-p384': ['ec', { namedCurve: 'P-384' }],
  'ec-p521': ['ec', { namedCurve: 'P-521' }],
  'ed25519': ['ed25519', {}],
  // Used by one key set only, so no import cache can answer for it (runtime matrix).
  'ed25519-b': ['ed25519', {}],
  'attacker-rsa': ['rsa', { modulusLength: 2048 }],
  'attacker-ec': ['ec', { namedCurve: 'P-256' }],
  'attacker-ed25519': ['ed25519', {}],
}

const force = process.argv.includes('--force')
mkdirSync(dir, { recursive: true })
for (const [name, [type, options]] of Object.entries(KEYS)) {
  const file = new URL(`${name}.json`, dir)
  if (existsSync(file) && !force) continue
  const { privateKey } = generateKeyPairSync(type, options)
  const jwk = { kid: name, ...privateKey.export({ format: 'jwk' }) }
  writeFileSync(file, JSON.stringify(jwk, null, 2) + '\n')
  console.log(`wrote test/keys/${name}.json`)
}
