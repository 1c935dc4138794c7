/**
 * HTTP answers (RFC 6750 §3, RFC 9068 §4): status and headers for every failure, the challenge's
 * quoting and character sets, and `verifyRequest` over real Fetch-API `Request`s.
 */
import fc from 'fast-check'
import { beforeAll, describe, expect, it } from 'vitest'
import { DEFAULT_RETRY_AFTER } from '../src/http.js'
import {
  bearerToken, createRemoteJwks, createVerifier, httpAnswer, verifyRequest,
  type HttpFailure, type SignatureCode, type Verifier, type VerifyFailure,
} from '../src/index.js'
import { generateKey, makeToken, NOW, options, segmentsOf, validClaims, withSignature, type TestKey } from './helpers.js'
import { closedPortUrl } from './http-server.js'

const as = (value: unknown) => value as HttpFailure
const scopesFailure = (fields: Record<string, unknown> = {}) => as({
  ok: false, step: 'scopes', code: 'insufficient_scope', claim: 'scope', missing: ['admin'], required: ['read', 'admin'],
  message: 'The token does not grant the required scopes.', ...fields,
})
const unavailable = (fields: Record<string, unknown> = {}) =>
  as({ ok: false, step: 'signature', code: 'jwks_unavailable', message: 'The key set could not be fetched from the issuer.', ...fields })

// RFC 6750 §3 as a pattern: Bearer, then comma-separated auth-params with quoted values whose
// characters are those §3 allows (realm may hold quoted-pairs).
const CHALLENGE = /^Bearer realm="(?:[\x20\x21\x23-\x5b\x5d-\x7e]|\\[\x20-\x7e])*"(?:, error="[a-z_]+")?(?:, error_description="[\x20\x21\x23-\x5b\x5d-\x7e]*")?(?:, scope="[\x21\x23-\x5b\x5d-\x7e]+(?: [\x21\x23-\x5b\x5d-\x7e]+)*")?$/

describe('httpAnswer: no Bearer credentials', () => {
  it.each([['no header', null], ['another scheme', 'Basic dXNlcjpwYXNz']])('%s → 401 with a challenge and no error', (_, header) => {
    expect(httpAnswer(bearerToken(header) as HttpFailure)).toEqual({ status: 401, headers: { 'WWW-Authenticate': 'Bearer realm="api"' } })
  })

  it('no header and realm orders → 401 Bearer realm="orders"', () => {
    expect(httpAnswer(bearerToken(undefined) as HttpFailure, { realm: 'orders' }).headers).toEqual({ 'WWW-Authenticate': 'Bearer realm="orders"' })
  })

  it('no header and scopes given → no scope attribute (no error information, RFC 6750 §3.1)', () => {
    expect(httpAnswer(bearerToken(undefined) as HttpFailure, { scopes: 'read' }).headers['WWW-Authenticate']).toBe('Bearer realm="api"')
  })

  it('realm with a quote and a backslash → both escaped as quoted-pairs', () => {
    expect(httpAnswer(bearerToken(null) as HttpFailure, { realm: 'a "b" \\c' }).headers['WWW-Authenticate']).toBe('Bearer realm="a \\"b\\" \\\\c"')
  })
})

describe('httpAnswer: malformed requests', () => {
  it.each(['Bearer', 'Bearer a b', 'Bearer a, Bearer b', 'Bearer "a"'])('header %j → 400 invalid_request with the fixed description', (header) => {
    const failure = bearerToken(header) as HttpFailure
    expect(httpAnswer(failure)).toEqual({
      status: 400,
      headers: { 'WWW-Authenticate': `Bearer realm="api", error="invalid_request", error_description="${failure.message}"` },
    })
  })
})

