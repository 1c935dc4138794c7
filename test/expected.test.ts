/**
 * The claims step's options for real identity providers: `clientId` in place of (or beside)
 * `audience`, a `typ` list, `subject`, `requiredClaims`, `claimValues` and `idTokenClaims`. Each is
 * judged only after the signature verified, at the place in the claims order the README gives.
 */
import { beforeAll, describe, expect, it } from 'vitest'
import { createVerifier, verifyAccessToken, type VerifyOptions } from '../src/index.js'
import { AUDIENCE, failure, generateKey, makeToken, options, validClaims, type TestKey } from './helpers.js'

let key: TestKey
let stranger: TestKey
beforeAll(() => {
  key = generateKey('P-256')
  stranger = generateKey('P-256', 'P-256')
})

/** Options without `audience`, with the fields given: JavaScript callers can write this. */
const noAudience = (fields: Record<string, unknown>) => ({ ...options(key), audience: undefined, ...fields }) as unknown as VerifyOptions
const verify = (claims: Record<string, unknown>, overrides: Record<string, unknown>, header: object = {}) =>
  verifyAccessToken(makeToken({ key, header, claims: validClaims(claims) }), { ...options(key), ...overrides } as VerifyOptions)

describe('clientId: the audience for issuers without aud', () => {
  it('no aud, client_id one of clientId → ok', async () => {
    const result = await verifyAccessToken(makeToken({ key, claims: validClaims({ aud: undefined, client_id: 'c2' }) }), noAudience({ clientId: ['c1', 'c2'] }))
    expect(result).toMatchObject({ ok: true })
  })

  it.each([
    ['another client', 'c3'], ['absent', undefined], ['a number', 2], ['an array holding the client', ['c1']], ['C1 (case)', 'C1'],
  ])('client_id %s → claims/audience_mismatch (client_id)', async (_, clientId) => {
    const result = await verifyAccessToken(makeToken({ key, claims: validClaims({ aud: undefined, client_id: clientId }) }), noAudience({ clientId: ['c1', 'c2'] }))
    expect(result).toEqual(failure.claims('audience_mismatch', 'client_id'))
  })

  it('audience and clientId both given, aud right and client_id wrong → claims/audience_mismatch (client_id)', async () => {
    expect(await verify({ client_id: 'other' }, { clientId: 'client-1-not' })).toEqual(failure.claims('audience_mismatch', 'client_id'))
    expect(await verify({}, { clientId: 'client-1' })).toMatchObject({ ok: true })
  })

  it('audience and clientId both given, aud wrong → claims/audience_mismatch (aud) first', async () => {
    expect(await verify({ aud: 'other', client_id: 'other' }, { clientId: 'client-1' })).toEqual(failure.claims('audience_mismatch', 'aud'))
  })

  it('neither audience nor clientId (JavaScript) → TypeError that names both', () => {
    expect(() => createVerifier(noAudience({}))).toThrow(/audience is required \(or clientId, where tokens have no aud\)/)
  })

  it.each([['empty', ''], ['an empty list', []], ['a number', 7]])('clientId %s → TypeError', (_, clientId) => {
    expect(() => createVerifier(noAudience({ clientId }))).toThrow(TypeError)
  })
})

describe('typ: accepted header types, like jose\'s option', () => {
  it.each([['at+jwt', 'at+jwt'], ['AT+JWT', 'at+jwt'], ['application/at+jwt', 'at+jwt'], ['JWT', ['jwt', 'at+jwt']], ['application/JWT', 'application/jwt']])(
    'typ %s with typ option %j → ok', async (typ, accepted) => {
      expect(await verify({}, { typ: accepted }, { typ })).toMatchObject({ ok: true })
    })

  it.each([['absent', undefined], ['JWT', 'JWT'], ['at+jwt+x', 'at+jwt+x'], ['a number', 1]])('typ %s with typ option at+jwt → claims/type_mismatch', async (_, typ) => {
    expect(await verify({}, { typ: 'at+jwt' }, { typ })).toEqual(failure.claims('type_mismatch', 'typ'))
  })

  it('typ option with profile rfc9068 → TypeError (the profile fixes typ already)', () => {
    expect(() => createVerifier({ ...options(key), typ: 'at+jwt', profile: 'rfc9068' })).toThrow(/give typ or profile, not both/)
  })
})

