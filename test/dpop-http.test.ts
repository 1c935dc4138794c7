/**
 * DPoP over HTTP: reading a DPoP request from a web Request (RFC 9449 §4.3 point 1, §7.1, §7.2)
 * and the answer to a failure (RFC 9449 §7.1, §9; RFC 6750 §3), end to end with a verifier.
 */
import { beforeAll, describe, expect, it } from 'vitest'
import { createDpopVerifier, createVerifier, dpopAnswer, readDpopRequest, type DpopFailure, type VerifyFailure } from '../src/index.js'
import { boundToken, makeProof, URL } from './dpop-helpers.js'
import { generateKey, options, type TestKey } from './helpers.js'

const request = (headers: [string, string][], method = 'GET') => {
  const h = new Headers()
  for (const [name, value] of headers) h.append(name, value)
  return new Request(URL, { method, headers: h })
}

describe('readDpopRequest', () => {
  it('Authorization: DPoP and one DPoP header → token, proof, method and URL', () => {
    expect(readDpopRequest(request([['Authorization', 'DPoP abc.def.ghi'], ['DPoP', 'p.q.r']], 'POST'))).toEqual({
      ok: true, token: 'abc.def.ghi', dpop: { proof: 'p.q.r', method: 'POST', url: URL },
    })
  })

  it.each([['dpop'], ['DPOP'], ['DPoP  ']])('scheme spelt %j (case-insensitive, RFC 9110 §11.1) → read', (scheme) => {
    expect(readDpopRequest(request([['Authorization', `${scheme} tok`], ['DPoP', 'p']]))).toMatchObject({ ok: true, token: 'tok' })
  })

  it.each([
    ['no Authorization, no DPoP header', []],
    ['Bearer credentials without a DPoP header', [['Authorization', 'Bearer tok']]],
    ['Basic credentials without a DPoP header', [['Authorization', 'Basic dXNlcjpwYXNz']]],
  ] as [string, [string, string][]][])('%s → undefined (not a DPoP request)', (_what, headers) => {
    expect(readDpopRequest(request(headers))).toBeUndefined()
  })

  it.each([
    ['two Authorization headers, Bearer and DPoP (RFC 9449 §7.2)', [['Authorization', 'Bearer tok'], ['Authorization', 'DPoP tok'], ['DPoP', 'p']], 'several_credentials'],
    ['two DPoP Authorization headers', [['Authorization', 'DPoP a'], ['Authorization', 'DPoP b'], ['DPoP', 'p']], 'several_credentials'],
    ['Bearer credentials with a DPoP header', [['Authorization', 'Bearer tok'], ['DPoP', 'p']], 'mixed_schemes'],
    ['two DPoP headers (RFC 9449 §4.3 point 1)', [['Authorization', 'DPoP tok'], ['DPoP', 'p1'], ['DPoP', 'p2']], 'several_proofs'],
    ['DPoP credentials without a DPoP header (RFC 9449 §7.1)', [['Authorization', 'DPoP tok']], 'missing_proof'],
    ['DPoP credentials with an empty DPoP header', [['Authorization', 'DPoP tok'], ['DPoP', '']], 'missing_proof'],
    ['a DPoP header without credentials', [['DPoP', 'p']], 'missing_token'],
    ['the DPoP scheme without a token', [['Authorization', 'DPoP'], ['DPoP', 'p']], 'malformed_credentials'],
    ['two tokens after the DPoP scheme', [['Authorization', 'DPoP a b'], ['DPoP', 'p']], 'malformed_credentials'],
    ['a token with a character outside token68', [['Authorization', 'DPoP a"b'], ['DPoP', 'p']], 'malformed_credentials'],
    ['a tab after the space that follows the DPoP scheme (RFC 9449 §7.1: 1*SP)', [['Authorization', 'DPoP \ttok'], ['DPoP', 'p']], 'malformed_credentials'],
    ['a no-break space after the space that follows the DPoP scheme', [['Authorization', 'DPoP \u00a0tok'], ['DPoP', 'p']], 'malformed_credentials'],
  ] as [string, [string, string][], string][])('%s → request/invalid_request %s', (_what, headers, reason) => {
    expect(readDpopRequest(request(headers))).toEqual({ ok: false, step: 'request', code: 'invalid_request', reason, message: expect.any(String) })
  })

  it('something that is not a Request → throws TypeError', () => {
    expect(() => readDpopRequest({} as Request)).toThrow(TypeError)
  })

  it.each([
    ['null', null],
    ['an object without headers', {}],
    ['an object whose headers have no get', { headers: {}, method: 'GET', url: URL }],
    ['a function carrying headers.get (not an object)', Object.assign(() => undefined, { headers: new Headers(), method: 'GET', url: URL })],
  ])('%s → throws TypeError saying a web Request is needed', (_what, notRequest) => {
    expect(() => readDpopRequest(notRequest as never)).toThrow(new TypeError('verify-access-token: readDpopRequest needs a web Request (with headers.get)'))
  })

  it('a request whose headers getter throws → throws TypeError saying the request could not be read', () => {
    const throwing = { get headers(): never { throw new Error('boom') }, method: 'GET', url: URL }
    expect(() => readDpopRequest(throwing as never)).toThrow(new TypeError('verify-access-token: request could not be read'))
  })

  // A request-like object (what a consumer compiled without the DOM lib may pass, or a framework
  // adapter's) need not trim header values as Headers does: readDpopRequest reads only headers.get,
  // method and url.
  const requestLike = (authorization: string | null, proof: string | null) => ({
    headers: { get: (name: string) => name === 'authorization' ? authorization : name === 'dpop' ? proof : null },
    method: 'GET',
    url: URL,
  }) as unknown as Request

  it('a request-like object with blanks around Authorization and DPoP values → read, token and proof trimmed', () => {
    expect(readDpopRequest(requestLike(' \tDPoP tok\t ', ' \tp.q.r\t '))).toEqual({
      ok: true, token: 'tok', dpop: { proof: 'p.q.r', method: 'GET', url: URL },
    })
  })

  it('a request-like object with a DPoP header of blanks only → request/invalid_request missing_proof', () => {
    expect(readDpopRequest(requestLike('DPoP tok', '  \t '))).toMatchObject({ ok: false, code: 'invalid_request', reason: 'missing_proof' })
  })
})

