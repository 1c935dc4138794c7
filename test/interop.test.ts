/**
 * Interop with panva/jose, the reference JOSE implementation: tokens its SignJWT makes, with keys
 * its generateKeyPair makes and its exportJWK publishes, verify here for every supported
 * algorithm. The reverse check keeps test/helpers.ts honest: tokens it signs verify with jose.
 */
import { exportJWK, generateKeyPair, jwtVerify, SignJWT, type CryptoKey as JoseKey, type JWK } from 'jose'
import { beforeAll, describe, expect, it } from 'vitest'
import { createVerifier, type Algorithm, type Verifier } from '../src/index.js'
import { ALGORITHMS } from './codes.mjs'
import { AUDIENCE, failure, generateKeys, ISSUER, kindOf, makeToken, NOW, options, validClaims, type KeySet } from './helpers.js'

interface JoseSigner { readonly privateKey: JoseKey; readonly jwk: JWK }
let signers: Record<Algorithm, JoseSigner>
let verify: Verifier

beforeAll(async () => {
  // One key per algorithm: WebCrypto binds an RSA key to one padding and hash, so RS256 and RS384
  // need separate keys. Generated in parallel, as RSA generation is the slow part of this file.
  const pairs = await Promise.all(ALGORITHMS.map(async (alg) => {
    const { privateKey, publicKey } = await generateKeyPair(alg, { extractable: true })
    // Published the way an authorization server does: kid, alg and use beside the key.
    const jwk: JWK = { ...(await exportJWK(publicKey)), kid: `jose-${alg}`, alg, use: 'sig' }
    return [alg, { privateKey, jwk }] as const
  }))
  signers = Object.fromEntries(pairs) as Record<Algorithm, JoseSigner>
  verify = createVerifier({
    jwks: { keys: Object.values(signers).map((signer) => signer.jwk) },
    issuer: ISSUER,
    audience: AUDIENCE,
    algorithms: ALGORITHMS,
    currentDate: new Date(NOW * 1000),
    profile: 'rfc9068',
    scopes: 'read',
  })
})

/** An RFC 9068 access token signed by jose; `kid` may be dropped to force selection by type. */
function joseToken(alg: Algorithm, { kid = true, audience = AUDIENCE as string | string[] } = {}): Promise<string> {
  const signer = signers[alg]
  return new SignJWT({ client_id: 'client-1', scope: 'read write' })
    .setProtectedHeader({ alg, typ: 'at+jwt', ...(kid ? { kid: signer.jwk.kid! } : {}) })
    .setIssuer(ISSUER)
    .setAudience(audience)
    .setSubject('user-1')
    .setJti('token-1')
    .setIssuedAt(NOW - 60)
    .setNotBefore(NOW - 60)
    .setExpirationTime(NOW + 600)
    .sign(signer.privateKey)
}

describe('tokens signed by jose', () => {
  it.each(ALGORITHMS)('%s token from SignJWT → ok', async (alg) => {
    const result = await verify(await joseToken(alg))
    expect(result).toEqual({
      ok: true,
      header: { alg, typ: 'at+jwt', kid: `jose-${alg}` },
      claims: {
        iss: ISSUER, aud: AUDIENCE, sub: 'user-1', jti: 'token-1', client_id: 'client-1',
        scope: 'read write', iat: NOW - 60, nbf: NOW - 60, exp: NOW + 600,
      },
      scopes: ['read', 'write'],
    })
  })

  it.each(ALGORITHMS)('%s token from SignJWT without a kid → ok', async (alg) => {
    // Without a kid every key of the right type and alg is a candidate; jwk.alg narrows it to one.
    expect(await verify(await joseToken(alg, { kid: false }))).toMatchObject({ ok: true, header: { alg } })
  })

  it('ES256 token from SignJWT with an audience array → ok', async () => {
    expect(await verify(await joseToken('ES256', { audience: ['other', AUDIENCE] }))).toMatchObject({ ok: true })
  })

  it('ES256 token from SignJWT for another audience → claims/audience_mismatch (aud)', async () => {
    expect(await verify(await joseToken('ES256', { audience: 'https://other.example' }))).toEqual(failure.claims('audience_mismatch', 'aud'))
  })

  it('PS256 token from SignJWT presented with the RS256 key kid → signature/key_not_found', async () => {
    // The published jwk.alg pins each key to one algorithm (RFC 7517 §4.4).
    const token = await new SignJWT(validClaims())
      .setProtectedHeader({ alg: 'PS256', typ: 'at+jwt', kid: 'jose-RS256' })
      .sign(signers.PS256.privateKey)
    expect(await verify(token)).toEqual(failure.signature('key_not_found'))
  })
})

describe('tokens signed by test/helpers.ts', () => {
  let keys: KeySet
  beforeAll(() => { keys = generateKeys() })

  it.each(ALGORITHMS)('%s token from makeToken → ok with jose jwtVerify', async (alg) => {
    const key = keys[kindOf(alg)]
    const token = makeToken({ key, alg })
    const { payload, protectedHeader } = await jwtVerify(token, key.jwk as JWK, {
      algorithms: [alg], issuer: ISSUER, audience: AUDIENCE, currentDate: new Date(NOW * 1000),
    })
    expect(protectedHeader.alg).toBe(alg)
    expect(payload).toEqual(validClaims())
    expect(await createVerifier(options(key))(token)).toMatchObject({ ok: true })
  })
})
