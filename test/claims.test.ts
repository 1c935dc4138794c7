/**
 * Step "claims": typ, iss, aud, exp, nbf, iat and the RFC 9068 profile (RFC 7519 §4.1, RFC 9068
 * §2 and §4). Every token is validly signed, so only the claims decide. Times are relative to NOW.
 */
import { beforeAll, describe, expect, it } from 'vitest'
import { verifyAccessToken, type VerifyOptions } from '../src/index.js'
import { AUDIENCE, failure, generateKey, ISSUER, makeToken, NOW, options, validClaims, type Part, type TestKey } from './helpers.js'

let key: TestKey
beforeAll(() => { key = generateKey('P-256') })

const verify = (claims: Part, overrides: Partial<VerifyOptions> = {}, header?: object) =>
  verifyAccessToken(makeToken({ key, claims, ...(header === undefined ? {} : { header }) }), options(key, overrides))
/** Raw payload text with the valid claims plus `extra` members written as JSON text. */
const rawClaims = (extra: string, omit: string[] = []) => {
  const base = validClaims(Object.fromEntries(omit.map((name) => [name, undefined])))
  return `{${JSON.stringify(base).slice(1, -1)},${extra}}`
}
const at = (seconds: number): Partial<VerifyOptions> => ({ currentDate: new Date(seconds * 1000) })

describe('typ', () => {
  it.each([
    ['absent', undefined], ['JWT', 'JWT'], ['jwt', 'jwt'], ['application/jwt', 'application/jwt'],
    ['at+jwt', 'at+jwt'], ['AT+JWT', 'AT+JWT'], ['application/at+jwt', 'application/at+jwt'],
  ])('typ %s with default options → ok', async (_, typ) => {
    expect(await verify(validClaims(), {}, { typ })).toMatchObject({ ok: true })
  })

  it.each([
    // An ID token, a DPoP proof, a logout token: signed by the same issuer, but not access tokens.
    ['JOSE', 'JOSE'], ['dpop+jwt', 'dpop+jwt'], ['logout+jwt', 'logout+jwt'], ['the empty string', ''],
    ['at+jwt with a space', 'at+jwt '], ['a number', 1], ['null', null], ['an array', ['at+jwt']],
  ])('typ %s → claims/type_mismatch (typ)', async (_, typ) => {
    expect(await verify(validClaims(), {}, { typ })).toEqual(failure.claims('type_mismatch', 'typ'))
  })

  it.each([['absent', undefined], ['JWT', 'JWT'], ['application/jwt', 'application/jwt']])(
    'typ %s with profile rfc9068 → claims/type_mismatch (typ)', async (_, typ) => {
      // RFC 9068 §4: the resource server MUST verify typ is at+jwt.
      expect(await verify(validClaims(), { profile: 'rfc9068' }, { typ })).toEqual(failure.claims('type_mismatch', 'typ'))
    })

  it.each([['at+jwt', 'at+jwt'], ['Application/AT+JWT', 'Application/AT+JWT']])(
    'typ %s with profile rfc9068 → ok', async (_, typ) => {
      expect(await verify(validClaims(), { profile: 'rfc9068' }, { typ })).toMatchObject({ ok: true })
    })
})

describe('iss', () => {
  it.each([
    ['missing', undefined], ['another issuer', 'https://evil.example'],
    ['with a trailing slash', `${ISSUER}/`], ['in upper case', ISSUER.toUpperCase()],
    ['an array holding the issuer', [ISSUER]], ['a number', 1], ['null', null], ['empty', ''],
  ])('iss %s → claims/issuer_mismatch (iss)', async (_, iss) => {
    // RFC 9068 §4: exact match, no normalisation.
    expect(await verify(validClaims({ iss }))).toEqual(failure.claims('issuer_mismatch', 'iss'))
  })

  it('iss equal to the second of two configured issuers → ok', async () => {
    const result = await verify(validClaims({ iss: 'https://as2.example' }), { issuer: [ISSUER, 'https://as2.example'] })
    expect(result).toMatchObject({ ok: true })
  })
})

