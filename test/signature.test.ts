/**
 * Step "signature": the allow-list, key selection from the configured set only, the key policy
 * and the signature bytes (RFC 7515 §5.2, RFC 7518 §3, RFC 8725 §3.1–3.2). Claims in every token
 * here are valid, so a failure can only come from this step.
 */
import { generateKeyPairSync, sign } from 'node:crypto'
import { beforeAll, describe, expect, it } from 'vitest'
import { ALGORITHMS as ENTRIES } from '../src/algorithms.js'
import { verifyAccessToken, type Algorithm, type VerifyOptions } from '../src/index.js'
import { importKey, isPrepared, prepareKey } from '../src/key.js'
import { ALGORITHMS } from './codes.mjs'
import {
  b64url, failure, generateKey, generateKeys, hmacSegments, kindOf, makeToken, options,
  segmentsOf, signSegments, validClaims, withSignature, type KeySet, type PublicJwk, type TestKey,
} from './helpers.js'

let keys: KeySet
let ec: TestKey
let other: TestKey
beforeAll(() => {
  keys = generateKeys()
  ec = keys['P-256']
  // A second P-256 key with the same kid: right shape, wrong key.
  other = generateKey('P-256', 'P-256')
})

const verify = (token: string, jwks: readonly unknown[] | TestKey = ec, overrides: Partial<VerifyOptions> = {}) =>
  verifyAccessToken(token, {
    ...options(ec, overrides),
    jwks: { keys: Array.isArray(jwks) ? jwks : [(jwks as TestKey).jwk] },
  })

/** The key's JWK with some members replaced (undefined removes one). */
const jwkWith = (key: TestKey, fields: Record<string, unknown>): PublicJwk =>
  JSON.parse(JSON.stringify({ ...key.jwk, ...fields })) as PublicJwk

describe('every supported algorithm', () => {
  it.each(ALGORITHMS)('%s token signed by the configured key → ok', async (alg) => {
    const key = keys[kindOf(alg)]
    const result = await verify(makeToken({ key, alg }), key)
    expect(result).toMatchObject({ ok: true, header: { alg } })
  })

  it.each(ALGORITHMS)('%s token when only that algorithm is allowed → ok', async (alg) => {
    const key = keys[kindOf(alg)]
    expect(await verify(makeToken({ key, alg }), key, { algorithms: [alg] })).toMatchObject({ ok: true })
  })
})

describe('alg_not_allowed', () => {
  it.each([
    ['none', 'none'], ['None', 'None'], ['es256 (wrong case)', 'es256'], ['HS256', 'HS256'],
    ['the empty string', ''], ['toString', 'toString'], ['__proto__', '__proto__'], ['ES256 with a space', 'ES256 '],
  ])('header alg %s → signature/alg_not_allowed', async (_, alg) => {
    const token = makeToken({ key: ec, header: { alg } })
    expect(await verify(token)).toEqual(failure.signature('alg_not_allowed'))
  })

  it('RS256 token when only ES256 is allowed → signature/alg_not_allowed', async () => {
    const token = makeToken({ key: keys.RSA })
    expect(await verify(token, keys.RSA, { algorithms: ['ES256'] })).toEqual(failure.signature('alg_not_allowed'))
  })

  it('HS256 token keyed with the public key text → signature/alg_not_allowed', async () => {
    // The algorithm-confusion forgery (RFC 8725 §2.1): HMAC keyed with a public key anyone has.
    const token = hmacSegments(JSON.stringify(ec.jwk), { alg: 'HS256', kid: ec.kid }, validClaims())
    expect(await verify(token)).toEqual(failure.signature('alg_not_allowed'))
  })
})

