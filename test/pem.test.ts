/**
 * `createJwksFromPem`: PEM public keys, openssl-made certificates (test/keys/pem/), DER bytes,
 * lists and `{ kid: pem }` maps become key sets that verify tokens signed with the matching
 * private key; every mistake rejects with a TypeError whose message says how to fix it.
 */
import { createPrivateKey, createPublicKey, generateKeyPairSync, X509Certificate, type KeyObject } from 'node:crypto'
import { readFileSync } from 'node:fs'
import fc from 'fast-check'
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest'
import { createJwksFromPem, createVerifier, verifyAccessToken, type Algorithm, type JsonWebKeySet, type PemKeyInput } from '../src/index.js'
import { bytes, certificate, concat, ed25519Spki, pemOf, rsaSpki } from './der-builder.js'
import { failure, generateKeys, makeToken, options, type KeyKind, type KeySet, type PublicJwk, type TestKey } from './helpers.js'

const read = (file: string) => readFileSync(new URL(`keys/pem/${file}`, import.meta.url), 'utf8')
const PEM = {
  rsa: read('rsa-2048.crt'), rsa1024: read('rsa-1024.crt'), p256: read('ec-p256.crt'), p384: read('ec-p384.crt'),
  p521: read('ec-p521.crt'), ed25519: read('ed25519.crt'), p256v1: read('ec-p256-v1-expired.crt'),
}
const der = (pem: string) => new Uint8Array(new X509Certificate(pem).raw)
const spkiPem = (key: KeyObject) => (key.type === 'private' ? createPublicKey(key) : key).export({ type: 'spki', format: 'pem' }) as string

/** A test key (helpers.ts) from a fixture's private key, with the JWK a key set will hold. */
function fixtureKey(kind: KeyKind, file: string, jwk: unknown, kid = 'pem-key'): TestKey {
  return { kind, privateKey: createPrivateKey(read(file)), jwk: jwk as PublicJwk, kid }
}

/** The public JWK node:crypto reads from a key, as the expected output with `alg`, `kid`, `use`. */
function expectedJwk(key: KeyObject, alg: Algorithm, kid?: string): Record<string, unknown> {
  const { kty, n, e, crv, x, y } = key.export({ format: 'jwk' })
  return JSON.parse(JSON.stringify({ kty, n, e, crv, x, y, alg, kid, use: 'sig' }))
}

async function rejection(promise: Promise<unknown>): Promise<TypeError> {
  const error = await promise.then(() => undefined, (reason: unknown) => reason)
  expect(error).toBeInstanceOf(TypeError)
  return error as TypeError
}

const expectRefusal = async (input: unknown, alg: unknown, message: string | RegExp, extra: object = {}) => {
  const error = await rejection(createJwksFromPem(input as PemKeyInput, { alg, ...extra } as never))
  if (typeof message === 'string') expect(error.message).toBe(`verify-access-token: ${message}`)
  else expect(error.message).toMatch(message)
}

let keys: KeySet
beforeAll(() => {
  keys = generateKeys()
})

