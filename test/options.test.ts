/**
 * Options: caller mistakes throw a TypeError (createVerifier, synchronously) or reject with one
 * (verifyAccessToken) before any token is looked at; defaults; options are read once; imported
 * keys are reused across calls and verifiers.
 */
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest'
import { createVerifier, verifyAccessToken, type VerifyOptions } from '../src/index.js'
import { failure, generateKey, generateKeys, ISSUER, makeToken, NOW, options, validClaims, type KeySet, type TestKey } from './helpers.js'

let keys: KeySet
let key: TestKey
beforeAll(() => {
  keys = generateKeys(['RSA', 'P-256', 'Ed25519'])
  key = keys['P-256']
})
afterEach(() => { vi.restoreAllMocks() })

/** Options built at test time (keys exist only after beforeAll), with some members replaced. */
const bad = (fields: Record<string, unknown>) => () => ({ ...options(key), ...fields }) as unknown as VerifyOptions

const mistakes: [string, () => VerifyOptions][] = [
  ['options null', () => null as unknown as VerifyOptions],
  ['options a string', () => 'https://as.example' as unknown as VerifyOptions],
  ['jwks missing', bad({ jwks: undefined })],
  ['jwks without keys', bad({ jwks: {} })],
  ['jwks with an empty keys array', bad({ jwks: { keys: [] } })],
  ['jwks.keys an object', bad({ jwks: { keys: {} } })],
  ['jwks an array of keys', () => ({ ...options(key), jwks: [key.jwk] }) as unknown as VerifyOptions],
  ['issuer missing', bad({ issuer: undefined })],
  ['issuer empty', bad({ issuer: '' })],
  ['issuer an empty array', bad({ issuer: [] })],
  ['issuer holding an empty string', bad({ issuer: [ISSUER, ''] })],
  ['issuer a number', bad({ issuer: 1 })],
  ['audience missing', bad({ audience: undefined })],
  ['audience empty', bad({ audience: '' })],
  ['audience an empty array', bad({ audience: [] })],
  ['audience holding a number', bad({ audience: ['api', 1] })],
  ['algorithms empty', bad({ algorithms: [] })],
  ['algorithms a string', bad({ algorithms: 'RS256' })],
  ['algorithms with none', bad({ algorithms: ['RS256', 'none'] })],
  ['algorithms with HS256', bad({ algorithms: ['HS256'] })],
  ['algorithms with rs256', bad({ algorithms: ['rs256'] })],
  ['algorithms with toString', bad({ algorithms: ['toString'] })],
  ['algorithms with a number', bad({ algorithms: [256] })],
  ['clockTolerance negative', bad({ clockTolerance: -1 })],
  ['clockTolerance NaN', bad({ clockTolerance: Number.NaN })],
  ['clockTolerance Infinity', bad({ clockTolerance: Number.POSITIVE_INFINITY })],
  ['clockTolerance a string', bad({ clockTolerance: '60' })],
  // 60 s given in milliseconds: more than an hour of skew is a unit mistake.
  ['clockTolerance 60000 (milliseconds)', bad({ clockTolerance: 60000 })],
  // Misspelt or foreign option names would silently drop the check the caller meant.
  ['scope instead of scopes', bad({ scope: 'admin' })],
  ['requiredScopes (another library\'s name)', bad({ requiredScopes: ['admin'] })],
  ['audiences instead of audience', bad({ audiences: ['api'] })],
  ['algorithm instead of algorithms', bad({ algorithm: 'RS256' })],
  ['maxTokenAge negative', bad({ maxTokenAge: -1 })],
  // Zero would reject every token: a mistake, not a policy.
  ['maxTokenAge zero', bad({ maxTokenAge: 0 })],
  ['maxTokenAge NaN', bad({ maxTokenAge: Number.NaN })],
  ['maxTokenAge a string', bad({ maxTokenAge: '300' })],
  ['currentDate invalid', bad({ currentDate: new Date(Number.NaN) })],
  ['currentDate a number', bad({ currentDate: NOW * 1000 })],
  ['currentDate a string', bad({ currentDate: '2023-11-14T22:13:20Z' })],
  ['maxTokenLength 0', bad({ maxTokenLength: 0 })],
  ['maxTokenLength fractional', bad({ maxTokenLength: 100.5 })],
  ['maxTokenLength Infinity', bad({ maxTokenLength: Number.POSITIVE_INFINITY })],
  ['scopeClaim unknown', bad({ scopeClaim: 'scopes' })],
  ['scopeMatch unknown', bad({ scopeMatch: 'some' })],
  ['profile unknown', bad({ profile: 'rfc7519' })],
  ['scopes with white space', bad({ scopes: 'read write' })],
  ['scopes holding an empty string', bad({ scopes: ['read', ''] })],
  ['scopes holding a number', bad({ scopes: [1] })],
]