const ALGS = ['ES256', 'PS256'] as const
const fail = (step: string, code: string, extra: Record<string, unknown> = {}) =>
  ({ ok: false, step, code, message: 'The fixed message.', ...extra }) as unknown as VerifyFailure | DpopFailure

describe('dpopAnswer', () => {
  it('no credentials → 401 DPoP algs, no error (RFC 6750 §3.1, RFC 9449 §7.1 Figure 15)', () => {
    expect(dpopAnswer(undefined, { algs: ALGS })).toEqual({ status: 401, headers: { 'WWW-Authenticate': 'DPoP algs="ES256 PS256"' } })
  })

  it('no algs given → every supported algorithm listed', () => {
    expect(dpopAnswer(undefined).headers['WWW-Authenticate']).toBe('DPoP algs="RS256 RS384 RS512 PS256 PS384 PS512 ES256 ES384 ES512 EdDSA Ed25519"')
  })

  it('dpop/invalid_dpop_proof → 401 error invalid_dpop_proof', () => {
    expect(dpopAnswer(fail('dpop', 'invalid_dpop_proof', { reason: 'url' }), { algs: ALGS })).toEqual({
      status: 401,
      headers: { 'WWW-Authenticate': 'DPoP error="invalid_dpop_proof", error_description="The fixed message.", algs="ES256 PS256"' },
    })
  })

  it('dpop/key_mismatch → 401 error invalid_token (RFC 9449 §7.1 Figure 16)', () => {
    expect(dpopAnswer(fail('dpop', 'key_mismatch', { reason: 'thumbprint' }), { algs: ['ES256'] }).headers['WWW-Authenticate'])
      .toBe('DPoP error="invalid_token", error_description="The fixed message.", algs="ES256"')
  })

  it('dpop/use_dpop_nonce with a nonce → 401 error use_dpop_nonce and DPoP-Nonce, not cacheable (RFC 9449 §9)', () => {
    expect(dpopAnswer(fail('dpop', 'use_dpop_nonce', { reason: 'missing' }), { algs: ALGS, nonce: 'eyJ7S_zG.eyJH0-Z.HX4w-7v' })).toEqual({
      status: 401,
      headers: {
        'DPoP-Nonce': 'eyJ7S_zG.eyJH0-Z.HX4w-7v',
        'Cache-Control': 'no-store',
        'WWW-Authenticate': 'DPoP error="use_dpop_nonce", error_description="The fixed message.", algs="ES256 PS256"',
      },
    })
  })

  it('dpop/use_dpop_nonce without a nonce → throws TypeError saying to pass one', () => {
    expect(() => dpopAnswer(fail('dpop', 'use_dpop_nonce', { reason: 'missing' }))).toThrow(/nonce/)
  })

  it('scopes/insufficient_scope → 403 with scope', () => {
    const failure = fail('scopes', 'insufficient_scope', { claim: 'scope', missing: ['b'], required: ['a', 'b'] })
    expect(dpopAnswer(failure, { algs: ALGS })).toEqual({
      status: 403,
      headers: { 'WWW-Authenticate': 'DPoP error="insufficient_scope", error_description="The fixed message.", scope="a b", algs="ES256 PS256"' },
    })
  })

  it('scopes/insufficient_role → 403 error insufficient_scope, without scope (roles are not scopes)', () => {
    const failure = fail('scopes', 'insufficient_role', { claim: 'roles', missing: ['admin'], required: ['admin'] })
    expect(dpopAnswer(failure, { algs: ALGS })).toEqual({
      status: 403,
      headers: { 'WWW-Authenticate': 'DPoP error="insufficient_scope", error_description="The fixed message.", algs="ES256 PS256"' },
    })
  })

  it.each([['claims', 'expired'], ['format', 'malformed'], ['signature', 'invalid_signature'], ['claims', 'binding_not_verified']])(
    '%s/%s → 401 error invalid_token', (step, code) => {
      expect(dpopAnswer(fail(step, code), { algs: ALGS }).headers['WWW-Authenticate']).toMatch(/^DPoP error="invalid_token", /)
    })

  it.each([['dpop', 'dpop_unavailable'], ['signature', 'jwks_unavailable']])('%s/%s → 503 with Retry-After, no challenge', (step, code) => {
    expect(dpopAnswer(fail(step, code, { retryAfter: 7 }), { algs: ALGS })).toEqual({ status: 503, headers: { 'Retry-After': '7' } })
  })

  it('a refused request → 400 error invalid_request', () => {
    const refused = readDpopRequest(request([['Authorization', 'Bearer t'], ['DPoP', 'p']]))
    if (refused?.ok !== false) throw new Error('not refused')
    expect(dpopAnswer(refused, { algs: ALGS })).toMatchObject({ status: 400, headers: { 'WWW-Authenticate': expect.stringMatching(/^DPoP error="invalid_request"/) } })
  })

  it('a realm and a message with quotes → quoted-string escapes', () => {
    const answer = dpopAnswer(fail('dpop', 'invalid_dpop_proof', { message: 'say "hi" \\' }), { algs: ALGS, realm: 'api' })
    expect(answer.headers['WWW-Authenticate']).toBe('DPoP realm="api", error="invalid_dpop_proof", error_description="say \\"hi\\" \\\\", algs="ES256 PS256"')
  })

  it.each([
    ['algs with HS256', { algs: ['HS256'] }],
    ['algs empty', { algs: [] }],
    ['a nonce with a space', { nonce: 'a b' }],
    ['a nonce with a newline', { nonce: 'a\nb' }],
    ['an unknown option', { alg: ['ES256'] }],
  ])('%s → throws TypeError', (_what, answerOptions) => {
    expect(() => dpopAnswer(undefined, answerOptions as never)).toThrow(TypeError)
  })

  const ALGS_MISTAKE = 'dpopAnswer algs must be a non-empty list of RS256, RS384, RS512, PS256, PS384, PS512, ES256, ES384, ES512, EdDSA, Ed25519'
  const NONCE_MISTAKE = 'dpopAnswer nonce must be a non-empty string of visible ASCII without " or \\ (RFC 9449 §8.1)'
  const REALM_MISTAKE = 'dpopAnswer realm must be a string of printable ASCII'
  it.each([
    ['options null', null, 'dpopAnswer options must be an object'],
    ['options with a throwing getter', { get algs(): never { throw new Error('boom') } }, 'dpopAnswer options could not be read'],
    ['algs with HS256 beside ES256', { algs: ['ES256', 'HS256'] }, ALGS_MISTAKE],
    ['algs holding a list that spells ES256, not the string', { algs: [['ES256']] }, ALGS_MISTAKE],
    ['a numeric nonce', { nonce: 12345 }, NONCE_MISTAKE],
    ['a realm with a newline', { realm: 'api\nx' }, REALM_MISTAKE],
    ['a realm ending in a newline', { realm: 'api\n' }, REALM_MISTAKE],
    ['a realm starting with a newline', { realm: '\napi' }, REALM_MISTAKE],
    ['a numeric realm', { realm: 5 }, REALM_MISTAKE],
  ])('%s → throws TypeError saying the fix', (_what, answerOptions, message) => {
    expect(() => dpopAnswer(undefined, answerOptions as never)).toThrow(new TypeError(`verify-access-token: ${message}`))
  })
})