describe('certificates made by openssl', () => {
  it.each<[string, keyof typeof PEM, KeyKind, string, Algorithm]>([
    ['RSA 2048', 'rsa', 'RSA', 'rsa-2048.key', 'RS256'],
    ['RSA 2048', 'rsa', 'RSA', 'rsa-2048.key', 'PS384'],
    ['EC P-256', 'p256', 'P-256', 'ec-p256.key', 'ES256'],
    ['EC P-384', 'p384', 'P-384', 'ec-p384.key', 'ES384'],
    ['EC P-521', 'p521', 'P-521', 'ec-p521.key', 'ES512'],
    ['Ed25519', 'ed25519', 'Ed25519', 'ed25519.key', 'EdDSA'],
    ['Ed25519', 'ed25519', 'Ed25519', 'ed25519.key', 'Ed25519'],
    ['expired v1 P-256', 'p256v1', 'P-256', 'ec-p256.key', 'ES256'],
  ])('%s certificate PEM with alg %s → key set verifying a token signed by its key', async (_, name, kind, file, alg) => {
    const jwks = await createJwksFromPem(PEM[name], { alg, kid: 'pem-key' })
    expect(jwks.keys).toEqual([expectedJwk(new X509Certificate(PEM[name]).publicKey, alg, 'pem-key')])
    const key = fixtureKey(kind, file, jwks.keys[0])
    expect(await verifyAccessToken(makeToken({ key, alg }), options(key, { jwks }))).toMatchObject({ ok: true, header: { alg } })
  })

  it('P-256 certificate PEM, token signed by another P-256 key with the same kid → signature/invalid_signature', async () => {
    const jwks = await createJwksFromPem(PEM.p256, { alg: 'ES256', kid: keys['P-256'].kid })
    expect(await verifyAccessToken(makeToken({ key: keys['P-256'] }), options(keys['P-256'], { jwks })))
      .toEqual(failure.signature('invalid_signature'))
  })

  it.each<[string, keyof typeof PEM, Algorithm, (pem: string) => Uint8Array]>([
    ['Buffer', 'rsa', 'RS256', (pem) => new X509Certificate(pem).raw],
    ['Uint8Array', 'p256', 'ES256', der],
    ['Uint8Array', 'ed25519', 'EdDSA', der],
  ])('DER certificate as a %s (%s) → same key set as its PEM', async (_, name, alg, toDer) => {
    expect(await createJwksFromPem(toDer(PEM[name]), { alg })).toEqual(await createJwksFromPem(PEM[name], { alg }))
  })

  it('certificate PEM with CRLF line ends, indented lines and surrounding blank lines → same key set', async () => {
    const messy = `\r\n  ${PEM.p256.trim().replace(/\n/g, '\r\n  ')}\r\n\r\n`
    expect(await createJwksFromPem(messy, { alg: 'ES256' })).toEqual(await createJwksFromPem(PEM.p256, { alg: 'ES256' }))
  })
})

describe('SPKI public keys made by node:crypto', () => {
  it.each<[KeyKind, Algorithm]>([
    ['RSA', 'RS256'], ['RSA', 'RS512'], ['RSA', 'PS256'], ['P-256', 'ES256'], ['P-384', 'ES384'], ['P-521', 'ES512'],
    ['Ed25519', 'EdDSA'], ['Ed25519', 'Ed25519'],
  ])('%s PUBLIC KEY PEM with alg %s → key set verifying a token signed by its key', async (kind, alg) => {
    const key = keys[kind]
    const jwks = await createJwksFromPem(spkiPem(key.privateKey), { alg, kid: key.kid })
    expect(jwks.keys).toEqual([{ ...key.jwk, alg, use: 'sig' }])
    expect(await verifyAccessToken(makeToken({ key, alg }), options(key, { jwks }))).toMatchObject({ ok: true })
  })

  it.each<[KeyKind, Algorithm, string]>([
    ['RSA', 'RS256', 'kty n e alg kid use'],
    ['P-521', 'ES512', 'kty crv x y alg kid use'],
    ['Ed25519', 'EdDSA', 'kty crv x alg kid use'],
  ])('%s PUBLIC KEY PEM with alg %s → a minimal JWK of exactly: %s', async (kind, alg, members) => {
    const { keys: [jwk] } = await createJwksFromPem(spkiPem(keys[kind].privateKey), { alg, kid: 'k' })
    expect(Object.keys(jwk as object).join(' ')).toBe(members)
  })

  it('PUBLIC KEY PEM without the kid option → JWK without kid; verifies only tokens without a kid', async () => {
    const key = keys['P-256']
    const jwks = await createJwksFromPem(spkiPem(key.privateKey), { alg: 'ES256' })
    expect(jwks.keys[0]).not.toHaveProperty('kid')
    expect(await verifyAccessToken(makeToken({ key, header: { kid: undefined } }), options(key, { jwks }))).toMatchObject({ ok: true })
    expect(await verifyAccessToken(makeToken({ key }), options(key, { jwks }))).toEqual(failure.signature('key_not_found'))
  })

  it('RSA PUBLIC KEY PEM with exponent 3 → accepted by the key policy', async () => {
    const { publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048, publicExponent: 3 })
    expect(await createJwksFromPem(spkiPem(publicKey), { alg: 'RS256' })).toMatchObject({ keys: [{ e: 'Aw' }] })
  })
})