describe('key selection', () => {
  it('header kid naming no configured key → signature/key_not_found', async () => {
    expect(await verify(makeToken({ key: ec, header: { kid: 'unknown' } }))).toEqual(failure.signature('key_not_found'))
  })

  it('header kid differing from the key kid in case → signature/key_not_found', async () => {
    expect(await verify(makeToken({ key: ec, header: { kid: 'p-256' } }))).toEqual(failure.signature('key_not_found'))
  })

  it('header kid when the only key has no kid → signature/key_not_found', async () => {
    // With a kid, only keys carrying exactly that kid are candidates (RFC 7515 §4.1.4).
    expect(await verify(makeToken({ key: ec }), [jwkWith(ec, { kid: undefined })])).toEqual(failure.signature('key_not_found'))
  })

  it('no header kid and a key with a kid → ok', async () => {
    expect(await verify(makeToken({ key: ec, header: { kid: undefined } }))).toMatchObject({ ok: true })
  })

  it('header kid naming a key of another type → signature/key_not_found', async () => {
    // The kid finds the RSA key, but an ES256 token needs a P-256 key.
    const token = makeToken({ key: ec, header: { kid: 'RSA' } })
    expect(await verify(token, [keys.RSA.jwk, jwkWith(ec, { kid: 'EC' })])).toEqual(failure.signature('key_not_found'))
  })

  it('no header kid, the only P-256 key with a numeric kid beside an Ed25519 key → signature/key_not_found (key_rejected, rule kid)', async () => {
    // The refused key the token was meant for explains the miss better than the Ed25519 key's type.
    const token = makeToken({ key: ec, header: { kid: undefined } })
    expect(await verify(token, [keys.Ed25519.jwk, jwkWith(ec, { kid: 7 })])).toMatchObject({ reason: 'key_rejected', rule: 'kid' })
  })

  it('no header kid, the only key a P-256 encryption key with kid x → signature/key_not_found (key_rejected, rule use)', async () => {
    // Without a kid in the token every key is named, whatever its own kid: the refused key that fits explains the miss.
    const token = makeToken({ key: ec, header: { kid: undefined } })
    expect(await verify(token, [jwkWith(ec, { kid: 'x', use: 'enc' })])).toEqual({ ...failure.signature('key_not_found', 'key_rejected'), rule: 'use' })
  })

  it('no header kid, the only key an RSA encryption key (no accepted key) → signature/key_not_found (key_rejected, rule use)', async () => {
    // No key was accepted, and the refused one does not fit ES256: its own rule is still the answer.
    const token = makeToken({ key: ec, header: { kid: undefined } })
    expect(await verify(token, [jwkWith(keys.RSA, { use: 'enc' })])).toEqual({ ...failure.signature('key_not_found', 'key_rejected'), rule: 'use' })
  })

  it('header kid shared by an RSA key and a P-256 encryption key → signature/key_not_found (key_rejected, rule use)', async () => {
    const token = makeToken({ key: ec, header: { kid: 'shared' } })
    const result = await verify(token, [jwkWith(keys.RSA, { kid: 'shared' }), jwkWith(ec, { kid: 'shared', use: 'enc' })])
    expect(result).toMatchObject({ step: 'signature', code: 'key_not_found', reason: 'key_rejected', rule: 'use' })
  })

  it('header kid naming an Ed25519 key and a refused RSA key → signature/key_not_found (no_key_for_algorithm)', async () => {
    // A refused key of another key type is not the key an ES256 token was meant for.
    const token = makeToken({ key: ec, header: { kid: 'shared' } })
    const result = await verify(token, [jwkWith(keys.Ed25519, { kid: 'shared' }), jwkWith(keys.RSA, { kid: 'shared', use: 'enc' })])
    expect(result).toMatchObject({ reason: 'no_key_for_algorithm' })
  })

  it('header kid naming an RSA key and a refused EC key without crv → signature/key_not_found (key_rejected)', async () => {
    // An EC key that names no curve could be the P-256 key the token was meant for.
    const token = makeToken({ key: ec, header: { kid: 'shared' } })
    const result = await verify(token, [jwkWith(keys.RSA, { kid: 'shared' }), jwkWith(ec, { kid: 'shared', crv: undefined })])
    expect(result).toMatchObject({ reason: 'key_rejected' })
  })

  it('header kid naming an RSA key and a refused EC key whose crv is a number → signature/key_not_found (key_rejected)', async () => {
    // A crv that is not a string names no curve, so the key could still be the P-256 key meant.
    const token = makeToken({ key: ec, header: { kid: 'shared' } })
    const result = await verify(token, [jwkWith(keys.RSA, { kid: 'shared' }), jwkWith(ec, { kid: 'shared', crv: 256 })])
    expect(result).toMatchObject({ reason: 'key_rejected' })
  })

  it('header kid naming an RSA key and a refused key of another curve → signature/key_not_found (no_key_for_algorithm)', async () => {
    const token = makeToken({ key: ec, header: { kid: 'shared' } })
    const result = await verify(token, [jwkWith(keys.RSA, { kid: 'shared' }), jwkWith(keys['P-384'], { kid: 'shared', use: 'enc' })])
    expect(result).toMatchObject({ reason: 'no_key_for_algorithm' })
  })

  it('ES384 token and only a P-256 key → signature/key_not_found', async () => {
    const token = makeToken({ key: keys['P-384'], header: { kid: undefined } })
    expect(await verify(token, ec)).toEqual(failure.signature('key_not_found'))
  })

  it.each([
    ['PS256 on the key, RS256 token', 'RS256', 'PS256'],
    ['rs256 on the key, RS256 token', 'RS256', 'rs256'],
    ['EdDSA on the key, Ed25519 token', 'Ed25519', 'EdDSA'],
    ['Ed25519 on the key, EdDSA token', 'EdDSA', 'Ed25519'],
  ] as const)('key alg %s → signature/key_not_found', async (_, alg: Algorithm, keyAlg) => {
    // One key, one algorithm (RFC 7517 §4.4): a labelled key never verifies another algorithm.
    const key = keys[kindOf(alg)]
    expect(await verify(makeToken({ key, alg }), [jwkWith(key, { alg: keyAlg })])).toEqual(failure.signature('key_not_found'))
  })

  it('key alg equal to the token alg → ok', async () => {
    const key = keys.RSA
    expect(await verify(makeToken({ key, alg: 'PS384' }), [jwkWith(key, { alg: 'PS384' })])).toMatchObject({ ok: true })
  })

  it('a bad key before the right one → ok', async () => {
    // A key the library cannot use is ignored (RFC 7517 §5), never a reason to fail the set.
    const bad = jwkWith(ec, { use: 'enc' })
    expect(await verify(makeToken({ key: ec }), [bad, { kty: 'oct', k: 'c2VjcmV0' }, 'junk', null, ec.jwk])).toMatchObject({ ok: true })
  })
})

