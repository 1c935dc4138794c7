/**
 * The TEST-ONLY private keys of test/keys/ (made once by test/vectors/make-keys.mjs), their public
 * JWKs, and the key sets written to vectors/keys/*.json. Node only.
 */
import { createPrivateKey, createPublicKey } from 'node:crypto'
import { readdirSync, readFileSync } from 'node:fs'
import { b64u, bytes, filler, KEY_DIR, reversed, toBig, unb64u } from './common.mjs'

export const PRIVATE = Object.fromEntries(
  readdirSync(KEY_DIR).filter((f) => f.endsWith('.json')).sort()
    .map((f) => [f.slice(0, -5), JSON.parse(readFileSync(new URL(f, KEY_DIR), 'utf8'))]),
)
const privateKeys = new Map()
export function privateKey(name) {
  if (!PRIVATE[name]) throw new Error(`no test key ${name}; run test/vectors/make-keys.mjs`)
  if (!privateKeys.has(name)) {
    const { kid, ...jwk } = PRIVATE[name]
    privateKeys.set(name, createPrivateKey({ key: jwk, format: 'jwk' }))
  }
  return privateKeys.get(name)
}
export const publicKey = (name) => createPublicKey(privateKey(name))

/** The public members of a test key. */
function material(name) {
  const { kty, n, e, crv, x, y } = PRIVATE[name]
  if (kty === 'RSA') return { n, e }
  if (kty === 'EC') return { crv, x, y }
  return { crv, x }
}
/** A public JWK: kty, then `meta` (kid, use, key_ops, alg) in the order given, then the key. */
export const pub = (name, meta = {}) => ({ kty: PRIVATE[name].kty, ...meta, ...material(name) })
export const raw = (name, member) => unb64u(PRIVATE[name][member])

// Curve orders (SEC 2) and the Ed25519 group order (RFC 8032).
export const ORDER = {
  ES256: toBig(Buffer.from('FFFFFFFF00000000FFFFFFFFFFFFFFFFBCE6FAADA7179E84F3B9CAC2FC632551', 'hex')),
  ES384: toBig(Buffer.from('FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFC7634D81F4372DDF581A0DB248B0A77AECEC196ACCC52973', 'hex')),
  ES512: toBig(Buffer.from('01FF' + 'FFFFFFFF'.repeat(7) + 'FFFFFFFA51868783BF2F966B7FCC0148F709A5D03BB5C9B8899C47AEBB6FB71E91386409', 'hex')),
}
export const ED25519_L = 2n ** 252n + 27742317777372353535851937790883648493n

// ---------------------------------------------------------------------------------------------
// Key sets (vectors/keys/*.json). Each is written exactly as a caller would pass it as `jwks`.

const RSA_A = material('rsa-a')
const EC_A = material('ec-p256-a')
const ED = material('ed25519')
const flipLastBit = (text) => { const b = unb64u(text); b[b.length - 1] ^= 1; return b64u(b) }
const stdBase64 = (text) => text.replaceAll('-', '+').replaceAll('_', '/')
const hugeModulus = (() => { const n = filler('modulus of 16392 bits', 2049); n[0] |= 0x80; n[2048] |= 1; return b64u(n) })()
export const pemOf = (name, type = 'spki') => publicKey(name).export({ type, format: 'pem' })
export const HMAC_KEY = b64u(filler('oct key', 32))

