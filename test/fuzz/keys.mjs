// @ts-check
/**
 * The fuzzer's keys: the committed test-only keys of test/keys/ (so a seed names the same keys on
 * every machine) plus one RSA key with e = 5 made at start, each signing with node:crypto, which
 * neither verifier under test shares. A key-set entry is a key "decorated" the way issuers publish
 * keys (kid, alg, use, key_ops, extra members) and, sometimes, the way they get it wrong; every
 * entry records the key-policy rule (README, Security decisions) that the library must refuse it by,
 * so a disagreement about a key can be checked against that record.
 */
import { constants, createPrivateKey, generateKeyPairSync, sign } from 'node:crypto'
import { readFileSync } from 'node:fs'

/** @typedef {import('../../src/index.js').Algorithm} Algorithm */
/** @typedef {import('../../src/index.js').KeyRule} KeyRule */
/** @typedef {'RSA' | 'P-256' | 'P-384' | 'P-521' | 'Ed25519'} KeyKind */
/** @typedef {Record<string, unknown>} Jwk */

/**
 * @typedef {object} BaseKey
 * @property {string} name
 * @property {KeyKind} kind
 * @property {import('node:crypto').KeyObject | undefined} privateKey undefined for the weak key, whose signature is forged
 * @property {Jwk} publicJwk public members only, no kid
 * @property {Jwk} privateJwk every member, for the "private members published" mistake
 * @property {KeyRule | undefined} flaw the rule the library refuses this key by, whatever its decoration
 * @property {number} weight how often it is chosen: RSA, P-384 and P-521 signing is slow (1–15 ms a
 *   signature on this machine), so they are chosen less often than P-256 and Ed25519 (0.1 ms)
 */

/** The algorithms each key kind signs (RFC 7518 §3, RFC 8037 §3.1, RFC 9864 §2). */
export const ALGORITHMS_OF = /** @type {const} */ ({
  'RSA': ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512'],
  'P-256': ['ES256'],
  'P-384': ['ES384'],
  'P-521': ['ES512'],
  'Ed25519': ['EdDSA', 'Ed25519'],
})

/** @param {Algorithm} alg @returns {KeyKind} */
export function kindOf(alg) {
  for (const [kind, algs] of Object.entries(ALGORITHMS_OF)) if (/** @type {readonly string[]} */ (algs).includes(alg)) return /** @type {KeyKind} */ (kind)
  throw new Error(`no key kind signs ${alg}`)
}

const PRIVATE = ['d', 'p', 'q', 'dp', 'dq', 'qi']

/** @param {Jwk} jwk */
function publicOf(jwk) {
  /** @type {Jwk} */
  const out = {}
  for (const [name, value] of Object.entries(jwk)) if (!PRIVATE.includes(name) && name !== 'kid') out[name] = value
  return out
}

/** @param {Jwk} jwk @returns {KeyKind} */
function kindOfJwk(jwk) {
  return jwk.kty === 'RSA' ? 'RSA' : /** @type {KeyKind} */ (jwk.crv)
}

/**
 * @param {string} name
 * @param {Jwk} jwk
 * @param {KeyRule | undefined} flaw
 * @param {number} weight
 * @returns {BaseKey}
 */
function fromJwk(name, jwk, flaw, weight) {
  const privateJwk = { ...jwk }
  delete privateJwk.kid
  return {
    name,
    kind: kindOfJwk(jwk),
    privateKey: createPrivateKey({ key: /** @type {import('node:crypto').JsonWebKey} */ (jwk), format: 'jwk' }),
    publicJwk: publicOf(jwk),
    privateJwk,
    flaw,
    weight,
  }
}

/** The identity point of Ed25519 (y = 1): of small order, so one fixed signature verifies any message. */
const WEAK_X = Buffer.from([1, ...new Uint8Array(31)]).toString('base64url')
/** R = the identity, S = 0: the forgery the weak key accepts (checked by the fuzzer's first case). */
export const WEAK_SIGNATURE = new Uint8Array(64)
WEAK_SIGNATURE[0] = 1