describe('lists and maps', () => {
  it('list of two P-256 keys → two JWKs in order, either key verifying a token without a kid', async () => {
    const other = generateKeyPairSync('ec', { namedCurve: 'P-256' })
    const jwks = await createJwksFromPem([spkiPem(other.publicKey), PEM.p256], { alg: 'ES256' })
    expect(jwks.keys).toEqual([expectedJwk(other.publicKey, 'ES256'), expectedJwk(new X509Certificate(PEM.p256).publicKey, 'ES256')])
    const key = fixtureKey('P-256', 'ec-p256.key', jwks.keys[1])
    expect(await verifyAccessToken(makeToken({ key, header: { kid: undefined } }), options(key, { jwks }))).toMatchObject({ ok: true })
  })

  it('JSON map of certificates (Google and Firebase shape) → one JWK per entry, kids from the map', async () => {
    // As fetched: JSON text of { kid: certificate PEM }, parsed by the caller's own code.
    const published = JSON.parse(JSON.stringify({ '1f0e3c': PEM.p256, '9a7b21': PEM.p256v1 })) as Record<string, string>
    const jwks: JsonWebKeySet = await createJwksFromPem(published, { alg: 'ES256' })
    expect(jwks.keys.map((jwk) => (jwk as PublicJwk).kid)).toEqual(['1f0e3c', '9a7b21'])
    for (const kid of ['1f0e3c', '9a7b21']) {
      const key = fixtureKey('P-256', 'ec-p256.key', jwks.keys[0], kid)
      expect(await verifyAccessToken(makeToken({ key }), options(key, { jwks }))).toMatchObject({ ok: true, header: { kid } })
    }
  })

  it('map holding a DER certificate → accepted like its PEM', async () => {
    expect(await createJwksFromPem({ a: der(PEM.rsa) }, { alg: 'RS256' })).toEqual(await createJwksFromPem({ a: PEM.rsa }, { alg: 'RS256' }))
  })
})

describe('caller mistakes → TypeError', () => {
  const ALGS = 'RS256, RS384, RS512, PS256, PS384, PS512, ES256, ES384, ES512, EdDSA, Ed25519'
  const INPUT = 'createJwksFromPem needs a PEM string, DER certificate bytes (a Uint8Array), a list of them, or a { kid: pem } object'
  it.each<[string, unknown, unknown, string, object?]>([
    ['options missing', PEM.rsa, undefined, 'createJwksFromPem needs options with an alg, such as { alg: \'RS256\' }'],
    ['alg missing', PEM.rsa, null, 'createJwksFromPem needs an alg, one of ' + ALGS],
    ['alg HS256', PEM.rsa, 'HS256', 'createJwksFromPem needs an alg, one of ' + ALGS],
    ['alg none', PEM.rsa, 'none', 'createJwksFromPem needs an alg, one of ' + ALGS],
    ['alg toString', PEM.rsa, 'toString', 'createJwksFromPem needs an alg, one of ' + ALGS],
    ['alg only on the prototype', PEM.rsa, null, 'createJwksFromPem needs an alg, one of ' + ALGS, Object.create({ alg: 'RS256' })],
    ['alg rs256 (wrong case)', PEM.rsa, 'rs256', 'createJwksFromPem needs an alg, one of ' + ALGS],
    // A list would name the table's property by coercion (['RS256'] → 'RS256') if it were looked up.
    ['alg as a list of one name', PEM.rsa, ['RS256'], 'createJwksFromPem needs an alg, one of ' + ALGS],
    ['an unknown option', PEM.rsa, 'RS256', 'unknown option "algorithm" of createJwksFromPem', { algorithm: 'RS256' }],
    ['an empty kid', PEM.rsa, 'RS256', 'kid must be a non-empty string when given', { kid: '' }],
    ['a numeric kid', PEM.rsa, 'RS256', 'kid must be a non-empty string when given', { kid: 7 }],
    ['a kid with a list', [PEM.rsa], 'RS256', 'the kid option names a single key: for several keys, give a { kid: pem } map', { kid: 'a' }],
    ['a kid with a map', { a: PEM.rsa }, 'RS256', 'the kid option names a single key: for several keys, give a { kid: pem } map', { kid: 'a' }],
    ['a number as input', 42, 'RS256', INPUT],
    ['null as input', null, 'RS256', INPUT],
    ['an ArrayBuffer as input', der(PEM.rsa).buffer, 'RS256', INPUT],
    ['a DataView as input', new DataView(der(PEM.rsa).buffer), 'RS256', INPUT],
    ['a Map as input', new Map([['a', PEM.rsa]]), 'RS256', INPUT],
    ['an empty list', [], 'RS256', 'createJwksFromPem was given no key: a key set with no key verifies nothing'],
    ['an empty map', {}, 'RS256', 'createJwksFromPem was given no key: a key set with no key verifies nothing'],
    ['a map with an empty kid', { '': PEM.rsa }, 'RS256', 'a kid in the map is the empty string: kids must be non-empty'],
    ['a list holding a number', [PEM.rsa, 1], 'RS256', 'list[1]: a key must be a PEM string or a DER certificate\'s bytes (a Uint8Array)'],
    ['a map holding a JWK', { a: { kty: 'RSA' } }, 'RS256', 'kid "a": a key must be a PEM string or a DER certificate\'s bytes (a Uint8Array)'],
  ])('%s → TypeError', async (_, input, alg, message, extra) => {
    const opts = alg === undefined ? undefined : alg === null ? extra ?? {} : { alg, ...extra }
    const error = await rejection(createJwksFromPem(input as PemKeyInput, opts as never))
    expect(error.message).toBe(`verify-access-token: ${message}`)
    // No cause at all, not an own `cause: undefined` that util.inspect would print.
    expect(Object.hasOwn(error, 'cause')).toBe(false)
  })

  it.each<[string, unknown]>([
    ['null', null],
    ['an alg name alone', 'RS256'],
  ])('options %s → TypeError asking for options with an alg', async (_, opts) => {
    const error = await rejection(createJwksFromPem(PEM.rsa, opts as never))
    expect(error.message).toBe('verify-access-token: createJwksFromPem needs options with an alg, such as { alg: \'RS256\' }')
  })
})

