// @ts-check
/**
 * Writes test/keys/pool/pool.json: freshly generated key pairs (PKCS#8 PEM) that test/helpers.ts
 * hands out in place of generating them in every test file. Test-only keys: never use them for
 * anything else. Run again (`node test/keys/pool/make.mjs`) to replace them; nothing depends on
 * their values.
 */
import { generateKeyPairSync } from 'node:crypto'
import { writeFileSync } from 'node:fs'

/** How many pairs of each kind; one test file never asks for more (past the pool, it generates). */
const COUNTS = { RSA: 6, 'P-256': 12, 'P-384': 3, 'P-521': 3, Ed25519: 4 }

/** @param {string} kind */
function pair(kind) {
  const { privateKey } = kind === 'RSA' ? generateKeyPairSync('rsa', { modulusLength: 2048 })
    : kind === 'Ed25519' ? generateKeyPairSync('ed25519')
    : generateKeyPairSync('ec', { namedCurve: kind })
  return privateKey.export({ format: 'pem', type: 'pkcs8' }).toString()
}

const pool = Object.fromEntries(Object.entries(COUNTS).map(([kind, n]) => [kind, Array.from({ length: n }, () => pair(kind))]))
writeFileSync(new URL('pool.json', import.meta.url), `${JSON.stringify(pool, null, 1)}\n`)
