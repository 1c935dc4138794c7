/**
 * The token's `cnf` (RFC 7800 §3.1), the last check of step claims: certificate-bound tokens
 * (RFC 8705 §3) with the client certificate in each form a TLS terminator hands over, and bound
 * tokens that the call does not prove, which are not bearer tokens (RFC 9449 §7.2).
 */
import { createHash, X509Certificate } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { beforeAll, describe, expect, it } from 'vitest'
import { createVerifier, type VerifyOptions } from '../src/index.js'
import { certificateThumbprint, PROOF_CHECKER, readProofChecker, resolveCertificate, resolveDpopInput } from '../src/binding.js'
import { bindingFailure } from './dpop-helpers.js'
import { failure, generateKey, makeToken, options, validClaims, type TestKey } from './helpers.js'

const PEM = readFileSync(new URL('keys/pem/ec-p256.crt', import.meta.url), 'utf8')
const OTHER_PEM = readFileSync(new URL('keys/pem/ed25519.crt', import.meta.url), 'utf8')
const DER = new Uint8Array(new X509Certificate(PEM).raw)
const X5T = createHash('sha256').update(DER).digest('base64url')
const HEX = createHash('sha256').update(DER).digest('hex')

let issuer: TestKey
beforeAll(() => { issuer = generateKey('P-256', 'issuer') })

const verify = (overrides: Partial<VerifyOptions> = {}) => createVerifier(options(issuer, overrides))
const certBound = (cnf: Record<string, unknown> = { 'x5t#S256': X5T }) => makeToken({ key: issuer, claims: validClaims({ cnf }) })

describe('certificate-bound token with the client certificate (RFC 8705 §3)', () => {
  it.each([
    ['DER bytes (Node: getPeerCertificate().raw)', () => DER],
    ['DER in a Buffer', () => Buffer.from(DER)],
    ['PEM text', () => PEM],
    ['PEM text with CRLF line ends', () => PEM.replaceAll('\n', '\r\n')],
    ['PEM percent-encoded (nginx $ssl_client_escaped_cert)', () => encodeURIComponent(PEM)],
    ['PEM form-encoded (spaces as +)', () => new URLSearchParams({ c: PEM }).toString().slice(2)],
    ['the base64url thumbprint', () => X5T],
    ['the hex thumbprint (Cloudflare certFingerprintSHA256, Envoy Hash=)', () => HEX],
    ['the upper-case colon hex thumbprint (Node fingerprint256)', () => HEX.toUpperCase().match(/../g)!.join(':')],
  ])('%s → ok', async (_what, certificate) => {
    expect((await verify()(certBound(), { clientCertificate: certificate() })).ok).toBe(true)
  })
})

describe('certificate-bound token, certificate wrong or absent', () => {
  it.each([
    ['another certificate', () => OTHER_PEM],
    ['another thumbprint', () => createHash('sha256').update('x').digest('base64url')],
    ['a chain of two certificates', () => PEM + OTHER_PEM],
    ['PEM text with a stray character', () => PEM.replace('MII', 'MI*I')],
    ['a SHA-1 fingerprint (nginx $ssl_client_fingerprint)', () => createHash('sha1').update(DER).digest('hex')],
    ['a private key block', () => '-----BEGIN PRIVATE KEY-----\nMC4CAQAwBQYDK2VwBCIEIA==\n-----END PRIVATE KEY-----'],
    ['junk', () => 'not a certificate'],
    ['an empty Uint8Array', () => new Uint8Array()],
  ])('%s → claims/certificate_mismatch x5t#S256', async (_what, certificate) => {
    expect(await verify()(certBound(), { clientCertificate: certificate() })).toEqual(bindingFailure('certificate_mismatch', 'x5t#S256'))
  })

  it.each([[undefined], [null], ['']])('clientCertificate %s (none presented) → claims/binding_not_verified x5t#S256', async (clientCertificate) => {
    expect(await verify()(certBound(), { clientCertificate })).toEqual(bindingFailure('binding_not_verified', 'x5t#S256'))
  })

  it('no call options at all → claims/binding_not_verified x5t#S256', async () => {
    expect(await verify()(certBound())).toEqual(bindingFailure('binding_not_verified', 'x5t#S256'))
  })

  it('acceptBoundTokensAsBearer and no certificate → ok', async () => {
    expect((await verify({ acceptBoundTokensAsBearer: true })(certBound())).ok).toBe(true)
  })

  it('acceptBoundTokensAsBearer and another certificate → claims/certificate_mismatch (a certificate given is checked)', async () => {
    expect(await verify({ acceptBoundTokensAsBearer: true })(certBound(), { clientCertificate: OTHER_PEM }))
      .toEqual(bindingFailure('certificate_mismatch', 'x5t#S256'))
  })
})

