/**
 * Precedence: tokens with several defects. The steps run format → signature → claims → scopes and
 * the first failure wins; claims are never judged before the signature verified (RFC 7519 §7.2,
 * RFC 8725 §3.1); and a failure carries nothing from the token, only tags and a fixed message.
 */
import { beforeAll, describe, expect, it } from 'vitest'
import { verifyAccessToken, type ClaimName, type ClaimsCode, type VerifyOptions, type VerifyResult } from '../src/index.js'
import { b64url, failure, generateKey, makeToken, NOW, options, segmentsOf, validClaims, type TestKey } from './helpers.js'

let key: TestKey
let stranger: TestKey
beforeAll(() => {
  key = generateKey('P-256')
  stranger = generateKey('P-256', 'P-256')
})

const verify = (token: unknown, overrides: Partial<VerifyOptions> = {}) => verifyAccessToken(token, options(key, overrides))
const strict: Partial<VerifyOptions> = { scopes: ['admin'], maxTokenAge: 600, profile: 'rfc9068' }

/** Claims wrong in every way the claims and scopes steps can see. */
const allWrong = () => validClaims({
  iss: 'https://evil.example', aud: 'other', exp: NOW - 10, nbf: NOW + 10, iat: NOW + 10,
  sub: 1, client_id: undefined, jti: null, scope: ['admin'],
})

describe('format first', () => {
  it('bad base64url signature on a token with every claim wrong → format/malformed (base64url)', async () => {
    const token = `${makeToken({ key, claims: allWrong(), header: { alg: 'none' } })}=`
    expect(await verify(token, strict)).toEqual(failure.format('base64url'))
  })

  it('duplicate payload member, unknown kid and disallowed alg → format/malformed (duplicate_member)', async () => {
    const token = makeToken({ key, header: { alg: 'ES384', kid: 'nobody' }, claims: '{"exp":1,"exp":2}' })
    expect(await verify(token, { algorithms: ['RS256'] })).toEqual(failure.format('duplicate_member'))
  })

  it('too long and not a JWS → format/malformed (too_large)', async () => {
    expect(await verify('.'.repeat(50), { maxTokenLength: 10 })).toEqual(failure.format('too_large'))
  })

  it('four segments with a bad base64url segment → format/malformed (segments)', async () => {
    expect(await verify('a.b.c.d=')).toEqual(failure.format('segments'))
  })
})

describe('signature before claims', () => {
  it('alg none on an expired token → signature/alg_not_allowed', async () => {
    const token = makeToken({ key, header: { alg: 'none' }, claims: validClaims({ exp: NOW - 10 }) })
    expect(await verify(token)).toEqual(failure.signature('alg_not_allowed'))
  })

  it('disallowed alg and an unknown kid → signature/alg_not_allowed', async () => {
    // The allow-list is checked before any key is looked up.
    const token = makeToken({ key, header: { alg: 'ES384', kid: 'nobody' } })
    expect(await verify(token, { algorithms: ['ES256'] })).toEqual(failure.signature('alg_not_allowed'))
  })

  it('unknown kid on a token with every claim wrong → signature/key_not_found', async () => {
    const token = makeToken({ key, header: { kid: 'nobody', typ: 'JOSE' }, claims: allWrong() })
    expect(await verify(token, strict)).toEqual(failure.signature('key_not_found'))
  })

  it('forged signature on a token with every claim wrong → signature/invalid_signature', async () => {
    const token = makeToken({ key: stranger, header: { typ: 'JOSE' }, claims: allWrong() })
    expect(await verify(token, strict)).toEqual(failure.signature('invalid_signature'))
  })

  it('forged signature on a token whose claims are valid → signature/invalid_signature', async () => {
    expect(await verify(makeToken({ key: stranger }))).toEqual(failure.signature('invalid_signature'))
  })

  it('forged signature on claims that would pass everything → signature/invalid_signature', async () => {
    // Swapping the payload of a good token keeps every claim valid; only the signature catches it.
    const [h, , s] = segmentsOf(makeToken({ key }))
    const swapped = `${h}.${b64url(JSON.stringify(validClaims({ scope: 'admin' })))}.${s}`
    expect(await verify(swapped, { scopes: 'admin' })).toEqual(failure.signature('invalid_signature'))
  })
})

describe('claims before scopes', () => {
  it('expired token without the required scope → claims/expired (exp)', async () => {
    const token = makeToken({ key, claims: validClaims({ exp: NOW, scope: 'read' }) })
    expect(await verify(token, { scopes: 'admin' })).toEqual(failure.claims('expired', 'exp'))
  })

  it('wrong audience and a wrongly typed scope claim → claims/audience_mismatch (aud)', async () => {
    const token = makeToken({ key, claims: validClaims({ aud: 'other', scope: ['read'] }) })
    expect(await verify(token)).toEqual(failure.claims('audience_mismatch', 'aud'))
  })
})