describe('aud', () => {
  it.each([
    ['missing', undefined], ['another audience', 'https://other.example'], ['in upper case', AUDIENCE.toUpperCase()],
    ['an empty array', []], ['an array of other audiences', ['a', 'b']],
    ['an array with a non-string member', [1, AUDIENCE]], ['an array holding null', [null, AUDIENCE]],
    ['a nested array', [[AUDIENCE]]], ['a number', 1], ['an object', { [AUDIENCE]: true }], ['null', null],
  ])('aud %s → claims/audience_mismatch (aud)', async (_, aud) => {
    expect(await verify(validClaims({ aud }))).toEqual(failure.claims('audience_mismatch', 'aud'))
  })

  it.each([
    ['a string equal to the audience', AUDIENCE],
    ['an array containing the audience', ['https://other.example', AUDIENCE]],
  ])('aud %s → ok', async (_, aud) => {
    expect(await verify(validClaims({ aud }))).toMatchObject({ ok: true })
  })

  it('aud equal to the second of two configured audiences → ok', async () => {
    expect(await verify(validClaims({ aud: 'api2' }), { audience: [AUDIENCE, 'api2'] })).toMatchObject({ ok: true })
  })
})

describe('exp', () => {
  it('exp missing → claims/missing_claim (exp)', async () => {
    // RFC 9068 §2.2: required; a token without one would never expire.
    expect(await verify(validClaims({ exp: undefined }))).toEqual(failure.claims('missing_claim', 'exp'))
  })

  it('exp only on the prototype (__proto__ member) → claims/missing_claim (exp)', async () => {
    expect(await verify(rawClaims(`"__proto__":{"exp":${NOW + 600}}`, ['exp']))).toEqual(failure.claims('missing_claim', 'exp'))
  })

  it.each([
    ['a numeric string', String(NOW + 600)], ['null', null], ['a boolean', true], ['an array', [NOW + 600]],
  ])('exp %s → claims/invalid_claim (exp)', async (_, exp) => {
    expect(await verify(validClaims({ exp }))).toEqual(failure.claims('invalid_claim', 'exp'))
  })

  it('exp 1e309 (parses to Infinity) → claims/invalid_claim (exp)', async () => {
    expect(await verify(rawClaims('"exp":1e309', ['exp']))).toEqual(failure.claims('invalid_claim', 'exp'))
  })

  it('exp equal to now → claims/expired (exp)', async () => {
    // RFC 7519 §4.1.4: not accepted "on or after" exp.
    expect(await verify(validClaims({ exp: NOW }))).toEqual(failure.claims('expired', 'exp'))
  })

  it('exp one second before now → claims/expired (exp)', async () => {
    expect(await verify(validClaims({ exp: NOW - 1 }))).toEqual(failure.claims('expired', 'exp'))
  })

  it('exp one second after now → ok', async () => {
    expect(await verify(validClaims({ exp: NOW + 1 }))).toMatchObject({ ok: true })
  })

  it('exp half a second after now → ok', async () => {
    // NumericDate may be fractional (RFC 7519 §2).
    expect(await verify(validClaims({ exp: NOW + 0.5 }))).toMatchObject({ ok: true })
  })

  it('exp equal to a fractional now → claims/expired (exp)', async () => {
    expect(await verify(validClaims({ exp: NOW + 0.25 }), at(NOW + 0.25))).toEqual(failure.claims('expired', 'exp'))
  })

  it('exp 60 s ago with clockTolerance 60 → claims/expired (exp)', async () => {
    // now >= exp + tolerance: the tolerance boundary is expired, like exp itself.
    expect(await verify(validClaims({ exp: NOW - 60 }), { clockTolerance: 60 })).toEqual(failure.claims('expired', 'exp'))
  })

  it('exp 59 s ago with clockTolerance 60 → ok', async () => {
    expect(await verify(validClaims({ exp: NOW - 59 }), { clockTolerance: 60 })).toMatchObject({ ok: true })
  })

  it('exp 0 → claims/expired (exp)', async () => {
    expect(await verify(validClaims({ exp: 0 }))).toEqual(failure.claims('expired', 'exp'))
  })
})