describe('subject, requiredClaims and claimValues', () => {
  it('sub equal to subject → ok; another sub → claims/claim_mismatch (sub); none → claims/missing_claim (sub)', async () => {
    expect(await verify({}, { subject: 'user-1' })).toMatchObject({ ok: true })
    expect(await verify({ sub: 'user-2' }, { subject: 'user-1' })).toEqual(failure.claims('claim_mismatch', 'sub'))
    expect(await verify({ sub: undefined }, { subject: 'user-1' })).toEqual(failure.claims('missing_claim', 'sub'))
  })

  it('requiredClaims present with any value, null included → ok', async () => {
    expect(await verify({ tid: 't', org: null, n: 0, f: false }, { requiredClaims: ['tid', 'org', 'n', 'f'] })).toMatchObject({ ok: true })
  })

  it('requiredClaims one name as a string, claim absent → claims/missing_claim (tid)', async () => {
    expect(await verify({}, { requiredClaims: 'tid' })).toEqual(failure.claims('missing_claim', 'tid'))
  })

  it.each(['tid', 'constructor', '__proto__', 'toString'])('requiredClaims [%s], claim absent → claims/missing_claim (that name)', async (name) => {
    expect(await verify({}, { requiredClaims: [name] })).toEqual(failure.claims('missing_claim', name))
  })

  it('claimValues: string equal to one value → ok', async () => {
    expect(await verify({ token_use: 'access', tid: 't2' }, { claimValues: { token_use: 'access', tid: ['t1', 't2'] } })).toMatchObject({ ok: true })
  })

  it.each([
    ['another value', 't3'], ['a different case', 'T1'], ['a number', 1], ['an array holding the value', ['t1']], ['null', null],
  ])('claimValues tid, claim %s → claims/claim_mismatch (tid)', async (_, tid) => {
    expect(await verify({ tid }, { claimValues: { tid: ['t1', 't2'] } })).toEqual(failure.claims('claim_mismatch', 'tid'))
  })

  it('claimValues org: true → any value ok, absent → claims/missing_claim (org)', async () => {
    expect(await verify({ org: 42 }, { claimValues: { org: true } })).toMatchObject({ ok: true })
    expect(await verify({}, { claimValues: { org: true } })).toEqual(failure.claims('missing_claim', 'org'))
  })

  it('claimValues tid, claim absent → claims/missing_claim (tid)', async () => {
    expect(await verify({}, { claimValues: { tid: 't1' } })).toEqual(failure.claims('missing_claim', 'tid'))
  })

  it('requiredClaims, subject, then claimValues: the first failing, in that order → its code', async () => {
    const all = { requiredClaims: ['tid'], subject: 'user-9', claimValues: { org: 'o' } }
    expect(await verify({}, all)).toEqual(failure.claims('missing_claim', 'tid'))
    expect(await verify({ tid: 't' }, all)).toEqual(failure.claims('claim_mismatch', 'sub'))
    expect(await verify({ tid: 't', sub: 'user-9' }, all)).toEqual(failure.claims('missing_claim', 'org'))
  })

  it('every built-in check comes first: expired token with a wrong tid → claims/expired (exp)', async () => {
    expect(await verify({ exp: 1, tid: 'x' }, { claimValues: { tid: 't' } })).toEqual(failure.claims('expired', 'exp'))
  })

  it('a wrong tid under a signature that does not verify → signature/invalid_signature', async () => {
    const forged = makeToken({ key: stranger, claims: validClaims({ tid: 'x' }) })
    expect(await verifyAccessToken(forged, { ...options(key), claimValues: { tid: 't' } })).toEqual(failure.signature('invalid_signature'))
  })

  it.each([
    ['requiredClaims a number', { requiredClaims: 1 }], ['requiredClaims holding an empty name', { requiredClaims: [''] }],
    ['subject empty', { subject: '' }], ['claimValues an array', { claimValues: ['tid'] }], ['claimValues null', { claimValues: null }],
    ['claimValues with an empty list', { claimValues: { tid: [] } }], ['claimValues with a number', { claimValues: { tid: 1 } }],
  ])('%s → TypeError', (_, fields) => {
    expect(() => createVerifier({ ...options(key), ...fields } as VerifyOptions)).toThrow(TypeError)
  })

  it('claimValues whose getter throws → TypeError with the cause', () => {
    const claimValues = Object.defineProperty({}, 'tid', { get: () => { throw new Error('boom') }, enumerable: true })
    expect(() => createVerifier({ ...options(key), claimValues })).toThrow(/claimValues could not be read/)
  })
})

describe('idTokenClaims: an ID token presented as an access token', () => {
  it('nonce present, with nonce: true → claims/id_token (nonce)', async () => {
    expect(await verify({ nonce: 'n-0S6' }, { idTokenClaims: { nonce: true } })).toEqual(failure.claims('id_token', 'nonce'))
  })

  it('token_use id, with token_use: "id" → claims/id_token (token_use); token_use access → ok', async () => {
    expect(await verify({ token_use: 'id' }, { idTokenClaims: { token_use: 'id' } })).toEqual(failure.claims('id_token', 'token_use'))
    expect(await verify({ token_use: 'access' }, { idTokenClaims: { token_use: 'id' } })).toMatchObject({ ok: true })
  })

  it('idTokenClaims with a list of values → any of them marks an ID token', async () => {
    expect(await verify({ typ: 'ID' }, { idTokenClaims: { typ: ['ID', 'Serialized-ID'] } })).toEqual(failure.claims('id_token', 'typ'))
    expect(await verify({ typ: 'Bearer' }, { idTokenClaims: { typ: ['ID', 'Serialized-ID'] } })).toMatchObject({ ok: true })
  })

  it('nonce null counts as present; nonce absent → ok', async () => {
    expect(await verify({ nonce: null }, { idTokenClaims: { nonce: true } })).toEqual(failure.claims('id_token', 'nonce'))
    expect(await verify({}, { idTokenClaims: { nonce: true } })).toMatchObject({ ok: true })
  })

  it('ID token with the client as aud and another issuer → claims/id_token, named before iss and aud', async () => {
    const claims = { iss: 'https://other.example', aud: 'client-1', nonce: 'n' }
    expect(await verify(claims, { idTokenClaims: { nonce: true } })).toEqual(failure.claims('id_token', 'nonce'))
  })

  it('ID token with typ JOSE → claims/type_mismatch (typ) first', async () => {
    expect(await verify({ nonce: 'n' }, { idTokenClaims: { nonce: true } }, { typ: 'JOSE' })).toEqual(failure.claims('type_mismatch', 'typ'))
  })

  it('without idTokenClaims, a nonce claim → ok (the default judges typ, iss and aud only)', async () => {
    expect(await verify({ nonce: 'n', aud: AUDIENCE }, {})).toMatchObject({ ok: true })
  })

  it.each([['false', false], ['an empty string', ''], ['a number', 1]])('idTokenClaims value %s → TypeError', (_, value) => {
    expect(() => createVerifier({ ...options(key), idTokenClaims: { nonce: value } } as unknown as VerifyOptions)).toThrow(TypeError)
  })
})