describe('httpAnswer: token failures', () => {
  it.each([
    ['format', 'malformed'], ['signature', 'alg_not_allowed'], ['signature', 'key_not_found'], ['signature', 'invalid_signature'],
    ['claims', 'expired'], ['claims', 'not_yet_valid'], ['claims', 'issuer_mismatch'], ['claims', 'audience_mismatch'],
    ['claims', 'type_mismatch'], ['claims', 'missing_claim'], ['claims', 'invalid_claim'], ['scopes', 'invalid_claim'],
  ])('%s/%s → 401 invalid_token', (step, code) => {
    const answer = httpAnswer(as({ ok: false, step, code, message: 'Fixed.' }))
    expect(answer).toEqual({ status: 401, headers: { 'WWW-Authenticate': 'Bearer realm="api", error="invalid_token", error_description="Fixed."' } })
  })

  it.each([
    ['a code this version does not know', { step: 'signature', code: 'future_code' }],
    ['a step this version does not know', { step: 'binding', code: 'dpop_mismatch' }],
    ['no step or code', {}],
  ])('failure with %s → 401 invalid_token (fails closed)', (_, fields) => {
    expect(httpAnswer(as({ ok: false, ...fields }))).toEqual({ status: 401, headers: { 'WWW-Authenticate': 'Bearer realm="api", error="invalid_token"' } })
  })

  it.each([
    ['claims', 'jwks_unavailable'], ['claims', 'insufficient_scope'], ['claims', 'insufficient_role'], ['format', 'insufficient_scope'],
  ])('known code at another step %s/%s → 401 invalid_token (fails closed)', (step, code) => {
    expect(httpAnswer(as({ ok: false, step, code, required: ['read'] }))).toEqual({ status: 401, headers: { 'WWW-Authenticate': 'Bearer realm="api", error="invalid_token"' } })
  })

  it.each([['empty', ''], ['only left-out characters', '\u00e9\r\n']])('message %s → no error_description', (_, message) => {
    expect(httpAnswer(as({ ok: false, step: 'claims', code: 'expired', message })).headers['WWW-Authenticate']).toBe('Bearer realm="api", error="invalid_token"')
  })

  it('format header failure whose message quotes "alg" → error_description with \'alg\'', () => {
    const answer = httpAnswer(as({ ok: false, step: 'format', code: 'malformed', reason: 'header', message: 'lacks a string "alg".' }))
    expect(answer.headers['WWW-Authenticate']).toContain('error_description="lacks a string \'alg\'."')
  })

  it('message with a backslash, a line break and non-ASCII → those characters left out', () => {
    const answer = httpAnswer(as({ ok: false, step: 'claims', code: 'expired', message: 'a\\b\r\nc\u00e9d\u2028' }))
    expect(answer.headers['WWW-Authenticate']).toBe('Bearer realm="api", error="invalid_token", error_description="abcd"')
  })

  it('message not a string, or only inherited → no error_description', () => {
    expect(httpAnswer(as({ ok: false, step: 'claims', code: 'expired', message: 42 })).headers['WWW-Authenticate']).not.toContain('error_description')
    const inherited = Object.assign(Object.create({ message: 'Inherited.' }), { ok: false, step: 'claims', code: 'expired' })
    expect(httpAnswer(inherited).headers['WWW-Authenticate']).not.toContain('error_description')
  })
})

describe('httpAnswer: insufficient scope', () => {
  it('scopes failure requiring read and admin → 403 insufficient_scope with scope="read admin"', () => {
    expect(httpAnswer(scopesFailure(), { realm: 'orders' })).toEqual({
      status: 403,
      headers: { 'WWW-Authenticate': 'Bearer realm="orders", error="insufficient_scope", error_description="The token does not grant the required scopes.", scope="read admin"' },
    })
  })

  it('scopes failure without required → scope from missing', () => {
    expect(httpAnswer(scopesFailure({ required: undefined })).headers['WWW-Authenticate']).toMatch(/, scope="admin"$/)
  })

  it('options.scopes given → those scopes, not the failure\'s', () => {
    expect(httpAnswer(scopesFailure(), { scopes: ['orders:write', 'orders:read'] }).headers['WWW-Authenticate']).toMatch(/, scope="orders:write orders:read"$/)
    expect(httpAnswer(scopesFailure(), { scopes: 'x' }).headers['WWW-Authenticate']).toMatch(/, scope="x"$/)
  })

  it('required scopes outside the scope-token characters → left out of scope; the rest kept, de-duplicated', () => {
    const failure = scopesFailure({ required: ['read', 'écrire', 'a"b', 'c\\d', '', 42, 'read', 'https://api.example/x'] })
    expect(httpAnswer(failure).headers['WWW-Authenticate']).toMatch(/, scope="read https:\/\/api.example\/x"$/)
  })

  it('no sendable scope at all → 403 without a scope attribute', () => {
    const answer = httpAnswer(scopesFailure({ required: ['écrire'], missing: ['écrire'] }))
    expect(answer.status).toBe(403)
    expect(answer.headers['WWW-Authenticate']).not.toContain('scope=')
  })
})