describe('caller mistakes', () => {
  it.each(mistakes)('createVerifier with %s → throws TypeError', (_, make) => {
    const opts = make()
    expect(() => createVerifier(opts)).toThrow(TypeError)
  })

  it.each(mistakes)('verifyAccessToken with %s → rejects with TypeError', async (_, make) => {
    const opts = make()
    // Rejects, not throws: the call itself always returns a promise.
    let pending: Promise<unknown> | undefined
    expect(() => { pending = verifyAccessToken(makeToken({ key }), opts) }).not.toThrow()
    await expect(pending).rejects.toThrow(TypeError)
  })

  it('junk token with an empty key set → rejects with TypeError, not a format failure', async () => {
    // Options are judged before the token, so a caller bug is never reported as a bad token.
    await expect(verifyAccessToken(42, { ...options(key), jwks: { keys: [] } })).rejects.toThrow(TypeError)
  })

  it('clockTolerance -5 → a TypeError naming the library and the option', () => {
    expect(() => createVerifier({ ...options(key), clockTolerance: -5 })).toThrow(/^verify-access-token: clockTolerance/)
  })
})

describe('the verifier', () => {
  it('verifier.verify(token), the same function under its name → ok', async () => {
    const verifier = createVerifier(options(key))
    expect(verifier.verify).toBe(verifier)
    expect(await verifier.verify(makeToken({ key }))).toMatchObject({ ok: true })
  })
})

describe('options read as own properties only', () => {
  it('Object.prototype polluted with clockTolerance and scopeMatch, expired token → claims/expired', async () => {
    const proto = Object.prototype as Record<string, unknown>
    proto.clockTolerance = 1e12
    proto.scopeMatch = 'any'
    try {
      const token = makeToken({ key, claims: validClaims({ exp: NOW - 10 }) })
      expect(await verifyAccessToken(token, options(key, { scopes: ['read', 'admin'] }))).toEqual(failure.claims('expired', 'exp'))
    } finally {
      delete proto.clockTolerance
      delete proto.scopeMatch
    }
  })
})

describe('accepted option values', () => {
  it('clockTolerance 3600, the largest → ok', async () => {
    const token = makeToken({ key, claims: validClaims({ exp: NOW - 3599 }) })
    expect(await verifyAccessToken(token, options(key, { clockTolerance: 3600 }))).toMatchObject({ ok: true })
  })

  it('a key set of only unusable keys → signature/key_not_found, not a TypeError', async () => {
    // Key content is data, not a caller mistake: RFC 7517 §5 says to ignore keys we cannot use.
    const verifier = createVerifier({ ...options(key), jwks: { keys: [{ kty: 'oct', k: 'c2VjcmV0' }, 'junk'] } })
    expect(await verifier(makeToken({ key }))).toEqual(failure.signature('key_not_found'))
  })

  it('clockTolerance 0 → accepted as options', () => {
    expect(() => createVerifier({ ...options(key), clockTolerance: 0 })).not.toThrow()
  })

  it('issuer and audience lists with duplicates → ok', async () => {
    const result = await verifyAccessToken(makeToken({ key }), { ...options(key), issuer: [ISSUER, ISSUER], audience: ['x', 'https://api.example', 'x'] })
    expect(result).toMatchObject({ ok: true })
  })
})