describe('PEM mistakes → TypeError saying the fix', () => {
  const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 })
  const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' })
  const PRIVATE = 'this is a PRIVATE key: never configure a private key for verification; give the issuer\'s public key (-----BEGIN PUBLIC KEY-----) or certificate'
  const block = (label: string) => `-----BEGIN ${label}-----\nAAAA\n-----END ${label}-----\n`
  const body = PEM.p256.split('\n').slice(1, -2).join('\n')
  it.each<[string, string, string]>([
    ['PKCS#1 RSA PUBLIC KEY block', rsa.publicKey.export({ type: 'pkcs1', format: 'pem' }) as string,
      'a PKCS#1 "RSA PUBLIC KEY" block: convert it to SPKI with `openssl rsa -RSAPublicKey_in -pubout`'],
    ['PKCS#8 PRIVATE KEY block', rsa.privateKey.export({ type: 'pkcs8', format: 'pem' }) as string, PRIVATE],
    ['PKCS#1 RSA PRIVATE KEY block', rsa.privateKey.export({ type: 'pkcs1', format: 'pem' }) as string, PRIVATE],
    ['SEC 1 EC PRIVATE KEY block', ec.privateKey.export({ type: 'sec1', format: 'pem' }) as string, PRIVATE],
    ['ENCRYPTED PRIVATE KEY block', ec.privateKey.export({ type: 'pkcs8', format: 'pem', cipher: 'aes-256-cbc', passphrase: 'x' }) as string, PRIVATE],
    ['OPENSSH PRIVATE KEY block', block('OPENSSH PRIVATE KEY'), PRIVATE],
    ['certificate followed by its private key', PEM.p256 + read('ec-p256.key'), PRIVATE],
    ['CERTIFICATE REQUEST block', block('CERTIFICATE REQUEST'), 'a PEM block labelled "CERTIFICATE REQUEST": expected "PUBLIC KEY" or "CERTIFICATE"'],
    ['X509 CRL block', block('X509 CRL'), 'a PEM block labelled "X509 CRL": expected "PUBLIC KEY" or "CERTIFICATE"'],
    ['the empty string', '', 'no PEM block: expected -----BEGIN PUBLIC KEY----- or -----BEGIN CERTIFICATE-----'],
    ['bare base64', body, 'no PEM block: expected -----BEGIN PUBLIC KEY----- or -----BEGIN CERTIFICATE-----'],
    ['OpenSSH public key', 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIDXJ user@host', 'an OpenSSH public key: convert it to PEM with `ssh-keygen -e -m PKCS8 -f key.pub`'],
    ['JSON text of a certificate map', JSON.stringify({ a: PEM.p256, b: PEM.p256v1 }), 'a JSON text, not a PEM block: parse it (JSON.parse) and give the { kid: pem } object'],
    ['JSON text after a blank line', `\n  ${JSON.stringify({ a: PEM.p256 })}`, 'a JSON text, not a PEM block: parse it (JSON.parse) and give the { kid: pem } object'],
    ['OpenSSH public key after blanks', '\n  ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIDXJ user@host', 'an OpenSSH public key: convert it to PEM with `ssh-keygen -e -m PKCS8 -f key.pub`'],
    ['text that only mentions ssh-keygen', 'made with ssh-keygen', 'no PEM block: expected -----BEGIN PUBLIC KEY----- or -----BEGIN CERTIFICATE-----'],
    ['certificate chain of two', PEM.p256 + PEM.p256v1, '2 PEM blocks in one string: give one key per string, in a list or a { kid: pem } map (for a certificate chain, only the issuer\'s signing certificate)'],
    ['openssl -text output before the block', `Certificate:\n    Data: ...\n${PEM.p256}`, 'text before the -----BEGIN line: remove it (one string holds one PEM block and nothing else)'],
    ['a comment after the block', `${PEM.p256}# issuer key\n`, 'text after the -----END line: remove it (one string holds one PEM block and nothing else)'],
    ['block without its END line', PEM.p256.split('-----END')[0]!, 'no -----END CERTIFICATE----- line: the PEM block is cut off'],
    ['END line of another label', PEM.p256.replace('END CERTIFICATE', 'END PUBLIC KEY'), 'the END line says "PUBLIC KEY" but the BEGIN line says "CERTIFICATE" (RFC 7468 §2)'],
    ['a * in the base64', PEM.p256.replace(/(\n.{10})./, '$1*'), 'the text between the BEGIN and END lines is not base64 (RFC 4648 §4)'],
    ['base64url instead of base64', pemOf('CERTIFICATE', bytes(0xfb, 0xff)).replace('+/', '-_'), 'the text between the BEGIN and END lines is not base64 (RFC 4648 §4): PEM uses standard base64 with + and /, not base64url'],
    ['padding in the middle', pemOf('PUBLIC KEY', bytes(1)).replace('AQ==', 'AQ==AQ=='), 'the text between the BEGIN and END lines is not base64 (RFC 4648 §4)'],
    ['missing padding', pemOf('PUBLIC KEY', bytes(1)).replace('AQ==', 'AQ'), 'the text between the BEGIN and END lines is not base64 (RFC 4648 §4)'],
    ['an empty block', '-----BEGIN CERTIFICATE-----\n-----END CERTIFICATE-----\n', 'the text between the BEGIN and END lines is not base64 (RFC 4648 §4)'],
  ])('%s → TypeError', async (_, pem, message) => {
    await expectRefusal(pem, 'ES256', message)
  })

  it('PRIVATE KEY block → message and cause repeat nothing of the key', async () => {
    // A private key in the wrong place must not reach a log through the error.
    const pem = rsa.privateKey.export({ type: 'pkcs8', format: 'pem' }) as string
    const error = await rejection(createJwksFromPem(pem, { alg: 'RS256' }))
    expect(error.cause).toBeUndefined()
    for (const line of pem.split('\n').slice(1, -2)) expect(error.message).not.toContain(line.slice(0, 12))
  })

  it('certificate DER with a trailing octet → TypeError whose cause is the DER reader\'s TypeError', async () => {
    const error = await rejection(createJwksFromPem(pemOf('CERTIFICATE', concat(der(PEM.p256), bytes(0))), { alg: 'ES256' }))
    expect(error.cause).toBeInstanceOf(TypeError)
    expect((error.cause as TypeError).message).toBe('1 unexpected octet after the certificate at octet ' + der(PEM.p256).length)
  })

  it.each<[string, string | Uint8Array, string]>([
    ['certificate DER with a trailing octet', pemOf('CERTIFICATE', concat(der(PEM.p256), bytes(0))),
      'not a DER X.509 certificate (RFC 5280 §4.1): 1 unexpected octet after the certificate at octet ' + der(PEM.p256).length],
    ['certificate DER cut short', pemOf('CERTIFICATE', der(PEM.p256).subarray(0, 300)),
      'not a DER X.509 certificate (RFC 5280 §4.1): a Certificate (SEQUENCE, RFC 5280 §4.1) at octet 0 runs ' + (der(PEM.p256).length - 300) + ' octets past its end: the DER is truncated'],
    ['PUBLIC KEY block holding a certificate', pemOf('PUBLIC KEY', der(PEM.p256)),
      'not a DER SubjectPublicKeyInfo (RFC 5280 §4.1): the key algorithm (OBJECT IDENTIFIER) expected at octet 8, found tag 0xa0'],
    ['CERTIFICATE block holding a public key', spkiPem(ec.publicKey).replace(/PUBLIC KEY/g, 'CERTIFICATE'),
      'not a DER X.509 certificate (RFC 5280 §4.1): signatureAlgorithm (SEQUENCE) expected at octet 23, found tag 0x03'],
    ['DER bytes of a public key', new Uint8Array(ec.publicKey.export({ type: 'spki', format: 'der' })),
      'not a DER X.509 certificate (RFC 5280 §4.1): signatureAlgorithm (SEQUENCE) expected at octet 23, found tag 0x03'],
    ['DER bytes with an indefinite length', concat(bytes(0x30, 0x80), der(PEM.p256).subarray(4), bytes(0, 0)),
      'not a DER X.509 certificate (RFC 5280 §4.1): a Certificate (SEQUENCE, RFC 5280 §4.1) at octet 0 has an indefinite length: not DER (X.690 §10.1)'],
  ])('%s → TypeError', async (_, input, message) => {
    await expectRefusal(input, 'ES256', message)
  })
})