describe('httpAnswer: key set unavailable', () => {
  it('signature/jwks_unavailable → 503 with the default Retry-After and no challenge', () => {
    expect(httpAnswer(unavailable(), { realm: 'orders' })).toEqual({ status: 503, headers: { 'Retry-After': String(DEFAULT_RETRY_AFTER) } })
    expect(DEFAULT_RETRY_AFTER).toBe(30)
  })

  it.each([[12, '12'], [12.2, '13'], [0, '0'], [1e300, String(Number.MAX_SAFE_INTEGER)]])('retryAfter %s → Retry-After %s', (value, header) => {
    expect(httpAnswer(unavailable({ retryAfter: value })).headers).toEqual({ 'Retry-After': header })
  })

  it.each([[-1], [Number.NaN], [Number.POSITIVE_INFINITY], ['5'], [null]])('retryAfter %s → the default Retry-After', (value) => {
    expect(httpAnswer(unavailable({ retryAfter: value })).headers).toEqual({ 'Retry-After': '30' })
  })
})

describe('httpAnswer: caller mistakes', () => {
  it.each([
    ['a success', { ok: true, claims: {} }], ['null', null], ['a string', 'expired'], ['no ok', { step: 'claims', code: 'expired' }],
  ])('failure %s → throws TypeError', (_, failure) => {
    expect(() => httpAnswer(as(failure))).toThrow(TypeError)
  })

  it.each([
    ['null', null], ['realm with a line break', { realm: 'a\r\nSet-Cookie: x' }], ['realm non-ASCII', { realm: 'café' }],
    ['realm a number', { realm: 42 }], ['scope instead of scopes', { scope: 'read' }],
    ['scopes with white space', { scopes: 'read write' }], ['scopes holding a number', { scopes: [1] }],
  ])('options %s → throws TypeError', (_, answerOptions) => {
    expect(() => httpAnswer(bearerToken(null) as HttpFailure, answerOptions as never)).toThrow(TypeError)
  })

  it.each([
    ['null', null], ['a string', 'expired'], ['a success', { ok: true, claims: {} }],
    ['a function with ok false', Object.assign(() => undefined, { ok: false, step: 'claims', code: 'expired' })],
  ])('failure %s → TypeError naming what httpAnswer takes', (_, failure) => {
    expect(() => httpAnswer(as(failure))).toThrow(new TypeError('verify-access-token: httpAnswer takes a failure result ({ ok: false, ... })'))
  })

  it.each([
    ['a number', 5, 'options must be an object'],
    ['scope instead of scopes', { scope: 'read' }, 'unknown option "scope"'],
    ['realm a number', { realm: 42 }, 'realm must be a string of printable ASCII characters'],
    ['scopes a number', { scopes: 5 }, 'scopes must be a scope or an array of scopes without white space'],
    ['scopes empty', { scopes: '' }, 'scopes must be a scope or an array of scopes without white space'],
    ['scopes holding an empty scope', { scopes: ['read', ''] }, 'scopes must be a scope or an array of scopes without white space'],
    ['scopes holding a number after a scope', { scopes: ['read', 1] }, 'scopes must be a scope or an array of scopes without white space'],
    ['algs with HS256 after ES256', { algs: ['ES256', 'HS256'] },
      'algs must be a non-empty list of RS256, RS384, RS512, PS256, PS384, PS512, ES256, ES384, ES512, EdDSA, Ed25519'],
    ['nonce a number', { nonce: 42 }, 'nonce must be a non-empty string of visible ASCII without " or \\ (RFC 9449 §8.1)'],
  ])('options %s (%j) → TypeError: %s', (_, answerOptions, message) => {
    expect(() => httpAnswer(bearerToken(null) as HttpFailure, answerOptions as never)).toThrow(new TypeError(`verify-access-token: ${message}`))
  })

  it('realm only inherited from the prototype → the default realm', () => {
    const inherited = Object.create({ realm: 'evil' })
    expect(httpAnswer(bearerToken(null) as HttpFailure, inherited).headers['WWW-Authenticate']).toBe('Bearer realm="api"')
  })
})