describe('defaults', () => {
  const defaults = (k: TestKey): VerifyOptions => {
    const { algorithms: _, ...rest } = options(k)
    return rest
  }

  it.each([['RS256', 'RSA'], ['ES256', 'P-256']] as const)('%s token with default algorithms → ok', async (alg, kind) => {
    expect(await verifyAccessToken(makeToken({ key: keys[kind], alg }), defaults(keys[kind]))).toMatchObject({ ok: true })
  })

  it.each([['PS256', 'RSA'], ['RS512', 'RSA'], ['EdDSA', 'Ed25519']] as const)(
    '%s token with default algorithms → signature/alg_not_allowed', async (alg, kind) => {
      expect(await verifyAccessToken(makeToken({ key: keys[kind], alg }), defaults(keys[kind]))).toEqual(failure.signature('alg_not_allowed'))
    })

  it('exp equal to now with the default clockTolerance → claims/expired (exp)', async () => {
    expect(await verifyAccessToken(makeToken({ key, claims: validClaims({ exp: NOW }) }), options(key))).toEqual(failure.claims('expired', 'exp'))
  })

  it('no currentDate, exp an hour from the real clock → ok', async () => {
    const { currentDate: _, ...rest } = options(key)
    const now = Math.floor(Date.now() / 1000)
    expect(await verifyAccessToken(makeToken({ key, claims: validClaims({ iat: now, exp: now + 3600 }) }), rest)).toMatchObject({ ok: true })
  })

  it('no currentDate, token valid at the fixed test time → claims/expired (exp)', async () => {
    // The real clock is years after NOW, so this proves the default reads the clock.
    const { currentDate: _, ...rest } = options(key)
    expect(await verifyAccessToken(makeToken({ key }), rest)).toEqual(failure.claims('expired', 'exp'))
  })

  it('a valid token padded to 16384 characters with the default cap → ok', async () => {
    const { maxTokenLength: _, ...rest } = options(key)
    const base = makeToken({ key, claims: validClaims({ pad: '' }) }).length
    // Each 3 payload bytes add 4 characters; pad to land at or just under the cap.
    const pad = 'x'.repeat(Math.floor((16384 - base) / 4) * 3)
    const token = makeToken({ key, claims: validClaims({ pad }) })
    expect(token.length).toBeLessThanOrEqual(16384)
    expect(token.length).toBeGreaterThan(16380)
    expect(await verifyAccessToken(token, rest)).toMatchObject({ ok: true })
  })

  it('typ JWT and no sub, client_id or jti without a profile → ok', async () => {
    const claims = validClaims({ sub: undefined, client_id: undefined, jti: undefined })
    expect(await verifyAccessToken(makeToken({ key, claims, header: { typ: 'JWT' } }), options(key))).toMatchObject({ ok: true })
  })

  it('scope granting only read with the default scopeMatch, requiring read and write → scopes/insufficient_scope', async () => {
    const result = await verifyAccessToken(makeToken({ key, claims: validClaims({ scope: 'read' }) }), options(key, { scopes: ['read', 'write'] }))
    expect(result).toEqual(failure.scopes('insufficient_scope', 'scope', ['write'], ['read', 'write']))
  })
})

describe('options are read once', () => {
  it('jwks emptied after createVerifier → ok', async () => {
    const jwks = { keys: [key.jwk] }
    const verifier = createVerifier({ ...options(key), jwks })
    jwks.keys.length = 0
    expect(await verifier(makeToken({ key }))).toMatchObject({ ok: true })
  })

  it('key replaced inside jwks after createVerifier → ok', async () => {
    const jwks = { keys: [{ ...key.jwk }] }
    const verifier = createVerifier({ ...options(key), jwks })
    jwks.keys[0]!['x'] = keys.Ed25519.jwk['x']
    expect(await verifier(makeToken({ key }))).toMatchObject({ ok: true })
  })

  it('currentDate moved past exp after createVerifier → ok', async () => {
    const currentDate = new Date(NOW * 1000)
    const verifier = createVerifier({ ...options(key), currentDate })
    currentDate.setTime((NOW + 86400) * 1000)
    expect(await verifier(makeToken({ key }))).toMatchObject({ ok: true })
  })

  it('issuer list changed after createVerifier → ok', async () => {
    const issuer = [ISSUER]
    const verifier = createVerifier({ ...options(key), issuer })
    issuer[0] = 'https://other.example'
    expect(await verifier(makeToken({ key }))).toMatchObject({ ok: true })
  })

  it('scopes list grown after createVerifier → ok', async () => {
    const scopes = ['read']
    const verifier = createVerifier({ ...options(key), scopes })
    scopes.push('admin')
    expect(await verifier(makeToken({ key }))).toMatchObject({ ok: true })
  })
})