describe('end to end: a Request in, a verdict, an answer out', () => {
  let issuer: TestKey
  let client: TestKey
  beforeAll(() => {
    issuer = generateKey('P-256', 'issuer')
    client = generateKey('P-256', 'client')
  })

  it('a DPoP request with a valid proof → ok; the same request again → 401 invalid_dpop_proof', async () => {
    const verify = createVerifier(options(issuer, { dpop: createDpopVerifier() }))
    const token = boundToken(issuer, client)
    const incoming = request([['Authorization', `DPoP ${token}`], ['DPoP', makeProof({ key: client, token })]])
    const read = readDpopRequest(incoming)
    if (read?.ok !== true) throw new Error('not read')
    expect((await verify(read.token, { dpop: read.dpop })).ok).toBe(true)
    const again = await verify(read.token, { dpop: read.dpop })
    if (again.ok) throw new Error('replay accepted')
    expect(dpopAnswer(again, { algs: ['ES256'] })).toMatchObject({ status: 401, headers: { 'WWW-Authenticate': expect.stringContaining('invalid_dpop_proof') } })
  })

  it('the DPoP-bound token sent as Bearer → 401 invalid_token', async () => {
    const verify = createVerifier(options(issuer))
    const result = await verify(boundToken(issuer, client))
    if (result.ok) throw new Error('bound token accepted as bearer')
    expect(dpopAnswer(result).status).toBe(401)
    expect(result).toMatchObject({ step: 'claims', code: 'binding_not_verified', confirmation: 'jkt' })
  })
})