describe('order inside the claims step', () => {
  // Each row fixes one more defect than the next, so every check is shown to come before the rest.
  const rows: [string, ClaimsCode, ClaimName, () => Promise<VerifyResult>][] = [
    ['typ JOSE and every claim wrong', 'type_mismatch', 'typ', () => verify(makeToken({ key, header: { typ: 'JOSE' }, claims: allWrong() }), strict)],
    ['iss, aud, exp, nbf, iat and the profile claims wrong', 'issuer_mismatch', 'iss', () => verify(makeToken({ key, header: { typ: 'at+jwt' }, claims: allWrong() }), strict)],
    ['aud, exp, nbf, iat and the profile claims wrong', 'audience_mismatch', 'aud', () => allWrongExcept({ iss: undefined })],
    ['exp missing, nbf, iat and the profile claims wrong', 'missing_claim', 'exp', () => allWrongExcept({ iss: undefined, aud: undefined, exp: null })],
    ['exp a string, nbf, iat and the profile claims wrong', 'invalid_claim', 'exp', () => allWrongExcept({ iss: undefined, aud: undefined, exp: 'soon' })],
    ['exp passed, nbf, iat and the profile claims wrong', 'expired', 'exp', () => allWrongExcept({ iss: undefined, aud: undefined })],
    ['nbf ahead, iat and the profile claims wrong', 'not_yet_valid', 'nbf', () => allWrongExcept({ iss: undefined, aud: undefined, exp: undefined })],
    ['iat ahead and the profile claims wrong', 'not_yet_valid', 'iat', () => allWrongExcept({ iss: undefined, aud: undefined, exp: undefined, nbf: undefined })],
    ['iat missing and the profile claims wrong', 'missing_claim', 'iat', () => allWrongExcept({ iss: undefined, aud: undefined, exp: undefined, nbf: undefined, iat: null })],
    ['sub, client_id and jti wrong', 'invalid_claim', 'sub', () => allWrongExcept({ iss: undefined, aud: undefined, exp: undefined, nbf: undefined, iat: undefined })],
    // Claim types come before the profile's presence checks (issue 9): a null jti first.
    // One loop checks presence (under the profile) and type, in the order sub, client_id, jti.
    ['client_id missing and jti null', 'missing_claim', 'client_id', () => allWrongExcept({ iss: undefined, aud: undefined, exp: undefined, nbf: undefined, iat: undefined, sub: undefined })],
    ['client_id missing', 'missing_claim', 'client_id', () => allWrongExcept({ iss: undefined, aud: undefined, exp: undefined, nbf: undefined, iat: undefined, sub: undefined, jti: undefined })],
    ['jti wrong and the scope claim wrong', 'invalid_claim', 'jti', () => allWrongExcept({ iss: undefined, aud: undefined, exp: undefined, nbf: undefined, iat: undefined, sub: undefined, client_id: undefined })],
  ]
  it.each(rows)('at+jwt token with %s → claims/%s (%s)', async (_, code, claim, run) => {
    expect(await run()).toEqual(failure.claims(code, claim))
  })

  it('every claim fixed but the scope claim an array → scopes/invalid_claim', async () => {
    const fixed = { iss: undefined, aud: undefined, exp: undefined, nbf: undefined, iat: undefined, sub: undefined, client_id: undefined, jti: undefined }
    expect(await allWrongExcept(fixed)).toEqual(failure.scopes('invalid_claim', 'scope', ['admin']))
  })
})

/** `allWrong()` with the named members changed: undefined restores the valid value, null removes it. */
function allWrongExcept(fix: Record<string, unknown>): Promise<VerifyResult> {
  const good = validClaims()
  const claims: Record<string, unknown> = { ...allWrong() }
  for (const [name, value] of Object.entries(fix)) {
    if (value === undefined) claims[name] = good[name]
    else if (value === null) delete claims[name]
    else claims[name] = value
  }
  return verify(makeToken({ key, header: { typ: 'at+jwt' }, claims }), strict)
}

describe('failures carry no token content', () => {
  const secret = 'sub-9f2c7e-secret-subject'
  const cases: [string, () => string, Partial<VerifyOptions>][] = [
    ['format', () => makeToken({ key, claims: `{"sub":"${secret}","sub":"x"}` }), {}],
    ['signature', () => makeToken({ key: stranger, claims: validClaims({ sub: secret }), header: { kid: secret } }), {}],
    ['claims', () => makeToken({ key, claims: validClaims({ sub: secret, exp: NOW - 1 }) }), {}],
    ['scopes', () => makeToken({ key, claims: validClaims({ sub: secret, scope: `${secret} read` }) }), { scopes: ['admin'] }],
  ]
  it.each(cases)('token failing at %s → only step, code, tags and a fixed message', async (step, make, overrides) => {
    const token = make()
    const result = await verify(token, overrides)
    expect(result).toMatchObject({ ok: false, step })
    const text = JSON.stringify(result)
    const [header, payload, signature] = segmentsOf(token)
    for (const fragment of [secret, header, payload, signature]) expect(text).not.toContain(fragment)
    // Tags only: the signature failure here is key_not_found, which says why in `reason`; the
    // scopes failure lists the required scopes, which come from the options, not the token.
    const allowed = { format: ['reason'], signature: ['reason'], claims: ['claim'], scopes: ['claim', 'missing', 'required'] }[step] ?? []
    expect(Object.keys(result).sort()).toEqual(['code', 'message', 'ok', 'step', ...allowed].sort())
  })

  it('two tokens failing with one code → the same message', async () => {
    const a = await verify(makeToken({ key, claims: validClaims({ exp: NOW - 1, sub: 'a' }) }))
    const b = await verify(makeToken({ key, claims: validClaims({ exp: NOW - 99999, sub: 'b' }) }))
    expect(a).toEqual(b)
  })
})
