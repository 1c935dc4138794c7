/**
 * DPoP through the HTTP helpers: `verifyRequest` with `{ dpop }` reads DPoP requests with
 * readDpopRequest and answers them in the DPoP scheme (RFC 9449 §7.1, §7.2, §9), Bearer requests
 * as before but offering both challenges; `httpAnswer` answers the dpop step as dpopAnswer does.
 */
import { beforeAll, describe, expect, it } from 'vitest'
import { createDpopVerifier, createVerifier, httpAnswer, verifyRequest, type DpopFailure } from '../src/index.js'
import { boundToken, makeProof, URL } from './dpop-helpers.js'
import { generateKey, makeToken, options, validClaims, type TestKey } from './helpers.js'

const request = (headers: [string, string][], method = 'GET') => {
  const h = new Headers()
  for (const [name, value] of headers) h.append(name, value)
  return new Request(URL, { method, headers: h })
}

let issuer: TestKey
let client: TestKey
beforeAll(() => {
  issuer = generateKey('P-256', 'issuer')
  client = generateKey('P-256', 'client')
})

describe('verifyRequest with dpop', () => {
  const setup = (dpopOptions: Parameters<typeof createDpopVerifier>[0] = { algorithms: ['ES256'] }) => {
    const dpop = createDpopVerifier(dpopOptions)
    return { dpop, verify: createVerifier(options(issuer, { dpop })) }
  }

  it('a DPoP request with a valid proof → the verification result, claims and all', async () => {
    const { dpop, verify } = setup()
    const token = boundToken(issuer, client)
    const result = await verifyRequest(request([['Authorization', `DPoP ${token}`], ['DPoP', makeProof({ key: client, token })]]), verify, { dpop })
    expect(result).toMatchObject({ ok: true, claims: { sub: 'user-1' } })
  })

  it('a proof for another URL → dpop/invalid_dpop_proof, 401 in the DPoP scheme with the verifier\'s algs', async () => {
    const { dpop, verify } = setup()
    const token = boundToken(issuer, client)
    const proof = makeProof({ key: client, token, claims: { htu: 'https://api.example/other' } })
    const result = await verifyRequest(request([['Authorization', `DPoP ${token}`], ['DPoP', proof]]), verify, { dpop })
    expect(result).toMatchObject({ ok: false, step: 'dpop', code: 'invalid_dpop_proof', reason: 'url' })
    if (result.ok) throw new Error('accepted')
    expect(result.response.status).toBe(401)
    expect(result.response.headers.get('WWW-Authenticate'))
      .toBe('DPoP realm="api", error="invalid_dpop_proof", error_description="The DPoP proof is for another URL.", algs="ES256"')
  })

  it('the DPoP-bound token sent as Bearer → claims/binding_not_verified, 401 offering Bearer and DPoP (RFC 9449 §7.2)', async () => {
    const { dpop, verify } = setup()
    const result = await verifyRequest(request([['Authorization', `Bearer ${boundToken(issuer, client)}`]]), verify, { dpop })
    expect(result).toMatchObject({ ok: false, step: 'claims', code: 'binding_not_verified', confirmation: 'jkt' })
    if (result.ok) throw new Error('accepted')
    expect(result.response.headers.get('WWW-Authenticate')).toBe(
      'Bearer realm="api", error="invalid_token", error_description="The token is bound to a key or certificate that this request did not prove.", ' +
      'DPoP realm="api", algs="ES256"')
  })

  it('no credentials → 401 with both challenges and no error', async () => {
    const { dpop, verify } = setup()
    const result = await verifyRequest(request([]), verify, { dpop })
    if (result.ok) throw new Error('accepted')
    expect(result).toMatchObject({ step: 'request', code: 'no_credentials' })
    expect(result.response.headers.get('WWW-Authenticate')).toBe('Bearer realm="api", DPoP realm="api", algs="ES256"')
  })

  it('a plain bearer token still verifies with DPoP enabled', async () => {
    const { dpop, verify } = setup()
    const result = await verifyRequest(request([['Authorization', `Bearer ${makeToken({ key: issuer, claims: validClaims() })}`]]), verify, { dpop })
    expect(result.ok).toBe(true)
  })

  it('Bearer credentials beside a DPoP header → request/invalid_request mixed_schemes, 400 in the DPoP scheme', async () => {
    const { dpop, verify } = setup()
    const token = boundToken(issuer, client)
    const result = await verifyRequest(request([['Authorization', `Bearer ${token}`], ['DPoP', makeProof({ key: client, token })]]), verify, { dpop })
    expect(result).toMatchObject({ ok: false, step: 'request', code: 'invalid_request', reason: 'mixed_schemes' })
    if (result.ok) throw new Error('accepted')
    expect(result.response.status).toBe(400)
    expect(result.response.headers.get('WWW-Authenticate')).toMatch(/^DPoP realm="api", error="invalid_request", .*, algs="ES256"$/)
  })

  it('a route\'s scopes the token lacks → 403 insufficient_scope in the DPoP scheme, naming them', async () => {
    const { dpop, verify } = setup()
    const token = boundToken(issuer, client)
    const result = await verifyRequest(request([['Authorization', `DPoP ${token}`], ['DPoP', makeProof({ key: client, token })]]), verify, { dpop, scopes: 'admin' })
    if (result.ok) throw new Error('accepted')
    expect(result).toMatchObject({ step: 'scopes', code: 'insufficient_scope', required: ['admin'] })
    expect(result.response.status).toBe(403)
    expect(result.response.headers.get('WWW-Authenticate')).toMatch(/^DPoP realm="api", error="insufficient_scope", .*, scope="admin", algs="ES256"$/)
  })

  it('nonces required, a proof without one → use_dpop_nonce, 401 with the provider\'s current nonce, not cacheable', async () => {
    const nonces = { current: async () => 'nonce-2', check: (nonce: string) => nonce === 'nonce-2' }
    const { dpop, verify } = setup({ algorithms: ['ES256'], nonce: nonces })
    const token = boundToken(issuer, client)
    const result = await verifyRequest(request([['Authorization', `DPoP ${token}`], ['DPoP', makeProof({ key: client, token })]]), verify, { dpop })
    expect(result).toMatchObject({ ok: false, step: 'dpop', code: 'use_dpop_nonce', reason: 'missing' })
    if (result.ok) throw new Error('accepted')
    expect(result.response.status).toBe(401)
    expect(result.response.headers.get('DPoP-Nonce')).toBe('nonce-2')
    expect(result.response.headers.get('Cache-Control')).toBe('no-store')
    expect(result.response.headers.get('WWW-Authenticate')).toMatch(/^DPoP realm="api", error="use_dpop_nonce", /)
    // The retry with that nonce verifies.
    const retried = await verifyRequest(request([['Authorization', `DPoP ${token}`], ['DPoP', makeProof({ key: client, token, claims: { nonce: 'nonce-2' } })]]), verify, { dpop })
    expect(retried.ok).toBe(true)
  })

  it('a nonce provider whose current() fails → dpop/dpop_unavailable nonce_provider, 503 with Retry-After', async () => {
    const nonces = { current: async () => { throw new Error('down') }, check: () => false }
    const { dpop, verify } = setup({ algorithms: ['ES256'], nonce: nonces })
    const token = boundToken(issuer, client)
    const result = await verifyRequest(request([['Authorization', `DPoP ${token}`], ['DPoP', makeProof({ key: client, token })]]), verify, { dpop })
    expect(result).toMatchObject({ ok: false, step: 'dpop', code: 'dpop_unavailable', reason: 'nonce_provider' })
    if (result.ok) throw new Error('accepted')
    expect(result.response.status).toBe(503)
    expect(result.response.headers.get('Retry-After')).toBe('1')
    expect(result.response.headers.get('WWW-Authenticate')).toBeNull()
  })

  it('nonces required, the caller\'s nonce option given → DPoP-Nonce is the caller\'s, the provider not asked', async () => {
    let asked = 0
    const nonces = { current: async () => { asked++; return 'nonce-2' }, check: (nonce: string) => nonce === 'nonce-2' }
    const { dpop, verify } = setup({ algorithms: ['ES256'], nonce: nonces })
    const token = boundToken(issuer, client)
    const result = await verifyRequest(request([['Authorization', `DPoP ${token}`], ['DPoP', makeProof({ key: client, token })]]), verify, { dpop, nonce: 'nonce-9' })
    expect(result).toMatchObject({ ok: false, step: 'dpop', code: 'use_dpop_nonce' })
    if (result.ok) throw new Error('accepted')
    expect(result.response.headers.get('DPoP-Nonce')).toBe('nonce-9')
    expect(asked).toBe(0)
  })

  it.each([['with a space', 'a b'], ['a number', 42], ['empty', '']])('a nonce provider whose current() answers a nonce %s → dpop/dpop_unavailable nonce_provider, 503', async (_, nonce) => {
    const nonces = { current: async () => nonce as string, check: () => false }
    const { dpop, verify } = setup({ algorithms: ['ES256'], nonce: nonces })
    const token = boundToken(issuer, client)
    const result = await verifyRequest(request([['Authorization', `DPoP ${token}`], ['DPoP', makeProof({ key: client, token })]]), verify, { dpop })
    expect(result).toMatchObject({ ok: false, step: 'dpop', code: 'dpop_unavailable', reason: 'nonce_provider' })
    if (result.ok) throw new Error('accepted')
    expect(result.response.status).toBe(503)
    expect(result.response.headers.get('DPoP-Nonce')).toBeNull()
  })

  it('a Bearer token lacking the route\'s scopes with DPoP enabled → 403 with the Bearer challenge only (no DPoP offer outside a 401)', async () => {
    const { dpop, verify } = setup()
    const token = makeToken({ key: issuer, claims: validClaims({ scope: 'read' }) })
    const result = await verifyRequest(request([['Authorization', `Bearer ${token}`]]), verify, { dpop, scopes: 'admin' })
    if (result.ok) throw new Error('accepted')
    expect(result.response.status).toBe(403)
    expect(result.response.headers.get('WWW-Authenticate')).toMatch(/^Bearer realm="api", error="insufficient_scope", [^,]*, scope="admin"$/)
  })

  describe('a DPoP request whose verifier answers a failure', () => {
    const dpop = createDpopVerifier({ algorithms: ['ES256'] })
    const answerTo = async (failure: Record<string, unknown>, extra: { nonce?: string } = {}) => {
      const token = boundToken(issuer, client)
      const result = await verifyRequest(request([['Authorization', `DPoP ${token}`], ['DPoP', makeProof({ key: client, token })]]),
        async () => failure as never, { dpop, ...extra })
      if (result.ok) throw new Error('accepted')
      const headers: Record<string, string> = {}
      ;(result.response as Response).headers.forEach((value, name) => { headers[name] = value })
      return { status: result.response.status, headers }
    }

    it('signature/jwks_unavailable with retryAfter 2.5 → 503 with Retry-After 3 and nothing else, as httpAnswer answers it', async () => {
      const failure = { ok: false, step: 'signature', code: 'jwks_unavailable', retryAfter: 2.5, message: 'm' }
      expect(await answerTo(failure)).toEqual({ status: 503, headers: { 'retry-after': '3' } })
      expect(await answerTo(failure, { nonce: 'n-1' })).toEqual({ status: 503, headers: { 'retry-after': '3' } })
    })

    it('dpop/dpop_unavailable without retryAfter → 503 with the default Retry-After', async () => {
      expect(await answerTo({ ok: false, step: 'dpop', code: 'dpop_unavailable', reason: 'replay_store', message: 'm' }))
        .toEqual({ status: 503, headers: { 'retry-after': '30' } })
    })

    it('signature/invalid_signature with the nonce option → 401 invalid_token in the DPoP scheme, with that DPoP-Nonce', async () => {
      expect(await answerTo({ ok: false, step: 'signature', code: 'invalid_signature', message: 'Bad signature.' }, { nonce: 'n-1' })).toEqual({
        status: 401,
        headers: {
          'cache-control': 'no-store', 'dpop-nonce': 'n-1',
          'www-authenticate': 'DPoP realm="api", error="invalid_token", error_description="Bad signature.", algs="ES256"',
        },
      })
    })
  })

  it('without dpop → DPoP requests are not read: Authorization: DPoP is another scheme, as before', async () => {
    const { verify } = setup()
    const token = boundToken(issuer, client)
    const result = await verifyRequest(request([['Authorization', `DPoP ${token}`], ['DPoP', makeProof({ key: client, token })]]), verify)
    expect(result).toMatchObject({ ok: false, step: 'request', code: 'no_credentials' })
    if (result.ok) throw new Error('accepted')
    expect(result.response.headers.get('WWW-Authenticate')).toBe('Bearer realm="api"')
  })

  it('dpop not made by createDpopVerifier → rejects with a TypeError', async () => {
    const { verify } = setup()
    await expect(verifyRequest(request([]), verify, { dpop: { algorithms: ['ES256'] } as never })).rejects.toThrow(/createDpopVerifier/)
  })
})