describe('key policy: the one configured key is ignored', () => {
  // The failure names the rule that refused the key (reason key_rejected), or, for a key whose kid
  // could not be read, that no key has the token's kid.
  const rejected = (rule: string) => ({ ...failure.signature('key_not_found', 'key_rejected'), rule })
  const unmatched = failure.signature('key_not_found', 'no_matching_kid')
  const cases: [string, () => unknown, object][] = [
    ['use enc', () => jwkWith(ec, { use: 'enc' }), rejected('use')],
    ['key_ops without verify', () => jwkWith(ec, { key_ops: ['sign'] }), rejected('key_ops')],
    ['key_ops repeating verify', () => jwkWith(ec, { key_ops: ['verify', 'verify'] }), rejected('key_ops')],
    ['key_ops as a string', () => jwkWith(ec, { key_ops: 'verify' }), rejected('key_ops')],
    // RFC 7517 §4.3: an array; an object that only looks like one is not.
    ['key_ops as an object {0: verify, length: 1}', () => jwkWith(ec, { key_ops: { 0: 'verify', length: 1 } }), rejected('key_ops')],
    ['an empty key_ops', () => jwkWith(ec, { key_ops: [] }), rejected('key_ops')],
    // Array.prototype.every skips holes: the key policy reads every index.
    // eslint-disable-next-line no-sparse-arrays
    ['a sparse key_ops [<hole>, verify]', () => jwkWith(ec, { key_ops: [, 'verify'] }), rejected('key_ops')],
    ['a numeric kid', () => jwkWith(ec, { kid: 1 }), unmatched],
    ['a numeric alg', () => jwkWith(ec, { alg: 256 }), rejected('alg')],
    ['a private member d', () => ({ ...(ec.privateKey.export({ format: 'jwk' }) as object), kid: ec.kid }), rejected('private_key')],
    ['x with a leading zero octet (33 octets)', () => jwkWith(ec, { x: b64url(Buffer.concat([Buffer.from([0]), Buffer.from(ec.jwk['x'] as string, 'base64url')])) }), rejected('encoding')],
    ['crv P-384 on P-256 coordinates', () => jwkWith(ec, { crv: 'P-384' }), rejected('encoding')],
    ['kty OKP on an EC key', () => jwkWith(ec, { kty: 'OKP' }), rejected('curve')],
    ['no y', () => jwkWith(ec, { y: undefined }), rejected('encoding')],
    ['no x', () => jwkWith(ec, { x: undefined }), rejected('encoding')],
    ['x padded with =', () => jwkWith(ec, { x: `${ec.jwk['x'] as string}=` }), rejected('encoding')],
    ['an unknown kty', () => jwkWith(ec, { kty: 'ec' }), rejected('key_type')],
    ['an array instead of an object', () => [ec.jwk], unmatched],
  ]
  it.each(cases)('ES256 token, key with %s → signature/key_not_found', async (_, make, expected) => {
    expect(await verify(makeToken({ key: ec }), [make()])).toEqual(expected)
  })

  it('use sig and key_ops [verify] → ok', async () => {
    expect(await verify(makeToken({ key: ec }), [jwkWith(ec, { use: 'sig', key_ops: ['verify'] })])).toMatchObject({ ok: true })
  })

  const rsa = () => keys.RSA
  const modulus = () => Buffer.from(rsa().jwk['n'] as string, 'base64url')
  it.each([
    ['e = 1 (every signature forgeable)', () => ({ e: 'AQ' }), 'rsa_exponent'],
    ['an even e', () => ({ e: 'Ag' }), 'rsa_exponent'],
    ['e with a leading zero octet', () => ({ e: 'AAEAAQ' }), 'rsa_exponent'],
    ['e of 5 octets', () => ({ e: b64url(Buffer.from([1, 0, 0, 0, 1])) }), 'rsa_exponent'],
    ['n with a leading zero octet', () => ({ n: b64url(Buffer.concat([Buffer.from([0]), modulus()])) }), 'encoding'],
    ['n of 2047 bits', () => ({ n: b64url(Buffer.concat([Buffer.from([0x7f]), modulus().subarray(1)])) }), 'rsa_modulus'],
    ['n of 16385 bits (above the ceiling)', () => ({ n: b64url(Buffer.concat([Buffer.from([1]), Buffer.alloc(2047), Buffer.from([1])])) }), 'rsa_modulus'],
    // A product of two odd primes is odd.
    ['an even n', () => ({ n: b64url(Buffer.concat([modulus().subarray(0, -1), Buffer.from([modulus().at(-1)! & 0xfe])])) }), 'rsa_modulus'],
    ['no n', () => ({ n: undefined }), 'encoding'],
    ['no e', () => ({ e: undefined }), 'encoding'],
  ])('RS256 token, RSA key with %s → signature/key_not_found', async (_, fields, rule) => {
    expect(await verify(makeToken({ key: rsa() }), [jwkWith(rsa(), fields())])).toEqual(rejected(rule))
  })

  it('RS256 token signed by a 1024-bit key → signature/key_not_found', async () => {
    // RFC 7518 §3.3: at least 2048 bits; a weaker key is not a key at all.
    const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 1024 })
    const weak: TestKey = { kind: 'RSA', privateKey, jwk: { ...publicKey.export({ format: 'jwk' }), kid: 'weak' } as PublicJwk, kid: 'weak' }
    expect(await verify(makeToken({ key: weak }), weak)).toEqual(rejected('rsa_modulus'))
  })

  it('RS256 token, RSA key with n of exactly 16384 bits (the ceiling) → signature/invalid_signature', async () => {
    // The largest modulus accepted is tried like any key; this one is not the signer.
    const n = b64url(Buffer.concat([Buffer.from([0x80]), Buffer.alloc(2046), Buffer.from([1])]))
    expect(await verify(makeToken({ key: rsa() }), [jwkWith(rsa(), { n })])).toEqual(failure.signature('invalid_signature'))
  })

  it('EdDSA token, Ed25519 key of the identity point (small order) → signature/key_not_found', async () => {
    // y = 1, little-endian (RFC 8032 §5.1.3): with it a fixed signature verifies many messages.
    const identity = b64url(Buffer.concat([Buffer.from([1]), Buffer.alloc(31)]))
    expect(await verify(makeToken({ key: keys.Ed25519 }), [jwkWith(keys.Ed25519, { x: identity })])).toEqual(rejected('weak_key'))
  })

  it('EdDSA token, OKP key with a y member → signature/key_not_found', async () => {
    const ed = keys.Ed25519
    expect(await verify(makeToken({ key: ed }), [jwkWith(ed, { y: ed.jwk['x'] })])).toEqual(rejected('encoding'))
  })
})