describe('keys that do not fit alg or the key policy → TypeError naming the rule', () => {
  const secp256k1 = generateKeyPairSync('ec', { namedCurve: 'secp256k1' }).publicKey
  it.each<[string, Algorithm, string | Uint8Array, string]>([
    ['EC P-256 certificate', 'RS256', PEM.p256, 'an EC P-256 key cannot have alg RS256, which needs an RSA key'],
    ['EC P-384 certificate', 'ES256', PEM.p384, 'an EC P-384 key cannot have alg ES256, which needs an EC P-256 key'],
    ['Ed25519 certificate', 'ES256', PEM.ed25519, 'an OKP Ed25519 key cannot have alg ES256, which needs an EC P-256 key'],
    ['RSA certificate', 'EdDSA', PEM.rsa, 'an RSA key cannot have alg EdDSA, which needs an OKP Ed25519 key'],
    ['secp256k1 public key', 'ES256', spkiPem(secp256k1),
      'a key of algorithm 1.2.840.10045.2.1 (parameters 1.3.132.0.10) is not supported: use an RSA, EC P-256, P-384, P-521 or Ed25519 key'],
    ['Ed448 public key', 'EdDSA', spkiPem(generateKeyPairSync('ed448').publicKey),
      'a key of algorithm 1.3.101.113 is not supported: use an RSA, EC P-256, P-384, P-521 or Ed25519 key'],
    ['X25519 public key', 'EdDSA', spkiPem(generateKeyPairSync('x25519').publicKey),
      'a key of algorithm 1.3.101.110 is not supported: use an RSA, EC P-256, P-384, P-521 or Ed25519 key'],
    ['RSA 1024 certificate', 'RS256', PEM.rsa1024, 'RSA key of 1024 bits: at least 2048 are required (RFC 7518 §3.3)'],
    ['RSA 16392-bit public key', 'RS256', pemOf('PUBLIC KEY', rsaSpki(new Uint8Array(2049).fill(0xff), bytes(1, 0, 1))),
      'RSA key of 16392 bits: at most 16384 are accepted'],
    ['RSA public key with exponent 5', 'RS256', pemOf('PUBLIC KEY', rsaSpki(new Uint8Array(256).fill(0xc3), bytes(5))),
      'RSA public exponent 5: only 3, 17 and 65537 are accepted'],
    // 16384 bits is the largest size accepted, so the exponent is what is refused.
    ['RSA 16384-bit public key with exponent 5', 'RS256', pemOf('PUBLIC KEY', rsaSpki(new Uint8Array(2048).fill(0xff), bytes(5))),
      'RSA public exponent 5: only 3, 17 and 65537 are accepted'],
    ['RSA public key with a 6-octet exponent', 'RS256', pemOf('PUBLIC KEY', rsaSpki(new Uint8Array(256).fill(0xc3), bytes(1, 0, 0, 0, 0, 1))),
      'RSA public exponent 1099511627777: only 3, 17 and 65537 are accepted'],
    ['RSA public key with a 7-octet exponent', 'RS256', pemOf('PUBLIC KEY', rsaSpki(new Uint8Array(256).fill(0xc3), bytes(1, 0, 0, 0, 0, 0, 1))),
      'RSA public exponent of 56 bits: only 3, 17 and 65537 are accepted'],
    ['RSA public key with a zero modulus', 'RS256', pemOf('PUBLIC KEY', rsaSpki(bytes(0), bytes(1, 0, 1))),
      'RSA key of 0 bits: at least 2048 are required (RFC 7518 §3.3)'],
    ['RSA public key with an even modulus', 'RS256', pemOf('PUBLIC KEY', rsaSpki(new Uint8Array(256).fill(0xc2), bytes(1, 0, 1))),
      'RSA key with an even modulus: not an RSA key'],
    ['Ed25519 identity point (small order)', 'EdDSA', pemOf('PUBLIC KEY', ed25519Spki(concat(bytes(1), new Uint8Array(31)))),
      'Ed25519 key of small order or non-canonical: with it, forged signatures would verify (RFC 8032 §5.1.3)'],
    ['P-256 point off the curve', 'ES256', pemOf('PUBLIC KEY', offCurve()),
      'the EC P-256 public key is malformed: WebCrypto could not import it'],
  ])('%s with alg %s → TypeError', async (_, alg, input, message) => {
    await expectRefusal(input, alg, message)
  })

  it('P-256 point off the curve → TypeError whose cause is WebCrypto\'s import error', async () => {
    const error = await rejection(createJwksFromPem(pemOf('PUBLIC KEY', offCurve()), { alg: 'ES256' }))
    expect(error.cause).toBeInstanceOf(Error)
    expect(error.cause).not.toBeInstanceOf(TypeError)
  })

  it('map whose second certificate is RSA 1024 → TypeError naming its kid', async () => {
    await expectRefusal({ good: PEM.rsa, old: PEM.rsa1024 }, 'RS256', 'kid "old": RSA key of 1024 bits: at least 2048 are required (RFC 7518 §3.3)')
  })

  it('list whose first key is a private key → TypeError naming its index', async () => {
    await expectRefusal([read('ec-p256.key'), PEM.p256], 'ES256', /^verify-access-token: list\[0\]: this is a PRIVATE key/)
  })
})

