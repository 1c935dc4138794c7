/**
 * Per-issuer options in the several-issuers form: a `jwks` map value `{ jwks, audience, clientId,
 * scopes }` (told apart from a key set by its own `jwks` member) replaces the verifier's audience,
 * client and scopes for tokens of that issuer. Calls still override scopes.
 */
import { beforeAll, describe, expect, it } from 'vitest'
import { createVerifier, verifyAccessToken, type PerIssuerOptions, type VerifyOptions } from '../src/index.js'
import { failure, generateKey, ISSUER, makeToken, options, validClaims, type TestKey } from './helpers.js'

const A = ISSUER
const B = 'https://b.example'
let keyA: TestKey
let keyB: TestKey
beforeAll(() => {
  keyA = generateKey('P-256', 'a')
  keyB = generateKey('P-256', 'b')
})

const tokenOf = (key: TestKey, claims: Record<string, unknown> = {}) =>
  makeToken({ key, claims: validClaims({ iss: key === keyA ? A : B, ...claims }) })
/** Options for A and B without a verifier audience: each entry names its own. */
const perIssuer = (a: object, b: object, extra: object = {}): PerIssuerOptions => {
  const { audience: _, ...base } = options(keyA) as VerifyOptions & { audience?: unknown }
  return { ...base, issuer: [A, B], jwks: { [A]: { jwks: { keys: [keyA.jwk] }, ...a }, [B]: { jwks: { keys: [keyB.jwk] }, ...b } }, ...extra } as unknown as PerIssuerOptions
}

describe('each issuer\'s own audience, client and scopes', () => {
  it('A expects aud api-a, B expects aud api-b → each token with its own aud ok, the other\'s → claims/audience_mismatch', async () => {
    const settings = perIssuer({ audience: 'api-a' }, { audience: 'api-b' })
    expect(await verifyAccessToken(tokenOf(keyA, { aud: 'api-a' }), settings)).toMatchObject({ ok: true })
    expect(await verifyAccessToken(tokenOf(keyB, { aud: 'api-b' }), settings)).toMatchObject({ ok: true })
    expect(await verifyAccessToken(tokenOf(keyA, { aud: 'api-b' }), settings)).toEqual(failure.claims('audience_mismatch', 'aud'))
    expect(await verifyAccessToken(tokenOf(keyB, { aud: 'api-a' }), settings)).toEqual(failure.claims('audience_mismatch', 'aud'))
  })

  it('B without aud, checked by clientId → ok; another client_id → claims/audience_mismatch (client_id)', async () => {
    const settings = perIssuer({ audience: 'api-a' }, { clientId: 'app-b' })
    expect(await verifyAccessToken(tokenOf(keyB, { aud: undefined, client_id: 'app-b' }), settings)).toMatchObject({ ok: true })
    expect(await verifyAccessToken(tokenOf(keyB, { aud: undefined, client_id: 'app-x' }), settings)).toEqual(failure.claims('audience_mismatch', 'client_id'))
  })

  it('an entry without audience → the verifier\'s audience applies to its issuer', async () => {
    const settings = { ...options(keyA), issuer: [A, B], jwks: new Map<string, object>([[A, { keys: [keyA.jwk] }], [B, { jwks: { keys: [keyB.jwk] }, scopes: 'admin' }]]) } as VerifyOptions
    expect(await verifyAccessToken(tokenOf(keyA), settings)).toMatchObject({ ok: true })
    expect(await verifyAccessToken(tokenOf(keyB, { scope: 'admin' }), settings)).toMatchObject({ ok: true })
    expect(await verifyAccessToken(tokenOf(keyB, { aud: 'other', scope: 'admin' }), settings)).toEqual(failure.claims('audience_mismatch', 'aud'))
  })

  it('B requires scope admin, A nothing → A\'s token ok, B\'s token without admin → scopes/insufficient_scope', async () => {
    const settings = perIssuer({ audience: 'https://api.example' }, { audience: 'https://api.example', scopes: ['admin'] }, { scopeMatch: 'all' })
    expect(await verifyAccessToken(tokenOf(keyA), settings)).toMatchObject({ ok: true })
    expect(await verifyAccessToken(tokenOf(keyB), settings)).toEqual(failure.scopes('insufficient_scope', 'scope', ['admin'], ['admin']))
  })

  it('B requires scope admin, the call requires read → the call\'s scopes replace B\'s', async () => {
    const verifier = createVerifier(perIssuer({ audience: 'https://api.example' }, { audience: 'https://api.example', scopes: ['admin'] }))
    expect(await verifier(tokenOf(keyB))).toMatchObject({ ok: false, code: 'insufficient_scope' })
    expect(await verifier(tokenOf(keyB), { scopes: ['read'] })).toMatchObject({ ok: true })
    // scopeMatch alone keeps B's scopes and changes only the match.
    expect(await verifier(tokenOf(keyB, { scope: 'admin' }), { scopeMatch: 'any' })).toMatchObject({ ok: true })
  })

  it('an entry\'s issuer is still checked after the signature: a token naming A signed by B\'s key → signature/key_not_found', async () => {
    const settings = perIssuer({ audience: 'api-a' }, { audience: 'api-b' })
    expect(await verifyAccessToken(makeToken({ key: keyB, claims: validClaims({ iss: A, aud: 'api-a' }) }), settings)).toEqual(failure.signature('key_not_found'))
  })
})