describe('keys from the header are never used', () => {
  // The attacker signs with their own key and points at it from the header (RFC 8725 §3.10).
  const attack = (fields: Record<string, unknown>) => {
    const token = makeToken({ key: other, header: { kid: undefined, ...fields } })
    return verify(token, ec)
  }
  it.each([
    ['an embedded jwk', () => ({ jwk: other.jwk })],
    ['a jku URL', () => ({ jku: 'https://attacker.example/jwks' })],
    ['an x5u URL', () => ({ x5u: 'https://attacker.example/cert' })],
    ['an x5c chain', () => ({ x5c: ['MIIB'] })],
  ])('attacker token with %s → signature/invalid_signature', async (_, fields) => {
    expect(await attack(fields())).toEqual(failure.signature('invalid_signature'))
  })

  it('attacker token with an embedded jwk and its kid → signature/key_not_found', async () => {
    const token = makeToken({ key: other, header: { kid: 'attacker', jwk: { ...other.jwk, kid: 'attacker' } } })
    expect(await verify(token)).toEqual(failure.signature('key_not_found'))
  })
})

describe('signature bytes', () => {
  const esToken = () => makeToken({ key: ec })
  const esSig = () => Buffer.from(segmentsOf(esToken())[2], 'base64url')
  it.each([
    ['signed by another key with the same kid', () => makeToken({ key: other })],
    ['in DER instead of R‖S', () => {
      const [h, p] = segmentsOf(esToken())
      return `${h}.${p}.${b64url(sign('sha256', Buffer.from(`${h}.${p}`), { key: ec.privateKey, dsaEncoding: 'der' }))}`
    }],
    ['one octet short', () => withSignature(esToken(), esSig().subarray(0, 63))],
    ['one extra zero octet', () => withSignature(esToken(), Buffer.concat([esSig(), Buffer.from([0])]))],
    ['all zero', () => withSignature(esToken(), new Uint8Array(64))],
    ['with one bit flipped', () => { const s = esSig(); s[10]! ^= 1; return withSignature(esToken(), s) }],
    ['over another payload', () => {
      const [h, , s] = segmentsOf(esToken())
      return `${h}.${b64url(JSON.stringify(validClaims({ sub: 'admin' })))}.${s}`
    }],
  ])('ES256 signature %s → signature/invalid_signature', async (_, make) => {
    expect(await verify(make())).toEqual(failure.signature('invalid_signature'))
  })

  const rsSig = (token: string) => Buffer.from(segmentsOf(token)[2], 'base64url')
  it.each([
    ['one octet short', (s: Buffer) => s.subarray(1)],
    ['with a leading zero octet added', (s: Buffer) => Buffer.concat([Buffer.from([0]), s])],
    ['with one bit flipped', (s: Buffer) => { const c = Buffer.from(s); c[100]! ^= 1; return c }],
  ])('RS256 signature %s → signature/invalid_signature', async (_, change) => {
    const token = makeToken({ key: keys.RSA })
    expect(await verify(withSignature(token, change(rsSig(token))), keys.RSA)).toEqual(failure.signature('invalid_signature'))
  })

  it('PS256 signature presented as RS256 → signature/invalid_signature', async () => {
    // Same key, same hash, other padding: the header alg decides, and here it is wrong.
    const [h, p] = segmentsOf(makeToken({ key: keys.RSA, alg: 'RS256' }))
    const token = signSegments(keys.RSA, 'PS256', h, p)
    expect(await verify(token, keys.RSA)).toEqual(failure.signature('invalid_signature'))
  })

  it('Ed25519 signature one octet short → signature/invalid_signature', async () => {
    const token = makeToken({ key: keys.Ed25519 })
    const short = Buffer.from(segmentsOf(token)[2], 'base64url').subarray(0, 63)
    expect(await verify(withSignature(token, short), keys.Ed25519)).toEqual(failure.signature('invalid_signature'))
  })
})