describe('imported keys are reused', () => {
  it('same key material through two verifiers and a one-shot call → imported once', async () => {
    // A fresh key: nothing earlier in this file can have imported it.
    const fresh = generateKey('P-256', 'fresh')
    const importKey = vi.spyOn(crypto.subtle, 'importKey')
    const token = makeToken({ key: fresh })

    const first = createVerifier(options(fresh))
    expect(await first(token)).toMatchObject({ ok: true })
    expect(importKey).toHaveBeenCalledTimes(1)

    expect(await first(makeToken({ key: fresh, claims: validClaims({ sub: 'user-2' }) }))).toMatchObject({ ok: true })
    expect(importKey).toHaveBeenCalledTimes(1)

    // A second verifier built from a copy of the key set: same material, so the same CryptoKey.
    const second = createVerifier(options({ ...fresh, jwk: { ...fresh.jwk } }))
    expect(await second(token)).toMatchObject({ ok: true })
    expect(await verifyAccessToken(token, options(fresh))).toMatchObject({ ok: true })
    expect(importKey).toHaveBeenCalledTimes(1)
  })

  it('one RSA key used for RS256 then PS256 → imported once per WebCrypto algorithm', async () => {
    // RSASSA-PKCS1-v1_5 and RSA-PSS need separate CryptoKeys (WebCrypto binds a key to one algorithm).
    const fresh = generateKey('RSA', 'rsa-fresh')
    const importKey = vi.spyOn(crypto.subtle, 'importKey')
    const verifier = createVerifier(options(fresh))
    expect(await verifier(makeToken({ key: fresh, alg: 'RS256' }))).toMatchObject({ ok: true })
    expect(await verifier(makeToken({ key: fresh, alg: 'RS256' }))).toMatchObject({ ok: true })
    expect(importKey).toHaveBeenCalledTimes(1)
    expect(await verifier(makeToken({ key: fresh, alg: 'PS256' }))).toMatchObject({ ok: true })
    expect(await verifyAccessToken(makeToken({ key: fresh, alg: 'PS256' }), options(fresh))).toMatchObject({ ok: true })
    expect(importKey).toHaveBeenCalledTimes(2)
  })

  it('an off-curve key tried twice → never imported, signature/key_not_found both times', async () => {
    // The key policy checks the point itself (runtimes refuse off-curve points at different times).
    const fresh = generateKey('P-256', 'off')
    const y = Buffer.from(fresh.jwk['y'] as string, 'base64url')
    y[0]! ^= 1
    const offCurve = { ...fresh.jwk, y: y.toString('base64url') }
    const importKey = vi.spyOn(crypto.subtle, 'importKey')
    const opts = { ...options(fresh), jwks: { keys: [offCurve] } }
    const refused = { ...failure.signature('key_not_found', 'key_rejected'), rule: 'point' }
    expect(await verifyAccessToken(makeToken({ key: fresh }), opts)).toEqual(refused)
    expect(await createVerifier(opts)(makeToken({ key: fresh }))).toEqual(refused)
    expect(importKey).not.toHaveBeenCalled()
  })

  it('a key the runtime refuses to import, tried twice → import attempted once, signature/key_not_found both times', async () => {
    // A failed import is remembered: the key fails the same way every time, without new work.
    const fresh = generateKey('P-256', 'refused')
    const importKey = vi.spyOn(crypto.subtle, 'importKey').mockRejectedValue(new DOMException('refused', 'DataError'))
    const opts = options(fresh)
    expect(await verifyAccessToken(makeToken({ key: fresh }), opts)).toEqual(failure.signature('key_not_found'))
    expect(await createVerifier(opts)(makeToken({ key: fresh }))).toEqual(failure.signature('key_not_found'))
    expect(importKey).toHaveBeenCalledTimes(1)
  })
})