describe('verifyRequest', () => {
  let key: TestKey
  let verify: Verifier
  let valid: string
  const secret = 'sub-9f2c7e-secret'
  beforeAll(() => {
    key = generateKey('P-256')
    verify = createVerifier(options(key))
    valid = makeToken({ key, claims: validClaims({ sub: secret, scope: 'read' }) })
  })
  const request = (authorization?: string | string[]) => {
    const headers = new Headers()
    for (const value of [authorization ?? []].flat()) headers.append('authorization', value)
    return new Request('https://api.example/orders', { headers })
  }

  it('valid token → the verification result, without a response', async () => {
    const result = await verifyRequest(request(`Bearer ${valid}`), verify)
    expect(result).toMatchObject({ ok: true, scopes: ['read'], claims: { sub: secret } })
    expect('response' in result).toBe(false)
  })

  it('no Authorization → request/no_credentials with a 401 Response, challenge only, empty body', async () => {
    const result = await verifyRequest(request(), verify, { realm: 'orders' })
    expect(result).toMatchObject({ ok: false, step: 'request', code: 'no_credentials', reason: 'missing' })
    if (result.ok) return
    expect(result.response.status).toBe(401)
    expect(result.response.headers.get('www-authenticate')).toBe('Bearer realm="orders"')
    expect(await result.response.text()).toBe('')
  })

  it('two Authorization fields → 400 invalid_request (multiple_credentials)', async () => {
    const result = await verifyRequest(request([`Bearer ${valid}`, `Bearer ${valid}`]), verify)
    expect(result).toMatchObject({ ok: false, step: 'request', reason: 'multiple_credentials' })
    if (!result.ok) expect(result.response.status).toBe(400)
  })

  it('bad signature → signature/invalid_signature with a 401 invalid_token Response holding no token content', async () => {
    const [, , signature] = segmentsOf(valid)
    const bytes = Uint8Array.from(Buffer.from(signature, 'base64url'))
    bytes[0] = (bytes[0] ?? 0) ^ 1
    const result = await verifyRequest(request(`Bearer ${withSignature(valid, bytes)}`), verify)
    expect(result).toMatchObject({ ok: false, step: 'signature', code: 'invalid_signature' })
    if (result.ok) return
    expect(result.response.status).toBe(401)
    const challenge = result.response.headers.get('www-authenticate') ?? ''
    expect(challenge).toMatch(CHALLENGE)
    expect(challenge).toContain('error="invalid_token"')
    for (const fragment of [secret, ...segmentsOf(valid)]) expect(challenge).not.toContain(fragment)
  })

  it('expired token → 401 invalid_token', async () => {
    const expired = makeToken({ key, claims: validClaims({ exp: NOW - 1 }) })
    const result = await verifyRequest(request(`Bearer ${expired}`), verify)
    expect(result.ok ? 0 : result.response.status).toBe(401)
  })

  it('route scopes admin, token granting read → 403 naming admin', async () => {
    const result = await verifyRequest(request(`Bearer ${valid}`), verify, { scopes: ['admin'], realm: 'orders' })
    expect(result).toMatchObject({ ok: false, step: 'scopes', code: 'insufficient_scope', required: ['admin'] })
    if (result.ok) return
    expect(result.response.status).toBe(403)
    expect(result.response.headers.get('www-authenticate')).toMatch(/^Bearer realm="orders", error="insufficient_scope", .*, scope="admin"$/)
  })

  it('route scopes admin or read with scopeMatch any → ok', async () => {
    expect(await verifyRequest(request(`Bearer ${valid}`), verify, { scopes: ['admin', 'read'], scopeMatch: 'any' })).toMatchObject({ ok: true })
  })

  it('key set at a closed port → 503 with Retry-After and no challenge', async () => {
    const down = createVerifier(options(key, { jwks: createRemoteJwks(await closedPortUrl()) }))
    const result = await verifyRequest(request(`Bearer ${valid}`), down)
    expect(result).toMatchObject({ ok: false, step: 'signature', code: 'jwks_unavailable' })
    if (result.ok) return
    expect(result.response.status).toBe(503)
    // The remote set's own backoff: the first retry comes after about a second.
    expect(result.response.headers.get('retry-after')).toBe(String(result.step === 'signature' && result.code === 'jwks_unavailable' ? result.retryAfter : 'none'))
    expect(result.response.headers.get('retry-after')).toBe('1')
    expect(result.response.headers.has('www-authenticate')).toBe(false)
  })

  it('no route scopes → the verifier is called with the token alone', async () => {
    const calls: unknown[][] = []
    const spy = async (...args: unknown[]) => { calls.push(args); return verify(args[0]) }
    await verifyRequest(request(`Bearer ${valid}`), spy)
    await verifyRequest(request(`Bearer ${valid}`), spy, { scopes: 'read' })
    expect(calls).toEqual([[valid], [valid, { scopes: 'read' }]])
  })

  it.each([
    ['request not a Request', () => verifyRequest({} as Request, verify)],
    ['request null', () => verifyRequest(null as unknown as Request, verify)],
    ['verifier not a function', () => verifyRequest(request(), {} as Verifier)],
    ['unknown option', () => verifyRequest(request(), verify, { scope: 'read' } as never)],
    ['scopeMatch unknown', () => verifyRequest(request(), verify, { scopeMatch: 'some' } as never)],
  ])('%s → rejects with TypeError', async (_, call) => {
    await expect(call()).rejects.toThrow(TypeError)
  })

  it.each([
    ['request {}', () => verifyRequest({} as Request, verify), 'request must be a Fetch API Request'],
    ['request null', () => verifyRequest(null as unknown as Request, verify), 'request must be a Fetch API Request'],
    ['request undefined', () => verifyRequest(undefined as unknown as Request, verify), 'request must be a Fetch API Request'],
    ['verifier not a function', () => verifyRequest(request(), {} as Verifier), 'verifier must be a function such as createVerifier returns'],
    ['scopeMatch unknown', () => verifyRequest(request(), verify, { scopeMatch: 'some' } as never), 'scopeMatch must be "all" or "any"'],
  ])('%s → rejects with a TypeError naming the mistake', async (_, call, message) => {
    await expect(call()).rejects.toThrow(new TypeError(`verify-access-token: ${message}`))
  })

  it('route scopes read with scopeMatch all → ok', async () => {
    expect(await verifyRequest(request(`Bearer ${valid}`), verify, { scopes: 'read', scopeMatch: 'all' })).toMatchObject({ ok: true })
  })

  it('any Authorization value a Request can carry → resolves, never rejects; failures answer 400, 401 or 403', async () => {
    // Header values a Request accepts: no NUL, CR or LF; leading and trailing white space is stripped.
    const value = fc.string({ unit: fc.integer({ min: 1, max: 255 }).filter((c) => c !== 10 && c !== 13).map((c) => String.fromCharCode(c)) })
    const header = fc.oneof(value, value.map((v) => `Bearer ${v}`), fc.constant(`Bearer ${valid}`), value.map((v) => `Bearer ${valid}${v}`))
    await fc.assert(fc.asyncProperty(header, async (authorization) => {
      const result = await verifyRequest(request(authorization), verify)
      if (!result.ok) {
        expect([400, 401, 403]).toContain(result.response.status)
        expect(result.response.headers.get('www-authenticate')).toMatch(CHALLENGE)
      }
    }), { numRuns: 300 })
  })
})