describe('httpAnswer for step dpop', () => {
  const failure = (code: DpopFailure['code'], extra: Record<string, unknown> = {}) =>
    ({ ok: false, step: 'dpop', code, reason: 'missing', message: 'The fixed message.', ...extra }) as DpopFailure

  it('algs given → the DPoP challenge lists them', () => {
    expect(httpAnswer(failure('invalid_dpop_proof'), { algs: ['ES256', 'EdDSA'], realm: 'orders' }).headers['WWW-Authenticate'])
      .toBe('DPoP realm="orders", error="invalid_dpop_proof", error_description="The fixed message.", algs="ES256 EdDSA"')
  })

  it('dpop_unavailable → 503 with the failure\'s retryAfter, no challenge', () => {
    expect(httpAnswer(failure('dpop_unavailable', { retryAfter: 1 }))).toEqual({ status: 503, headers: { 'Retry-After': '1' } })
  })

  it('use_dpop_nonce without a nonce → TypeError naming the fix', () => {
    expect(() => httpAnswer(failure('use_dpop_nonce'))).toThrow(/nonce: await nonces\.current\(\)/)
    expect(() => httpAnswer(failure('use_dpop_nonce')))
      .toThrow(new TypeError('verify-access-token: use_dpop_nonce is answered with the nonce to use: httpAnswer(failure, { nonce: await nonces.current() })'))
  })

  it.each([
    ['algs with HS256', { algs: ['HS256'] }],
    ['algs empty', { algs: [] }],
    ['a nonce with a space', { nonce: 'a b' }],
  ])('%s → TypeError, whatever the failure', (_what, answerOptions) => {
    expect(() => httpAnswer({ ok: false, step: 'format', code: 'malformed', reason: 'segments', message: 'm' }, answerOptions as never)).toThrow(TypeError)
  })
})