describe('telling an entry from a key set', () => {
  it('a key set with an extra member named audience → a key set (no own jwks member), the verifier\'s audience applies', async () => {
    const settings = { ...options(keyA), jwks: { [A]: { keys: [keyA.jwk], audience: 'ignored' } } } as unknown as VerifyOptions
    expect(await verifyAccessToken(tokenOf(keyA), settings)).toMatchObject({ ok: true })
  })

  it('an entry whose jwks is inherited, not own → not an entry: TypeError', () => {
    const entry = Object.create({ jwks: { keys: [keyA.jwk] } }) as object
    expect(() => createVerifier({ ...options(keyA), jwks: { [A]: entry } } as unknown as VerifyOptions)).toThrow(TypeError)
  })

  it.each([
    ['an unknown member (roles)', { jwks: { keys: [{ kty: 'EC' }] }, audience: 'a', roles: ['x'] }],
    ['jwks not a key set', { jwks: 'https://a.example/jwks', audience: 'a' }],
    ['an empty audience', { jwks: { keys: [{ kty: 'EC' }] }, audience: '' }],
    ['scopes with white space', { jwks: { keys: [{ kty: 'EC' }] }, audience: 'a', scopes: 'a b' }],
  ])('entry with %s → TypeError', (_, entry) => {
    expect(() => createVerifier({ ...options(keyA), jwks: { [A]: entry } } as unknown as VerifyOptions)).toThrow(TypeError)
  })

  it.each([
    ['an empty audience', { audience: [] }, 'audience must be a non-empty string or a non-empty array of them'],
    ['an empty clientId', { audience: 'a', clientId: [] }, 'clientId must be a non-empty string or a non-empty array of them'],
  ])('entry with %s → TypeError: %s', (_, members, message) => {
    const entry = { jwks: { keys: [keyA.jwk] }, ...members }
    expect(() => createVerifier({ ...options(keyA), jwks: { [A]: entry } } as unknown as VerifyOptions)).toThrow(new TypeError(`verify-access-token: ${message}`))
  })

  it('entry whose list of members throws (a Proxy) → TypeError: jwks could not be read, the thrown error as cause', () => {
    const boom = new Error('boom')
    const entry = new Proxy({ jwks: { keys: [keyA.jwk] }, audience: 'a' }, { ownKeys() { throw boom } })
    let thrown: unknown
    try {
      createVerifier({ ...options(keyA), jwks: { [A]: entry } } as unknown as VerifyOptions)
    } catch (error) {
      thrown = error
    }
    expect(thrown).toBeInstanceOf(TypeError)
    expect(thrown).toMatchObject({ message: 'verify-access-token: jwks could not be read', cause: boom })
  })

  it('no verifier audience and an entry without one → TypeError naming the issuer', () => {
    expect(() => createVerifier(perIssuer({ audience: 'api-a' }, {}))).toThrow(/audience is required for https:\/\/b\.example/)
  })

  it('an entry { jwks, audience } given as jwks itself, not in a map → TypeError', () => {
    expect(() => createVerifier({ ...options(keyA), jwks: { jwks: { keys: [keyA.jwk] }, audience: 'a' } } as unknown as VerifyOptions)).toThrow(TypeError)
  })

  it('an entry holding a promise that rejects → no unhandled rejection; its tokens → signature/jwks_unavailable', async () => {
    const rejected = Promise.reject(new Error('discovery failed'))
    const settings = perIssuer({ audience: 'https://api.example' }, { audience: 'https://api.example' })
    const jwks = { ...(settings.jwks as Record<string, object>), [B]: { jwks: rejected, audience: 'https://api.example' } }
    const result = await verifyAccessToken(tokenOf(keyB), { ...settings, jwks } as PerIssuerOptions)
    expect(result).toMatchObject({ ok: false, step: 'signature', code: 'jwks_unavailable', reason: 'discovery_failed' })
  })
})