/** Loads the key pool once. */
export function loadKeys() {
  const dir = new URL('../keys/', import.meta.url)
  /** @param {string} file @returns {Jwk} */
  const read = (file) => JSON.parse(readFileSync(new URL(`${file}.json`, dir), 'utf8'))
  // e = 5: odd, greater than 1, imported by Node, refused by the library's exponent rule (3, 17, 65537).
  const e5 = generateKeyPairSync('rsa', { modulusLength: 2048, publicExponent: 5 }).privateKey.export({ format: 'jwk' })
  /** @type {BaseKey[]} */
  const keys = [
    fromJwk('rsa-a', read('rsa-a'), undefined, 2),
    fromJwk('rsa-b', read('rsa-b'), undefined, 1.5),
    fromJwk('attacker-rsa', read('attacker-rsa'), undefined, 1),
    fromJwk('rsa-3072', read('rsa-3072'), undefined, 0.3),
    fromJwk('rsa-4096', read('rsa-4096'), undefined, 0.2),
    fromJwk('rsa-e3', read('rsa-e3'), undefined, 0.7),
    fromJwk('rsa-2047', read('rsa-2047'), 'rsa_modulus', 0.4),
    fromJwk('rsa-1024', read('rsa-1024'), 'rsa_modulus', 0.4),
    fromJwk('rsa-e5', /** @type {Jwk} */ (e5), 'rsa_exponent', 0.7),
    fromJwk('ec-p256-a', read('ec-p256-a'), undefined, 4),
    fromJwk('ec-p256-b', read('ec-p256-b'), undefined, 3),
    fromJwk('attacker-ec', read('attacker-ec'), undefined, 2),
    fromJwk('ec-p384', read('ec-p384'), undefined, 1.5),
    fromJwk('ec-p521', read('ec-p521'), undefined, 1),
    fromJwk('ed25519', read('ed25519'), undefined, 4),
    fromJwk('ed25519-b', read('ed25519-b'), undefined, 3),
    fromJwk('attacker-ed25519', read('attacker-ed25519'), undefined, 2),
    // Chosen only for "crowded" key sets (tokens.mjs): more P-256 keys than the library tries.
    ...Array.from({ length: 5 }, (_, i) => fromJwk(`crowd-${i}`, /** @type {Jwk} */ (generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({ format: 'jwk' })), undefined, 0)),
    {
      name: 'ed25519-identity',
      kind: 'Ed25519',
      privateKey: undefined,
      publicJwk: { kty: 'OKP', crv: 'Ed25519', x: WEAK_X },
      privateJwk: { kty: 'OKP', crv: 'Ed25519', x: WEAK_X },
      flaw: 'weak_key',
      weight: 1,
    },
  ]
  return keys
}

/** How node:crypto makes each JWS signature. */
const SIGNERS = {
  RS256: { hash: 'sha256' }, RS384: { hash: 'sha384' }, RS512: { hash: 'sha512' },
  PS256: { hash: 'sha256', pss: 32 }, PS384: { hash: 'sha384', pss: 48 }, PS512: { hash: 'sha512', pss: 64 },
  ES256: { hash: 'sha256', p1363: true }, ES384: { hash: 'sha384', p1363: true }, ES512: { hash: 'sha512', p1363: true },
  EdDSA: { hash: null }, Ed25519: { hash: null },
}

/**
 * The signature of `signingInput` (ASCII) by `key` under `alg`; the weak key's is the forgery.
 * @param {BaseKey} key
 * @param {Algorithm} alg
 * @param {string} signingInput
 * @returns {Uint8Array}
 */
export function signWith(key, alg, signingInput) {
  if (key.privateKey === undefined) return WEAK_SIGNATURE
  /** @type {{ hash: string | null, pss?: number, p1363?: boolean }} */
  const signer = SIGNERS[alg]
  const data = Buffer.from(signingInput, 'latin1')
  if (signer.pss !== undefined) {
    // A 1024-bit key is too short for PS512's salt: such a token carries a signature of zeros.
    if (key.publicJwk.kty === 'RSA' && Buffer.from(String(key.publicJwk.n), 'base64url').length < 2 * signer.pss + 2 + signer.pss) return new Uint8Array(128)
    return sign(signer.hash, data, { key: key.privateKey, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: signer.pss })
  }
  if (signer.p1363 === true) return sign(signer.hash, data, { key: key.privateKey, dsaEncoding: 'ieee-p1363' })
  return sign(signer.hash, data, key.privateKey)
}