describe('several candidate keys', () => {
  let wrong: TestKey[]
  beforeAll(() => { wrong = [1, 2, 3].map(() => generateKey('P-256', 'P-256')) })
  const jwks = (...list: TestKey[]) => list.map((key) => jwkWith(key, { kid: undefined }))

  it('no kid, right key third of four → ok', async () => {
    const token = makeToken({ key: ec, header: { kid: undefined } })
    expect(await verify(token, jwks(wrong[0]!, wrong[1]!, ec, wrong[2]!))).toMatchObject({ ok: true })
  })

  it('no kid, right key fourth of four → signature/invalid_signature', async () => {
    // At most three candidates are tried, so a kid-less token cannot make us try every key.
    const token = makeToken({ key: ec, header: { kid: undefined } })
    expect(await verify(token, jwks(...wrong, ec))).toEqual(failure.signature('invalid_signature'))
  })

  it('a kid shared by four keys, right key fourth → signature/invalid_signature', async () => {
    const token = makeToken({ key: ec })
    expect(await verify(token, [...wrong.map((key) => key.jwk), ec.jwk])).toEqual(failure.signature('invalid_signature'))
  })

  it('keys of other types do not use up the three attempts → ok', async () => {
    const token = makeToken({ key: ec, header: { kid: undefined } })
    const filler = [keys.RSA, keys['P-384'], keys['P-521'], keys.Ed25519]
    expect(await verify(token, [...jwks(...filler), ...jwks(ec)])).toMatchObject({ ok: true })
  })
})