describe('cnf members', () => {
  it('unbound token with a client certificate → ok (the certificate is not needed)', async () => {
    expect((await verify()(makeToken({ key: issuer }), { clientCertificate: 'junk' })).ok).toBe(true)
  })

  it.each([['jwk', { jwk: { kty: 'EC' } }], ['kid', { kid: 'k1' }], ['an unregistered member', { 'x5t#S512': 'x' }]])(
    'cnf with %s only → claims/binding_not_verified other', async (_what, cnf) => {
      expect(await verify()(certBound(cnf))).toEqual(bindingFailure('binding_not_verified', 'other'))
    })

  it('cnf with x5t#S256 and jwk, the certificate given → claims/binding_not_verified other', async () => {
    expect(await verify()(certBound({ 'x5t#S256': X5T, jwk: {} }), { clientCertificate: PEM })).toEqual(bindingFailure('binding_not_verified', 'other'))
  })

  it('cnf with jkt and x5t#S256, only the certificate given → claims/binding_not_verified jkt', async () => {
    const token = certBound({ jkt: X5T, 'x5t#S256': X5T })
    expect(await verify()(token, { clientCertificate: PEM })).toEqual(bindingFailure('binding_not_verified', 'jkt'))
  })

  it('cnf with jwk, acceptBoundTokensAsBearer → ok', async () => {
    expect((await verify({ acceptBoundTokensAsBearer: true })(certBound({ jwk: {} }))).ok).toBe(true)
  })

  it.each([['a string', 'x'], ['an array', [X5T]], ['an empty object', {}], ['a padded x5t#S256', { 'x5t#S256': `${X5T}=` }], ['a hex x5t#S256', { 'x5t#S256': HEX }]])(
    'cnf %s → claims/invalid_claim cnf', async (_what, cnf) => {
      expect(await verify()(makeToken({ key: issuer, claims: validClaims({ cnf }) }), { clientCertificate: PEM })).toEqual(failure.claims('invalid_claim', 'cnf'))
    })

  it('expired certificate-bound token with the wrong certificate → claims/expired (exp is checked first)', async () => {
    const token = makeToken({ key: issuer, claims: validClaims({ exp: 1, cnf: { 'x5t#S256': X5T } }) })
    expect(await verify()(token, { clientCertificate: OTHER_PEM })).toEqual(failure.claims('expired', 'exp'))
  })
})

describe('certificateThumbprint', () => {
  it('every accepted form of one certificate → one thumbprint', async () => {
    const forms = [DER, PEM, encodeURIComponent(PEM), X5T, HEX, HEX.toUpperCase(), `  ${PEM}  `]
    for (const form of forms) expect(await certificateThumbprint(form)).toBe(X5T)
  })

  it('a string of any junk → a value, never a throw', async () => {
    for (const junk of ['%', '-----BEGIN%20%ZZ', '-----BEGIN+x', '-----BEGIN CERTIFICATE-----\n=\n-----END CERTIFICATE-----', ':'.repeat(95)]) {
      expect(await certificateThumbprint(junk)).toBeUndefined()
    }
  })
})