export const KEY_SETS = {
  // The issuer's set: every algorithm family, distinct kids, no `alg` members.
  issuer: ['rsa-a', 'rsa-b', 'rsa-3072', 'rsa-4096', 'ec-p256-a', 'ec-p256-b', 'ec-p384', 'ec-p521', 'ed25519']
    .map((name) => pub(name, { kid: name, use: 'sig' })),
  // Keys bound to one algorithm by their `alg` member (RFC 7517 §4.4, RFC 8725 §3.1).
  'alg-bound': [
    pub('rsa-a', { kid: 'rsa-a', alg: 'RS256' }),
    pub('rsa-b', { kid: 'rsa-b', alg: 'PS256' }),
    pub('rsa-3072', { kid: 'rsa-3072', alg: 'rs256' }),
    pub('ec-p256-a', { kid: 'ec-p256-a', alg: 'ES256' }),
    pub('ec-p256-b', { kid: 'ec-p256-b', alg: 'ES384' }),
    pub('ed25519', { kid: 'ed-eddsa', alg: 'EdDSA' }),
    pub('ed25519', { kid: 'ed-ed25519', alg: 'Ed25519' }),
  ],
  // RSA key policy: 2048..16384 bits, canonical Base64urlUInt, e odd, > 1, at most 4 octets.
  'rsa-policy': [
    pub('rsa-a', { kid: 'rsa-2048' }),
    pub('rsa-2047', { kid: 'rsa-2047' }),
    pub('rsa-1024', { kid: 'rsa-1024' }),
    pub('rsa-e3', { kid: 'rsa-e3' }),
    { kty: 'RSA', kid: 'rsa-e1', n: RSA_A.n, e: 'AQ' },
    { kty: 'RSA', kid: 'rsa-e2', n: RSA_A.n, e: 'Ag' },
    { kty: 'RSA', kid: 'rsa-e-4-octets', n: RSA_A.n, e: b64u([1, 0, 0, 1]) },
    { kty: 'RSA', kid: 'rsa-e-5-octets', n: RSA_A.n, e: b64u([1, 0, 0, 0, 1]) },
    { kty: 'RSA', kid: 'rsa-e-leading-zero', n: RSA_A.n, e: b64u([0, 1, 0, 1]) },
    { kty: 'RSA', kid: 'rsa-n-leading-zero', n: b64u(bytes([0], unb64u(RSA_A.n))), e: RSA_A.e },
    { kty: 'RSA', kid: 'rsa-n-padded', n: RSA_A.n + '==', e: RSA_A.e },
    { kty: 'RSA', kid: 'rsa-n-base64', n: stdBase64(RSA_A.n), e: RSA_A.e },
    { kty: 'RSA', kid: 'rsa-16392', n: hugeModulus, e: 'AQAB' },
    { kty: 'RSA', kid: 'rsa-no-e', n: RSA_A.n },
    { kty: 'RSA', kid: 'rsa-e-number', n: RSA_A.n, e: 65537 },
  ],
  // EC and OKP key policy: supported curves only, coordinates of exactly the curve's length.
  'curve-policy': [
    pub('ec-p256-a', { kid: 'ec-p256-a' }),
    { kty: 'EC', kid: 'p256-x-33-octets', crv: 'P-256', x: b64u(bytes([0], unb64u(EC_A.x))), y: EC_A.y },
    { kty: 'EC', kid: 'p256-x-31-octets', crv: 'P-256', x: b64u(unb64u(EC_A.x).subarray(1)), y: EC_A.y },
    { kty: 'EC', kid: 'p256-y-33-octets', crv: 'P-256', x: EC_A.x, y: b64u(bytes([0], unb64u(EC_A.y))) },
    { kty: 'EC', kid: 'p256-labelled-p384', crv: 'P-384', x: EC_A.x, y: EC_A.y },
    { kty: 'EC', kid: 'p256-off-curve', crv: 'P-256', x: EC_A.x, y: flipLastBit(EC_A.y) },
    { kty: 'EC', kid: 'p256-zero-point', crv: 'P-256', x: b64u(Buffer.alloc(32)), y: b64u(Buffer.alloc(32)) },
    { kty: 'EC', kid: 'p256-x-padded', crv: 'P-256', x: EC_A.x + '=', y: EC_A.y },
    { kty: 'EC', kid: 'p256-no-y', crv: 'P-256', x: EC_A.x },
    { kty: 'EC', kid: 'p256-no-crv', x: EC_A.x, y: EC_A.y },
    { kty: 'EC', kid: 'p256-secp256k1', crv: 'secp256k1', x: EC_A.x, y: EC_A.y },
    { kty: 'OKP', kid: 'p256-as-okp', crv: 'P-256', x: EC_A.x, y: EC_A.y },
    { kty: 'RSA', kid: 'p256-as-rsa', crv: 'P-256', x: EC_A.x, y: EC_A.y },
    pub('ed25519', { kid: 'ed25519' }),
    { kty: 'EC', kid: 'ed25519-as-ec', crv: 'Ed25519', x: ED.x },
    { kty: 'OKP', kid: 'ed25519-with-y', crv: 'Ed25519', x: ED.x, y: ED.x },
    { kty: 'OKP', kid: 'ed25519-x-33-octets', crv: 'Ed25519', x: b64u(bytes([0], unb64u(ED.x))) },
    { kty: 'OKP', kid: 'ed25519-as-x25519', crv: 'X25519', x: ED.x },
    { kty: 'OKP', kid: 'ed448', crv: 'Ed448', x: b64u(filler('ed448 public key', 57)) },
  ],
  // `use` and `key_ops` (RFC 7517 §4.2, §4.3), all on rsa-a's public key.
  'use-ops': [
    ['use-enc', { use: 'enc' }],
    ['use-upper-case', { use: 'SIG' }],
    ['use-number', { use: 1 }],
    ['use-enc-ops-verify', { use: 'enc', key_ops: ['verify'] }],
    ['ops-encrypt', { key_ops: ['encrypt'] }],
    ['ops-sign', { key_ops: ['sign'] }],
    ['ops-empty', { key_ops: [] }],
    ['ops-duplicate', { key_ops: ['verify', 'verify'] }],
    ['ops-string', { key_ops: 'verify' }],
    ['ops-non-string', { key_ops: ['verify', 1] }],
    ['ops-verify', { key_ops: ['verify'] }],
    ['ops-sign-verify', { key_ops: ['sign', 'verify'] }],
    ['use-sig-ops-verify', { use: 'sig', key_ops: ['verify'] }],
  ].map(([kid, meta]) => ({ kty: 'RSA', kid, ...meta, ...RSA_A })),
  // Private or symmetric members: the key must be ignored, never used (RFC 8725 §3.1).
  private: [
    { ...PRIVATE['rsa-b'], kid: 'rsa-b-private' },
    { ...PRIVATE['ec-p256-b'], kid: 'ec-p256-b-private' },
    { ...PRIVATE['ed25519'], kid: 'ed25519-private' },
    { kty: 'RSA', kid: 'rsa-a-with-k', ...RSA_A, k: HMAC_KEY },
  ].map(({ kid, ...rest }) => ({ kty: rest.kty, kid, ...rest })),
  // An HMAC key shares rsa-a's kid and holds rsa-a's PEM as its secret (A02); one more oct key.
  'oct-same-kid': [
    { kty: 'oct', kid: 'rsa-a', k: b64u(Buffer.from(pemOf('rsa-a'))) },
    pub('rsa-a', { kid: 'rsa-a' }),
    { kty: 'oct', kid: 'hmac', k: HMAC_KEY },
  ],
  // The key a token was meant for is refused, beside an accepted key of another type: a P-256 key
  // whose kid is a number, and a P-256 key published for encryption under an RSA key's kid.
  'refused-meant': [
    pub('ed25519', { kid: 'ed25519' }),
    pub('ec-p256-a', { kid: 7 }),
    pub('rsa-a', { kid: 'shared' }),
    pub('ec-p256-b', { kid: 'shared', use: 'enc' }),
  ],
  // No kid anywhere: one key, then four RSA keys of which only the first three are ever tried.
  'no-kid-one': [pub('rsa-a', { use: 'sig' })],
  'no-kid-four': ['rsa-b', 'rsa-3072', 'rsa-a', 'rsa-4096'].map((name) => pub(name)),
  // Repeated kids: "k1" on three keys, "k2" on four RSA keys (rsa-a last).
  'dup-kid': [
    pub('rsa-b', { kid: 'k1' }), pub('rsa-a', { kid: 'k1' }), pub('ec-p256-a', { kid: 'k1' }),
    pub('rsa-b', { kid: 'k2' }), pub('rsa-3072', { kid: 'k2' }), pub('rsa-4096', { kid: 'k2' }), pub('rsa-a', { kid: 'k2' }),
  ],
  // Junk and broken entries beside two good keys: the junk is ignored, the good keys still work.
  mixed: [
    null, 'rsa-a', 42, [], {},
    { kty: 'RSA', kid: 'broken' },
    { kty: 'RSA', kid: 7, ...RSA_A },
    { kty: 'oct', kid: 'oct', k: HMAC_KEY },
    { kty: 'EC', kid: 'ec-p256-a', alg: 256, ...EC_A },
    { kty: 'EC', kid: 'ec-p256-a', alg: 'ES256', ...EC_A },
    { kid: 'no-kty', ...RSA_A },
    { kty: 'RSA-2048', kid: 'unknown-kty', ...RSA_A },
    { kty: 'RSA', kid: 'rsa-a', use: 'sig', key_ops: ['verify'], ...RSA_A },
  ],
  // Points the runtime refuses to import, ahead of a good key under the same kid.
  unimportable: [
    ...['k2', 'k3'].flatMap((kid) => [
      { kty: 'EC', kid, crv: 'P-256', x: EC_A.x, y: flipLastBit(EC_A.y) },
      { kty: 'EC', kid, crv: 'P-256', x: b64u(Buffer.alloc(32)), y: b64u(Buffer.alloc(32)) },
      ...(kid === 'k3' ? [{ kty: 'EC', kid, crv: 'P-256', x: flipLastBit(EC_A.x), y: EC_A.y }] : []),
      pub('ec-p256-a', { kid }),
    ]),
  ],
  // kids that are empty or not ASCII.
  'odd-kids': [pub('rsa-b', { kid: '' }), pub('rsa-a', { kid: '\u043a\u043b\u044e\u0447' }), pub('ec-p256-a', { kid: '\u00e9' })],
  // kids that are Object.prototype names (A06, A33).
  'proto-kid': [pub('rsa-a', { kid: '__proto__' }), pub('ec-p256-a', { kid: 'constructor' })],
  // An Ed25519 key labelled with the RFC 9864 name, whose x appears in no other set.
  'ed25519-only': [pub('ed25519-b', { kid: 'ed-b', alg: 'Ed25519', use: 'sig' })],
  // Keys for which anyone can make signatures: Ed25519 points of small order (and a
  // non-canonical encoding of one), and an RSA "modulus" that is even (A11, A13).
  'weak-keys': [
    { kty: 'OKP', crv: 'Ed25519', kid: 'ed-identity', x: b64u(Buffer.from([1, ...Buffer.alloc(31)])) },
    { kty: 'OKP', crv: 'Ed25519', kid: 'ed-order-2', x: b64u(Buffer.from([0xec, ...Buffer.alloc(30, 0xff), 0x7f])) },
    { kty: 'OKP', crv: 'Ed25519', kid: 'ed-order-4', x: b64u(Buffer.alloc(32)) },
    { kty: 'OKP', crv: 'Ed25519', kid: 'ed-order-8', x: b64u(reversed(Buffer.from('7a03ac9277fdc74ec6cc392cfa53202a0f67100d760b3cba4fd84d3d706a17c7', 'hex'))) },
    { kty: 'OKP', crv: 'Ed25519', kid: 'ed-identity-noncanonical', x: b64u(Buffer.from([0xee, ...Buffer.alloc(30, 0xff), 0x7f])) },
    { kty: 'RSA', kid: 'rsa-even', n: b64u(Buffer.from(unb64u(RSA_A.n).map((b, i, all) => (i === all.length - 1 ? b & 0xfe : b)))), e: RSA_A.e },
  ],
}