describe('the runtime\'s WebCrypto', () => {
  afterEach(() => {
    vi.unstubAllGlobals()
    vi.restoreAllMocks()
  })

  it.each<[string, unknown]>([
    ['no crypto', undefined],
    ['crypto without subtle', {}],
    ['crypto.subtle without importKey', { subtle: {} }],
  ])('%s → TypeError saying WebCrypto is missing', async (_, crypto) => {
    vi.stubGlobal('crypto', crypto)
    await expectRefusal(PEM.p256, 'ES256', 'WebCrypto (globalThis.crypto.subtle) is not available in this runtime')
  })

  it('a WebCrypto that imports a P-256 point off the curve → TypeError from the key policy', async () => {
    // Runtimes differ on when they refuse such a point (key.ts); the key policy checks it itself.
    const exportKey = crypto.subtle.exportKey.bind(crypto.subtle)
    vi.spyOn(crypto.subtle, 'exportKey').mockImplementation((async (format: 'jwk', key: CryptoKey) => {
      const jwk = await exportKey(format, key)
      const y = Buffer.from(jwk.y!, 'base64url')
      y[y.length - 1]! ^= 1
      return { ...jwk, y: y.toString('base64url') }
    }) as never)
    await expectRefusal(PEM.p256, 'ES256', 'P-256 key whose point is not on the curve')
  })

  it('an Error that is not a TypeError while converting → rejects with that same Error', async () => {
    // Only the library's own refusals are explained as key mistakes; anything else propagates.
    const failure = new RangeError('out of luck')
    vi.spyOn(crypto.subtle, 'exportKey').mockResolvedValue({ get n(): string { throw failure } } as never)
    await expect(createJwksFromPem(PEM.rsa, { alg: 'RS256' })).rejects.toBe(failure)
  })
})