describe('every failure the library makes', () => {
  it('each failure code → a header value Headers accepts and the RFC 6750 grammar matches', async () => {
    const key = generateKey('P-256')
    const failures: VerifyFailure[] = []
    const make = (claims: Record<string, unknown>, header?: object) => makeToken({ key, claims: validClaims(claims), ...(header && { header }) })
    const check = async (token: unknown, extra = {}) => {
      const result = await createVerifier(options(key, extra))(token)
      if (!result.ok) failures.push(result)
    }
    for (const token of [42, 'a.b', 'a.b.c']) await check(token)
    await check(make({}, { alg: 'HS256' }))
    await check(make({ exp: NOW - 1 }))
    await check(make({ aud: 'other' }))
    await check(make({ scope: 'read' }), { scopes: 'admin' })
    await check(make({ scope: 42 }))
    const codes: SignatureCode[] = ['alg_not_allowed', 'key_not_found', 'invalid_signature']
    for (const code of codes) failures.push({ ok: false, step: 'signature', code, message: 'x', ...(code === 'key_not_found' ? { reason: 'no_matching_kid' } : {}) } as VerifyFailure)
    for (const failure of [...failures, ...(['Bearer', 'Basic x', null] as const).map((h) => bearerToken(h) as HttpFailure)]) {
      const { status, headers } = httpAnswer(failure)
      expect(new Headers(headers).get('www-authenticate')).toMatch(CHALLENGE)
      expect([400, 401, 403]).toContain(status)
    }
  })
})