describe('keys the runtime cannot import', () => {
  // Flipping a bit of y moves the point off the curve; the length check alone cannot see it.
  const offCurve = (): PublicJwk => {
    const y = Buffer.from(ec.jwk['y'] as string, 'base64url')
    y[31]! ^= 1
    return jwkWith(ec, { y: b64url(y) })
  }

  it('only an off-curve key → signature/key_not_found', async () => {
    expect(await verify(makeToken({ key: ec }), [offCurve()])).toEqual({ ...failure.signature('key_not_found', 'key_rejected'), rule: 'point' })
  })

  it('an off-curve key then a wrong key → signature/invalid_signature', async () => {
    expect(await verify(makeToken({ key: ec }), [offCurve(), other.jwk])).toEqual(failure.signature('invalid_signature'))
  })

  it('an off-curve key then the right key → ok', async () => {
    expect(await verify(makeToken({ key: ec }), [offCurve(), ec.jwk])).toMatchObject({ ok: true })
  })
})

describe('imported keys', () => {
  it('P-256 key imported for ES256 → not extractable, usage verify only', async () => {
    // Least privilege: the CryptoKey can do nothing but verify, and its material is never read back.
    const key = prepareKey(ec.jwk)
    if (!isPrepared(key)) throw new Error('the test key was refused')
    expect(await importKey(key, ENTRIES.ES256)).toMatchObject({ extractable: false, usages: ['verify'] })
  })
})

describe('default algorithms: RS256 and ES256, plus what a key declares', () => {
  // No `algorithms` option: a key that names its `alg` allows that algorithm for itself only.
  const byDefault = { algorithms: undefined } as unknown as Partial<VerifyOptions>

  it.each(['PS256', 'EdDSA', 'ES384'] as const)('%s token, its key declaring alg %s → ok', async (alg) => {
    const key = keys[kindOf(alg)]
    expect(await verify(makeToken({ key, alg }), [jwkWith(key, { alg })], byDefault)).toMatchObject({ ok: true, header: { alg } })
  })

  it.each(['PS256', 'EdDSA', 'ES384'] as const)('%s token, its key without alg → signature/alg_not_allowed', async (alg) => {
    const key = keys[kindOf(alg)]
    expect(await verify(makeToken({ key, alg }), [key.jwk], byDefault)).toEqual(failure.signature('alg_not_allowed'))
  })

  it('PS256 token with kid of an RSA key without alg, another key declaring PS256 → signature/alg_not_allowed', async () => {
    // The declared algorithm belongs to the declaring key, never to its neighbours.
    const rsa = keys.RSA
    const declaring = generateKey('RSA', 'declares-ps256')
    const set = [rsa.jwk, jwkWith(declaring, { alg: 'PS256' })]
    expect(await verify(makeToken({ key: rsa, alg: 'PS256' }), set, byDefault)).toEqual(failure.signature('alg_not_allowed'))
    expect(await verify(makeToken({ key: declaring, alg: 'PS256' }), set, byDefault)).toMatchObject({ ok: true })
  })

  it('RS256 token, its key declaring PS256 → signature/key_not_found (one key, one algorithm)', async () => {
    const rsa = keys.RSA
    expect(await verify(makeToken({ key: rsa, alg: 'RS256' }), [jwkWith(rsa, { alg: 'PS256' })], byDefault))
      .toEqual(failure.signature('key_not_found', 'no_key_for_algorithm'))
  })

  it('explicit algorithms [ES256], key declaring PS256 → PS256 token signature/alg_not_allowed (the list is exact)', async () => {
    const rsa = keys.RSA
    expect(await verify(makeToken({ key: rsa, alg: 'PS256' }), [jwkWith(rsa, { alg: 'PS256' })], { algorithms: ['ES256'] }))
      .toEqual(failure.signature('alg_not_allowed'))
  })

  it.each(['none', 'HS256', 'ps256'])('%s token, a key declaring alg %s → signature/alg_not_allowed', async (alg) => {
    const token = signSegments(ec, 'ES256', b64url(JSON.stringify({ alg, kid: ec.kid })), b64url(JSON.stringify(validClaims())))
    expect(await verify(token, [jwkWith(ec, { alg })], byDefault)).toEqual(failure.signature('alg_not_allowed'))
  })
})