describe('nbf', () => {
  it('nbf absent → ok', async () => {
    expect(await verify(validClaims({ nbf: undefined }))).toMatchObject({ ok: true })
  })

  it('nbf equal to now → ok', async () => {
    // RFC 7519 §4.1.5: accepted "on or after" nbf.
    expect(await verify(validClaims({ nbf: NOW }))).toMatchObject({ ok: true })
  })

  it('nbf one second after now → claims/not_yet_valid (nbf)', async () => {
    expect(await verify(validClaims({ nbf: NOW + 1 }))).toEqual(failure.claims('not_yet_valid', 'nbf'))
  })

  it('nbf 60 s ahead with clockTolerance 60 → ok', async () => {
    expect(await verify(validClaims({ nbf: NOW + 60 }), { clockTolerance: 60 })).toMatchObject({ ok: true })
  })

  it('nbf 61 s ahead with clockTolerance 60 → claims/not_yet_valid (nbf)', async () => {
    expect(await verify(validClaims({ nbf: NOW + 61 }), { clockTolerance: 60 })).toEqual(failure.claims('not_yet_valid', 'nbf'))
  })

  it.each([['a numeric string', String(NOW)], ['null', null], ['an object', {}]])(
    'nbf %s → claims/invalid_claim (nbf)', async (_, nbf) => {
      expect(await verify(validClaims({ nbf }))).toEqual(failure.claims('invalid_claim', 'nbf'))
    })

  it('nbf -1e309 (parses to -Infinity) → claims/invalid_claim (nbf)', async () => {
    expect(await verify(rawClaims('"nbf":-1e309'))).toEqual(failure.claims('invalid_claim', 'nbf'))
  })
})

describe('iat', () => {
  it('iat absent without maxTokenAge → ok', async () => {
    expect(await verify(validClaims({ iat: undefined }))).toMatchObject({ ok: true })
  })

  it('iat in the future without maxTokenAge → ok', async () => {
    // Without an age limit iat is informational (RFC 7519 §4.1.6 sets no rule on it).
    expect(await verify(validClaims({ iat: NOW + 3600 }))).toMatchObject({ ok: true })
  })

  it.each([['a numeric string', String(NOW)], ['null', null]])(
    'iat %s without maxTokenAge → claims/invalid_claim (iat)', async (_, iat) => {
      expect(await verify(validClaims({ iat }))).toEqual(failure.claims('invalid_claim', 'iat'))
    })

  it('iat absent with maxTokenAge → claims/missing_claim (iat)', async () => {
    expect(await verify(validClaims({ iat: undefined }), { maxTokenAge: 300 })).toEqual(failure.claims('missing_claim', 'iat'))
  })

  it('iat exactly maxTokenAge ago → claims/expired (iat)', async () => {
    // iat + maxTokenAge acts as a second exp, with the same "on or after" boundary.
    expect(await verify(validClaims({ iat: NOW - 300 }), { maxTokenAge: 300 })).toEqual(failure.claims('expired', 'iat'))
  })

  it('iat one second inside maxTokenAge → ok', async () => {
    expect(await verify(validClaims({ iat: NOW - 299 }), { maxTokenAge: 300 })).toMatchObject({ ok: true })
  })

  it('iat maxTokenAge + tolerance ago → claims/expired (iat)', async () => {
    expect(await verify(validClaims({ iat: NOW - 305 }), { maxTokenAge: 300, clockTolerance: 5 })).toEqual(failure.claims('expired', 'iat'))
  })

  it('iat maxTokenAge + tolerance - 1 ago → ok', async () => {
    expect(await verify(validClaims({ iat: NOW - 304 }), { maxTokenAge: 300, clockTolerance: 5 })).toMatchObject({ ok: true })
  })

  it('iat one second in the future with maxTokenAge → claims/not_yet_valid (iat)', async () => {
    // A token issued in the future would outlive any age limit.
    expect(await verify(validClaims({ iat: NOW + 1 }), { maxTokenAge: 300 })).toEqual(failure.claims('not_yet_valid', 'iat'))
  })

  it('iat equal to now + tolerance with maxTokenAge → ok', async () => {
    expect(await verify(validClaims({ iat: NOW + 5 }), { maxTokenAge: 300, clockTolerance: 5 })).toMatchObject({ ok: true })
  })

  it('iat tolerance + 1 s in the future with maxTokenAge → claims/not_yet_valid (iat)', async () => {
    expect(await verify(validClaims({ iat: NOW + 6 }), { maxTokenAge: 300, clockTolerance: 5 })).toEqual(failure.claims('not_yet_valid', 'iat'))
  })

  it('iat 1e309 with maxTokenAge → claims/invalid_claim (iat)', async () => {
    expect(await verify(rawClaims('"iat":1e309', ['iat']), { maxTokenAge: 300 })).toEqual(failure.claims('invalid_claim', 'iat'))
  })
})

