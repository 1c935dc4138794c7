/**
 * Generates the token-level conformance corpus of verify-access-token:
 *   vectors/format.json, signature.json, claims.json, scopes.json, valid.json  (kind "token")
 *   vectors/keys/*.json                                                       (public key sets)
 * from the TEST-ONLY private keys in test/keys/ (made once by test/vectors/make-keys.mjs).
 *
 *   node test/vectors/generate.mjs           writes the files
 *   node test/vectors/generate.mjs --check   writes nothing, exits 1 if a committed file differs
 *
 * One module per vector file under ./generate/ (format.mjs … valid.mjs), on shared ones for keys
 * (keys.mjs), signing and token building (tokens.mjs) and the file shape (vector-file.mjs).
 * Every expectation there is written by hand from the specification (vectors/README.md and the
 * documented behaviour); the library is never imported, so the corpus can catch it out.
 * Signing uses node:crypto: RSA PKCS#1 v1.5, RSA-PSS with a salt as long as the hash, ECDSA with
 * raw R‖S (ieee-p1363) and Ed25519. ECDSA and PSS signatures are randomized, so a signature
 * already committed under the same file, tcId and signing input is reused (when it still
 * verifies): re-running reproduces every file byte for byte. tcIds follow definition order, so
 * add new vectors at the end of a file's last group to keep existing tcIds stable.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { ATTACK_CLASSES, renderAttacksMarkdown } from './generate/attacks.mjs'
import { defineClaimsVectors } from './generate/claims.mjs'
import { ALGORITHMS, CODES_BY_STEP, FORMAT_REASONS } from '../codes.mjs'
import { OUT_DIR, unb64u } from './generate/common.mjs'
import { defineFormatVectors } from './generate/format.mjs'
import { KEY_SETS } from './generate/keys.mjs'
import { defineScopesVectors } from './generate/scopes.mjs'
import { defineSignatureVectors } from './generate/signature.mjs'
import { defineValidVectors } from './generate/valid.mjs'
import { FLAGS, files } from './generate/vector-file.mjs'

// In file order: tcIds are numbered per file, so the order of the calls changes no id.
defineFormatVectors()
defineSignatureVectors()
defineClaimsVectors()
defineScopesVectors()
defineValidVectors()

// =============================================================================================
// Output and coverage

const checkOnly = process.argv.includes('--check')
const stale = []
/** Writes a file, or in --check mode only notes that the committed one differs. */
function output(url, text) {
  if (!checkOnly) return writeFileSync(url, text)
  if (!existsSync(url) || readFileSync(url, 'utf8') !== text) stale.push(url.pathname)
}

if (!checkOnly) mkdirSync(new URL('keys/', OUT_DIR), { recursive: true })
for (const [name, keys] of Object.entries(KEY_SETS)) {
  output(new URL(`keys/${name}.json`, OUT_DIR), JSON.stringify({ keys }, null, 2) + '\n')
}

const count = {}
const bump = (key) => { count[key] = (count[key] ?? 0) + 1 }
let total = 0
/** What this run writes, by path under vectors/, for ATTACKS.md. */
const generated = new Map()
for (const file of files) {
  const tests = file.groups.flatMap((g) => g.tests)
  const used = [...new Set(tests.flatMap((x) => x.flags ?? []))].sort()
  const seen = new Set()
  for (const x of tests) {
    if (seen.has(x.tcId)) throw new Error(`${file.name}: duplicate tcId ${x.tcId}`)
    seen.add(x.tcId)
  }
  for (const group of file.groups) {
    if (typeof group.jwks === 'string' && !KEY_SETS[group.jwks.slice(5, -5)]) throw new Error(`unknown key set ${group.jwks}`)
  }
  const out = {
    schema: 'verify-access-token-vectors/v1',
    kind: 'token',
    description: file.description,
    source: { name: 'verify-access-token', generator: 'test/vectors/generate.mjs' },
    numberOfTests: tests.length,
    notes: Object.fromEntries(used.map((flag) => [flag, FLAGS[flag]])),
    testGroups: file.groups.map(({ comment, jwks, options, tests }) => ({ comment, jwks, options, tests })),
  }
  output(new URL(`${file.name}.json`, OUT_DIR), JSON.stringify(out, null, 2) + '\n')
  generated.set(`${file.name}.json`, out)
  total += tests.length
  for (const group of file.groups) {
    for (const x of group.tests) {
      const e = x.expect
      bump(e.ok ? 'ok' : `${e.step}/${e.code}`)
      if (e.reason) bump(`reason/${e.reason}`)
      for (const tag of x.tags ?? []) bump(tag)
      if (e.ok && typeof x.token === 'string') {
        const algs = x.options?.algorithms ?? group.options.algorithms ?? ['RS256', 'ES256']
        const alg = JSON.parse(unb64u(x.token.split('.')[0]).toString()).alg
        if (algs.includes(alg)) bump(`valid/${alg}`)
      }
    }
  }
  console.log(`vectors/${file.name}.json: ${tests.length} tests`)
}

// The provider vectors (generate/providers.mjs) and the sender-constrained ones (generate-dpop.mjs)
// have their own generators; the codes of their committed files count too.
const providerFiles = existsSync(new URL('providers/', OUT_DIR)) ? readdirSync(new URL('providers/', OUT_DIR)).map((name) => `providers/${name}`) : []
for (const path of [...providerFiles, 'dpop.json', 'dpop-proof.json']) {
  if (!existsSync(new URL(path, OUT_DIR))) continue
  const file = JSON.parse(readFileSync(new URL(path, OUT_DIR), 'utf8'))
  for (const group of file.testGroups) for (const x of group.tests) if (!x.expect.ok) bump(`${x.expect.step}/${x.expect.code}`)
}

// The corpus requirements, checked on every run: every code of every step twice, every format
// reason and every algorithm (verifying) once, from the one list the tests use (../codes.mjs).
const required = [
  ...Object.entries(CODES_BY_STEP).flatMap(([step, codes]) => codes.map((code) => [`${step}/${code}`, 2])),
  ...FORMAT_REASONS.map((reason) => [`reason/${reason}`, 1]),
  ...ALGORITHMS.map((alg) => [`valid/${alg}`, 1]),
]
const missing = required.filter(([key, min]) => (count[key] ?? 0) < min)
output(new URL('ATTACKS.md', OUT_DIR), renderAttacksMarkdown(generated))
console.log(`total: ${total} token vectors; key sets: ${Object.keys(KEY_SETS).length}`)
console.log(Object.entries(count).sort().map(([k, v]) => `  ${k}: ${v}`).join('\n'))
console.log(`attack classes without a token vector: ${ATTACK_CLASSES.map(({ id }) => id).filter((id) => !count[id]).join(', ') || 'none'}`)
if (total < 260 || missing.length) throw new Error(`coverage: ${total} vectors; short: ${missing.map(([k]) => k).join(', ')}`)
if (checkOnly) {
  if (stale.length) {
    console.error(`out of date (re-run without --check):\n  ${stale.join('\n  ')}`)
    process.exit(1)
  }
  console.log('all generated files are up to date')
}