/** A P-256 SPKI with the lowest bit of y flipped: (x, y ± 1) is not on the curve. */
function offCurve(): Uint8Array {
  const spki = new Uint8Array(generateKeyPairSync('ec', { namedCurve: 'P-256' }).publicKey.export({ type: 'spki', format: 'der' }))
  spki[spki.length - 1] = spki[spki.length - 1]! ^ 1
  return spki
}

describe('properties', () => {
  it('arbitrary bytes as a certificate → rejects with a TypeError, never anything else', async () => {
    await fc.assert(fc.asyncProperty(fc.uint8Array({ maxLength: 200 }), async (input) => {
      await rejection(createJwksFromPem(input, { alg: 'ES256' }))
    }), { numRuns: 300 })
  })

  it('arbitrary bytes in a CERTIFICATE or PUBLIC KEY block → rejects with a TypeError', async () => {
    await fc.assert(fc.asyncProperty(fc.constantFrom('CERTIFICATE', 'PUBLIC KEY'), fc.uint8Array({ maxLength: 200 }), async (label, input) => {
      await rejection(createJwksFromPem(pemOf(label, input), { alg: 'ES256' }))
    }), { numRuns: 300 })
  })

  it('arbitrary text → rejects with a TypeError', async () => {
    await fc.assert(fc.asyncProperty(fc.string({ maxLength: 120 }), async (text) => {
      await rejection(createJwksFromPem(`-----BEGIN CERTIFICATE-----\n${text}\n-----END CERTIFICATE-----`, { alg: 'ES256' }))
      await rejection(createJwksFromPem(text, { alg: 'ES256' }))
    }), { numRuns: 300 })
  })

  it('real certificate with one octet changed → a key set or a TypeError', async () => {
    const real = der(PEM.p256)
    await fc.assert(fc.asyncProperty(fc.nat(real.length - 1), fc.nat(255), async (at, value) => {
      const changed = real.slice()
      changed[at] = value
      const outcome = await createJwksFromPem(changed, { alg: 'ES256' }).catch((error: unknown) => error)
      if (outcome instanceof Error) expect(outcome).toBeInstanceOf(TypeError)
      else expect(outcome).toMatchObject({ keys: [{ kty: 'EC', crv: 'P-256', alg: 'ES256', use: 'sig' }] })
    }), { numRuns: 300 })
  })
})