/**
 * One way of publishing a key. `rule` is the key-policy rule that makes the library ignore the
 * entry (undefined: it may verify); `clean` decorations are the ones a correct issuer publishes.
 * @typedef {object} Decoration
 * @property {string} name
 * @property {number} weight
 * @property {boolean} clean
 * @property {(key: BaseKey, jwk: Jwk, alg: Algorithm) => KeyRule | undefined} apply edits `jwk`, returns the rule
 */

/** Prefixes a zero octet to a base64url integer: the same number, a second spelling. */
function leadingZero(/** @type {unknown} */ value) {
  return Buffer.concat([Buffer.from([0]), Buffer.from(String(value), 'base64url')]).toString('base64url')
}

/**
 * Decorations. Two mistakes are left out on purpose, because jose refuses the key for reasons
 * that are not key policy and the library uses it: `key_ops` listing `sign` beside `verify`
 * (jose passes key_ops to WebCrypto as the usages, which a public key cannot have) and a
 * non-boolean `ext` (a WebCrypto member JOSE does not define). README "Differential fuzzing"
 * lists them.
 * @type {readonly Decoration[]}
 */
export const DECORATIONS = [
  { name: 'plain', weight: 10, clean: true, apply: () => undefined },
  { name: 'alg', weight: 8, clean: true, apply: (_, jwk, alg) => { jwk.alg = alg; return undefined } },
  { name: 'use sig', weight: 3, clean: true, apply: (_, jwk) => { jwk.use = 'sig'; return undefined } },
  { name: 'key_ops verify', weight: 3, clean: true, apply: (_, jwk) => { jwk.key_ops = ['verify']; return undefined } },
  { name: 'extra members', weight: 2, clean: true, apply: (_, jwk) => { jwk.x5t = 'bm90IGEgdGh1bWJwcmludA'; jwk.ext = true; jwk.note = { n: 1 }; return undefined } },
  { name: 'alg of another key type', weight: 1, clean: false, apply: (key, jwk) => { jwk.alg = key.kind === 'RSA' ? 'ES256' : 'RS256'; return undefined } },
  { name: 'alg not a string', weight: 1, clean: false, apply: (_, jwk) => { jwk.alg = 256; return 'alg' } },
  { name: 'use enc', weight: 1, clean: false, apply: (_, jwk) => { jwk.use = 'enc'; return 'use' } },
  { name: 'use not a string', weight: 0.5, clean: false, apply: (_, jwk) => { jwk.use = ['sig']; return 'use' } },
  { name: 'key_ops sign', weight: 1, clean: false, apply: (_, jwk) => { jwk.key_ops = ['sign']; return 'key_ops' } },
  { name: 'key_ops repeated', weight: 1, clean: false, apply: (_, jwk) => { jwk.key_ops = ['verify', 'verify']; return 'key_ops' } },
  // eslint-disable-next-line no-sparse-arrays
  { name: 'key_ops sparse', weight: 1, clean: false, apply: (_, jwk) => { jwk.key_ops = [, 'verify']; return 'key_ops' } },
  { name: 'key_ops a string', weight: 0.5, clean: false, apply: (_, jwk) => { jwk.key_ops = 'verify'; return 'key_ops' } },
  { name: 'private members', weight: 1, clean: false, apply: (key, jwk) => { Object.assign(jwk, key.privateJwk); return key.privateJwk.d === undefined ? undefined : 'private_key' } },
  {
    name: 'one private member', weight: 0.5, clean: false,
    apply: (key, jwk) => { if (key.kind !== 'RSA') return undefined; jwk.p = key.privateJwk.p; return 'private_key' },
  },
  {
    name: 'leading zero octet', weight: 1, clean: false,
    apply: (key, jwk) => {
      if (key.kind === 'RSA') jwk.n = leadingZero(jwk.n)
      else jwk.x = leadingZero(jwk.x)
      return 'encoding'
    },
  },
  { name: 'exponent with a leading zero', weight: 0.5, clean: false, apply: (key, jwk) => { if (key.kind !== 'RSA') return undefined; jwk.e = leadingZero(jwk.e); return 'rsa_exponent' } },
  {
    name: 'y on an OKP key', weight: 0.5, clean: false,
    apply: (key, jwk) => { if (key.kind !== 'Ed25519') return undefined; jwk.y = jwk.x; return 'encoding' },
  },
  { name: 'kid not a string', weight: 1, clean: false, apply: (_, jwk) => { jwk.kid = 7; return 'kid' } },
]