describe('now: a clock for tests whose time moves', () => {
  it('verifier with now, clock moved past exp → ok, then claims/expired', async () => {
    const key = generateKey('P-256', 'clock')
    let time = NOW * 1000
    const verify = createVerifier({ ...options(key), currentDate: undefined, now: () => new Date(time) } as unknown as VerifyOptions)
    const token = makeToken({ key, claims: validClaims({ exp: NOW + 10 }) })
    expect(await verify(token)).toMatchObject({ ok: true })
    time += 10_000
    expect(await verify(token)).toEqual(failure.claims('expired', 'exp'))
  })

  it('currentDate on a verifier → the same instant for every call (the documented trap)', async () => {
    const key = generateKey('P-256', 'frozen')
    const date = new Date(NOW * 1000)
    const verify = createVerifier({ ...options(key), currentDate: date })
    const token = makeToken({ key, claims: validClaims({ exp: NOW + 10 }) })
    date.setTime(date.getTime() + 60_000) // the caller's Date object moving changes nothing
    expect(await verify(token)).toMatchObject({ ok: true })
  })

  it.each([
    ['currentDate and now both given', { currentDate: new Date(), now: () => new Date() }],
    ['now not a function', { now: new Date() }],
  ])('%s → TypeError', (_, bad) => {
    expect(() => createVerifier({ ...options(generateKey('P-256')), currentDate: undefined, ...bad } as VerifyOptions)).toThrow(TypeError)
  })

  it('now returning an invalid Date → the verification rejects with a TypeError', async () => {
    const key = generateKey('P-256', 'bad-clock')
    const verify = createVerifier({ ...options(key), currentDate: undefined, now: () => new Date(Number.NaN) } as unknown as VerifyOptions)
    await expect(verify(makeToken({ key }))).rejects.toThrow(TypeError)
  })
})

/** The message of the TypeError `run` throws (the remedy a caller reads), without the library prefix. */
function messageOf(run: () => unknown): string {
  try {
    run()
  } catch (error) {
    expect(error).toBeInstanceOf(TypeError)
    return (error as Error).message.replace(/^verify-access-token: /, '')
  }
  throw new Error('no TypeError thrown')
}