describe('profile rfc9068', () => {
  // Each name twice, so a title can show it as the input and as the failure's claim.
  const pairs = <N extends string>(...names: N[]) => names.map((name) => [name, name] as const)
  const profile = (claims: Record<string, unknown>) => verify(claims, { profile: 'rfc9068' }, { typ: 'at+jwt' })

  it('at+jwt token with sub, client_id, iat and jti → ok', async () => {
    expect(await profile(validClaims())).toMatchObject({ ok: true, header: { typ: 'at+jwt' } })
  })

  it.each(pairs('iat', 'sub', 'client_id', 'jti'))('%s missing → claims/missing_claim (%s)', async (name) => {
    expect(await profile(validClaims({ [name]: undefined }))).toEqual(failure.claims('missing_claim', name))
  })

  it.each(pairs('sub', 'client_id', 'jti'))('%s a number → claims/invalid_claim (%s)', async (name) => {
    expect(await profile(validClaims({ [name]: 1 }))).toEqual(failure.claims('invalid_claim', name))
  })

  it.each(pairs('sub', 'client_id', 'jti'))('%s null → claims/invalid_claim (%s)', async (name) => {
    expect(await profile(validClaims({ [name]: null }))).toEqual(failure.claims('invalid_claim', name))
  })

  it('sub, client_id and jti missing without the profile → ok', async () => {
    expect(await verify(validClaims({ sub: undefined, client_id: undefined, jti: undefined }))).toMatchObject({ ok: true })
  })
})

describe('claim types, checked when present (RFC 7519 §4.1, RFC 9068 §2.2)', () => {
  // The result type promises these types; a signed token with another type is refused rather than
  // handed over (before, sub: 12345 or client_id: ['x'] verified and reached the caller as is).
  const wrong: [string, unknown][] = [
    ['sub', 12345], ['sub', ['x']], ['jti', 12345], ['client_id', ['x']], ['client_id', null],
    ['azp', 1], ['acr', true], ['auth_time', '1700000000'], ['auth_time', null],
    ['amr', 'pwd'], ['amr', ['pwd', 1]], ['groups', [null]], ['roles', 'admin'], ['entitlements', {}],
    // Array.prototype.every skips holes; the check reads every index.
    // eslint-disable-next-line no-sparse-arrays
    ['roles', [, 'admin']],
  ]
  it.each(wrong)('%s as %j → claims/invalid_claim naming it', async (name, value) => {
    expect(await verify(validClaims({ [name]: value }))).toEqual(failure.claims('invalid_claim', name as never))
  })

  it('each typed claim with its right type → ok', async () => {
    const claims = validClaims({ azp: 'client-1', acr: 'urn:mace:incommon:iap:silver', auth_time: NOW - 100, amr: ['pwd', 'otp'], groups: ['a'], roles: [], entitlements: ['e'] })
    expect(await verify(claims)).toMatchObject({ ok: true, claims })
  })

  it('sub a number and aud wrong → claims/audience_mismatch (the standard claims are judged first)', async () => {
    expect(await verify(validClaims({ sub: 1, aud: 'https://elsewhere.example' }))).toEqual(failure.claims('audience_mismatch', 'aud'))
  })
})

describe('success', () => {
  it('valid claims → ok with the claims and header as signed', async () => {
    const claims = validClaims({ tenant: { id: 7 } })
    const result = await verify(claims, {}, { typ: 'at+jwt' })
    expect(result).toEqual({ ok: true, claims, header: { alg: 'ES256', kid: 'P-256', typ: 'at+jwt' }, scopes: ['read', 'write'] })
  })
})