describe('README example', () => {
  it('PEM example with a stub fetch and environment → two key sets and a verifier', async () => {
    const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8')
    const example = /```js\n([\s\S]*?)```/.exec(readme.slice(readme.indexOf('### PEM keys and certificates')))?.[1] ?? ''
    expect(example.split('\n').length).toBeLessThanOrEqual(10)
    const body = example.replace(/^import .*$/m, '') + '\nreturn { jwks, firebase, verify }'
    type Run = (...args: unknown[]) => Promise<{ jwks: JsonWebKeySet; firebase: JsonWebKeySet; verify: unknown }>
    const AsyncFunction = Object.getPrototypeOf(async () => {}).constructor as new (...args: string[]) => Run
    const fetch = async () => ({ json: async () => JSON.parse(JSON.stringify({ '4e1a': PEM.rsa })) })
    const run = new AsyncFunction('createJwksFromPem', 'createVerifier', 'fetch', 'process', body)
    const { jwks, firebase, verify } = await run(createJwksFromPem, createVerifier, fetch, { env: { ISSUER_PUBLIC_KEY: PEM.rsa } })
    expect(jwks.keys).toMatchObject([{ kty: 'RSA', alg: 'RS256', kid: 'main', use: 'sig' }])
    expect(firebase.keys).toMatchObject([{ kty: 'RSA', alg: 'RS256', kid: '4e1a', use: 'sig' }])
    expect(typeof verify).toBe('function')
  })
})