describe('each mistake names the option and its fix (the TypeError message)', () => {
  const revoked = () => {
    const { proxy, revoke } = Proxy.revocable({}, {})
    revoke()
    return proxy
  }
  const check = () => true
  const messages: [string, () => unknown, string][] = [
    ['options null', () => null, 'options must be an object'],
    ['options undefined', () => undefined, 'options must be an object'],
    ['options a revoked Proxy', revoked, 'options could not be read'],
    // Its own jwks can be looked up, its list of names cannot.
    ['options whose ownKeys trap throws', () => new Proxy({ ...options(key) }, { ownKeys() { throw new Error('boom') } }), 'options could not be read'],
    ['scopeClaim scopes', bad({ scopeClaim: 'scopes' }), 'scopeClaim must be "scope" or "scp" or "permissions"'],
    ['profile rfc7519', bad({ profile: 'rfc7519' }), 'profile must be "rfc9068"'],
    ['audience an empty array', bad({ audience: [] }), 'audience must be a non-empty string or a non-empty array of them'],
    ['clientId an empty array', bad({ clientId: [] }), 'clientId must be a non-empty string or a non-empty array of them'],
    ['typ an empty array', bad({ typ: [] }), 'typ must be a non-empty string or a non-empty array of them'],
    ['idTokenClaims a string', bad({ idTokenClaims: 'nonce' }), 'idTokenClaims must be an object'],
    ['idTokenClaims null', bad({ idTokenClaims: null }), 'idTokenClaims must be an object'],
    ['requiredClaims holding an empty string', bad({ requiredClaims: [''] }), 'requiredClaims must be a non-empty string or an array of them'],
    ['clockTolerance -1', bad({ clockTolerance: -1 }), 'clockTolerance must be a number of seconds from 0 to 3600'],
    ['maxTokenLength 0', bad({ maxTokenLength: 0 }), 'maxTokenLength must be a whole number of characters from 1 to 9007199254740991'],
    ['acceptBoundTokensAsBearer yes', bad({ acceptBoundTokensAsBearer: 'yes' }), 'acceptBoundTokensAsBearer must be true or false'],
    ['cache a number', bad({ cache: 1000 }), 'cache must be an object'],
    ['cache a revoked Proxy', () => ({ ...options(key), cache: revoked() }), 'cache could not be read'],
    ['cache.entries 0', bad({ cache: { entries: 0 } }), 'cache.entries must be a whole number of tokens from 1 to 1000000'],
    ['cache.bytes 1', bad({ cache: { bytes: 1 } }), 'cache.bytes must be a whole number of bytes from 1024 to 1073741824'],
    ['scopes with white space', bad({ scopes: 'read write' }), 'scopes must not contain white space'],
    ['scopes holding a number', bad({ scopes: [1] }), 'scopes must be a non-empty string or an array of them'],
    ['scopeMatch some', bad({ scopeMatch: 'some' }), 'scopeMatch must be "all" or "any"'],
    ['roleClaim empty', bad({ roleClaim: '' }), 'roleClaim must be a non-empty string or a non-empty array of them'],
    ['roles holding an empty string', bad({ roles: [''] }), 'roles must be a non-empty string or an array of them'],
    ['roleMatch some', bad({ roleMatch: 'some' }), 'roleMatch must be "all" or "any"'],
    ['claimChecks an array whose reads throw', bad({ claimChecks: new Proxy([], { get() { throw new Error('boom') } }) }), 'claimChecks could not be read'],
    ['claimChecks holding a number', bad({ claimChecks: [1] }), 'a claim check must be an object'],
    ['algorithms empty', bad({ algorithms: [] }), 'algorithms must be a non-empty array'],
    ['currentDate and now both given', bad({ now: () => new Date() }), 'give currentDate or now, not both'],
    ['currentDate invalid', bad({ currentDate: new Date(Number.NaN) }), 'currentDate must be a valid Date'],
    ['now not a function', bad({ currentDate: undefined, now: new Date() }), 'now must be a function returning a Date'],
  ]

  it.each(messages)('createVerifier with %s → TypeError: %s', (_, make, message) => {
    const opts = make() as VerifyOptions
    expect(messageOf(() => createVerifier(opts))).toBe(message)
  })

  it('maxTokenAge 0 → TypeError: maxTokenAge must be a number of seconds greater than 0 (fractions allowed)', () => {
    expect(messageOf(() => createVerifier(bad({ maxTokenAge: 0 })()))).toBe('maxTokenAge must be a number of seconds greater than 0')
  })

  it('clockTolerance 1.5 and maxTokenAge 0.5, fractions of a second → accepted', () => {
    expect(() => createVerifier({ ...options(key), clockTolerance: 1.5, maxTokenAge: 0.5 })).not.toThrow()
  })

  it('a DPoP-bound token (cnf.jkt) without a proof, acceptBoundTokensAsBearer left out → claims/binding_not_verified (jkt)', async () => {
    const token = makeToken({ key, claims: validClaims({ cnf: { jkt: 'A'.repeat(43) } }) })
    expect(await createVerifier(options(key))(token)).toMatchObject({ ok: false, step: 'claims', code: 'binding_not_verified', claim: 'cnf', confirmation: 'jkt' })
  })

  it('acceptBoundTokensAsBearer false, given explicitly → accepted', () => {
    expect(() => createVerifier({ ...options(key), acceptBoundTokensAsBearer: false })).not.toThrow()
  })

  it('now returning an invalid Date → the verification rejects with TypeError: now() must be a valid Date', async () => {
    const verify = createVerifier({ ...options(key), currentDate: undefined, now: () => new Date(Number.NaN) } as unknown as VerifyOptions)
    await expect(verify(makeToken({ key }))).rejects.toThrow(/^verify-access-token: now\(\) must be a valid Date$/)
  })

  it.each([
    ['an empty claim', { claim: '', code: 'x_a', check }],
    ['a code not starting with x_', { claim: 'tid', code: 'ax_a', check }],
  ])('claimChecks with %s → TypeError naming the expected shape', (_, item) => {
    expect(messageOf(() => createVerifier({ ...options(key), claimChecks: [item] } as VerifyOptions)))
      .toBe('claimChecks must be [{ claim, code: "x_snake_case", check }]')
  })

  it.each([[['ES256']], [new String('ES256')]])('algorithms holding %o, not a string → TypeError: not supported', (name) => {
    expect(messageOf(() => createVerifier({ ...options(key), algorithms: [name] } as unknown as VerifyOptions))).toMatch(/^algorithm .* is not supported; use one of /)
  })
})

describe('a runtime without WebCrypto', () => {
  afterEach(() => { vi.unstubAllGlobals() })

  it.each([['no globalThis.crypto', undefined], ['globalThis.crypto without subtle', {}], ['crypto.subtle without verify', { subtle: {} }]])(
    '%s → TypeError: WebCrypto (globalThis.crypto.subtle) is not available in this runtime', (_, crypto) => {
      const opts = options(key)
      vi.stubGlobal('crypto', crypto)
      expect(messageOf(() => createVerifier(opts))).toBe('WebCrypto (globalThis.crypto.subtle) is not available in this runtime')
    })
})