describe('certificateThumbprint, the PEM body (RFC 7468 §2: strict padded base64)', () => {
  const pem = (body: string) => `-----BEGIN CERTIFICATE-----\n${body}\n-----END CERTIFICATE-----`
  const sha = (bytes: number[]) => createHash('sha256').update(new Uint8Array(bytes)).digest('base64url')

  it.each([
    ['AAAA (no padding needed)', 'AAAA', [0, 0, 0]],
    ['AA== (two pad characters)', 'AA==', [0]],
    ['AAE= (one pad character)', 'AAE=', [0, 1]],
  ])('body %s → the thumbprint of its bytes', async (_what, body, bytes) => {
    expect(await certificateThumbprint(pem(body))).toBe(sha(bytes))
  })

  it.each([
    ['unpadded (AAE)', 'AAE'],
    ['over-padded (AAE==)', 'AAE=='],
    ['with non-zero unused bits (AB==)', 'AB=='],
    ['white space only (no bytes)', ' '],
  ])('body %s → undefined', async (_what, body) => {
    expect(await certificateThumbprint(pem(body))).toBeUndefined()
  })

  it('PEM with one character percent-encoded but not the header (not a terminator\'s form) → undefined', async () => {
    // Only a whole PEM text escaped by nginx or Envoy starts "-----BEGIN%20"; anything else is read as it is.
    expect(await certificateThumbprint(PEM.replace('MII', '%4DII'))).toBeUndefined()
  })
})

describe('call and option mistakes → TypeError with its fix', () => {
  const checker = { check: () => Promise.resolve({ ok: true as const }), currentNonce: undefined }
  const throwing = new Proxy({}, { ownKeys: () => { throw new Error('trap') }, getOwnPropertyDescriptor: () => { throw new Error('trap') } })

  it.each([
    ['not an object', null, 'dpop must be an object'],
    ['a Proxy whose traps throw', throwing, 'dpop could not be read'],
    ['with an empty method', { proof: 'p', method: '', url: 'https://a.example/' }, 'dpop.method must be the request\'s method, such as "GET"'],
    ['with an empty url', { proof: null, method: 'GET', url: '' }, 'dpop.url must be the absolute URL of the request, such as "https://api.example.com/orders"'],
    ['with a number as proof', { proof: 1, method: 'GET', url: 'https://a.example/' }, 'dpop.proof must be the DPoP header\'s value (a string), or null when the request has none'],
  ])('call option dpop %s → TypeError', (_what, input, message) => {
    expect(() => resolveDpopInput(input)).toThrow(new TypeError(`verify-access-token: ${message}`))
  })

  it.each([
    ['a function carrying the checker', Object.assign(() => {}, { [PROOF_CHECKER]: checker }), 'dpop must be made by createDpopVerifier(options)'],
    ['an object whose checker is null', { [PROOF_CHECKER]: null }, 'dpop must be made by createDpopVerifier(options)'],
    ['an object whose checker has no check()', { [PROOF_CHECKER]: { currentNonce: undefined } }, 'dpop must be made by createDpopVerifier(options)'],
    ['a Proxy whose traps throw', throwing, 'dpop could not be read'],
  ])('option dpop %s → TypeError', (_what, value, message) => {
    expect(() => readProofChecker(value)).toThrow(new TypeError(`verify-access-token: ${message}`))
  })

  it('option dpop an object carrying a checker → that checker', () => {
    expect(readProofChecker({ [PROOF_CHECKER]: checker })).toBe(checker)
  })

  it('call option clientCertificate a number → TypeError', () => {
    expect(() => resolveCertificate(1)).toThrow(new TypeError('verify-access-token: clientCertificate must be the certificate\'s DER bytes (a Uint8Array), its PEM text, or its SHA-256 thumbprint'))
  })
})

describe('a certificate given for a token not bound to one', () => {
  it('cnf with jwk only, acceptBoundTokensAsBearer, a certificate given → ok (no x5t#S256 to compare it with)', async () => {
    expect((await verify({ acceptBoundTokensAsBearer: true })(certBound({ jwk: {} }), { clientCertificate: PEM })).ok).toBe(true)
  })
})
