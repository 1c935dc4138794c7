/**
 * Type tests (vitest typecheck, never executed): the result union narrows on `ok` and on `step`,
 * impossible step/code pairs do not compile, required options are required, and the claims type
 * parameter flows through both entry points.
 */
import { describe, expectTypeOf, it } from 'vitest'
import {
  createVerifier, verifyAccessToken,
  type AccessTokenClaims, type Algorithm, type ClaimName, type ClaimsCode, type ClaimsFailure, type ConfiguredClaim,
  type CustomClaimsFailure, type CustomCode, type FailureCode, type FormatFailure, type FormatReason, type JoseHeader,
  type JsonWebKeySet, type RolesFailure, type ScopeClaim, type ScopesFailure, type SignatureCode, type SignatureFailure,
  type Step, type Verifier, type VerifyFailure, type VerifyOptions, type VerifyResult, type VerifySuccess,
} from '../src/index.js'
import type { ALGORITHMS, CODES_BY_STEP, SCOPES_CODES } from './codes.mjs'

declare const jwks: JsonWebKeySet
const base = { jwks, issuer: 'https://as.example', audience: 'https://api.example' } as const

describe('entry points', () => {
  it('verifyAccessToken with any token → Promise<VerifyResult>', () => {
    expectTypeOf(verifyAccessToken).parameter(0).toEqualTypeOf<unknown>()
    expectTypeOf(verifyAccessToken('t', base)).toEqualTypeOf<Promise<VerifyResult<AccessTokenClaims>>>()
  })

  it('createVerifier → a Verifier returning Promise<VerifyResult>', () => {
    const verify = createVerifier(base)
    expectTypeOf(verify).toEqualTypeOf<Verifier>()
    expectTypeOf(verify(42)).toEqualTypeOf<Promise<VerifyResult>>()
  })

  it('a verifier called with scopes → the same result type; other options do not compile', () => {
    const verify = createVerifier(base)
    expectTypeOf(verify('t', { scopes: ['read'], scopeMatch: 'any' })).toEqualTypeOf<Promise<VerifyResult>>()
    // @ts-expect-error only the scopes can change per call
    void verify('t', { audience: 'other' })
    // @ts-expect-error scopeMatch is 'all' or 'any'
    void verify('t', { scopeMatch: 'some' })
  })
})

describe('narrowing on ok', () => {
  it('result with ok true → VerifySuccess with claims, header and scopes', async () => {
    const result = await verifyAccessToken('t', base)
    if (result.ok) {
      expectTypeOf(result).toEqualTypeOf<VerifySuccess>()
      expectTypeOf(result.claims.exp).toEqualTypeOf<number | undefined>()
      expectTypeOf(result.claims.aud).toEqualTypeOf<string | readonly string[] | undefined>()
      expectTypeOf(result.claims['custom']).toEqualTypeOf<unknown>()
      expectTypeOf(result.header.alg).toEqualTypeOf<string>()
      expectTypeOf(result.header.kid).toEqualTypeOf<string | undefined>()
      expectTypeOf(result.header).toEqualTypeOf<JoseHeader>()
      expectTypeOf(result.scopes).toEqualTypeOf<readonly string[]>()
      // @ts-expect-error a success has no step
      void result.step
    } else {
      expectTypeOf(result).toEqualTypeOf<VerifyFailure>()
      expectTypeOf(result.step).toEqualTypeOf<Step>()
      expectTypeOf(result.code).toEqualTypeOf<FailureCode>()
      expectTypeOf(result.message).toEqualTypeOf<string>()
      // @ts-expect-error a failure has no claims: nothing from the token is exposed
      void result.claims
      // @ts-expect-error nor a header
      void result.header
    }
  })
})

describe('narrowing on step', () => {
  it('failure with each step → that step\'s code set and fields', async () => {
    const result = await verifyAccessToken('t', base)
    if (result.ok) return
    switch (result.step) {
      case 'format':
        expectTypeOf(result).toEqualTypeOf<FormatFailure>()
        expectTypeOf(result.code).toEqualTypeOf<'malformed'>()
        expectTypeOf(result.reason).toEqualTypeOf<FormatReason>()
        break
      case 'signature':
        expectTypeOf(result).toEqualTypeOf<SignatureFailure>()
        expectTypeOf(result.code).toEqualTypeOf<SignatureCode>()
        // @ts-expect-error only claims and scopes failures name a claim
        void result.claim
        break
      case 'claims':
        expectTypeOf(result).toEqualTypeOf<ClaimsFailure>()
        expectTypeOf(result.code).toEqualTypeOf<ClaimsCode | CustomCode>()
        // A claim the options name (requiredClaims, claimValues, a claim check) may be any name.
        expectTypeOf(result.claim).toEqualTypeOf<ClaimName | ConfiguredClaim>()
        break
      case 'scopes':
        expectTypeOf(result).toEqualTypeOf<ScopesFailure | RolesFailure>()
        expectTypeOf(result.code).toEqualTypeOf<(typeof SCOPES_CODES)[number]>()
        expectTypeOf(result.missing).toEqualTypeOf<readonly string[]>()
        if (result.code === 'insufficient_scope') expectTypeOf(result.claim).toEqualTypeOf<ScopeClaim>()
        break
      default:
        // Exhaustive: a new step would make this a compile error.
        expectTypeOf(result).toEqualTypeOf<never>()
    }
  })

  it('failure with code expired → narrowed to the claims step', async () => {
    const result = await verifyAccessToken('t', base)
    if (!result.ok && result.code === 'expired') expectTypeOf(result.step).toEqualTypeOf<'claims'>()
    if (!result.ok && result.code === 'malformed') expectTypeOf(result.step).toEqualTypeOf<'format'>()
    if (!result.ok && result.code === 'insufficient_scope') expectTypeOf(result.step).toEqualTypeOf<'scopes'>()
    if (!result.ok && result.code === 'graph_token') expectTypeOf(result.step).toEqualTypeOf<'signature'>()
    if (!result.ok && result.code === 'id_token') expectTypeOf(result.step).toEqualTypeOf<'claims'>()
    if (!result.ok && result.code === 'insufficient_role') expectTypeOf(result).toEqualTypeOf<RolesFailure>()
    if (!result.ok && result.code === 'x_tenant_not_allowed') expectTypeOf(result).toEqualTypeOf<CustomClaimsFailure>()
  })

  it('every code → in exactly the union of the step codes', () => {
    expectTypeOf<FailureCode>().toEqualTypeOf<(typeof CODES_BY_STEP)[Step][number] | CustomCode>()
  })

  it('a caller code → only in the x_ namespace, never a library code', () => {
    expectTypeOf<'x_tenant_not_allowed'>().toMatchTypeOf<CustomCode>()
    expectTypeOf<'expired'>().not.toMatchTypeOf<CustomCode>()
    // @ts-expect-error a claim check's code starts with x_
    void createVerifier({ ...base, claimChecks: [{ claim: 'tid', code: 'tenant', check: () => true }] })
  })
})

describe('impossible pairs', () => {
  it('step scopes with code expired → type error', () => {
    // @ts-expect-error expired belongs to the claims step
    const failure: VerifyFailure = { ok: false, step: 'scopes', code: 'expired', claim: 'scope', missing: [], message: '' }
    void failure
  })

  it('step format with code invalid_signature → type error', () => {
    // @ts-expect-error invalid_signature belongs to the signature step
    const failure: VerifyFailure = { ok: false, step: 'format', code: 'invalid_signature', reason: 'json', message: '' }
    void failure
  })

  it('step signature with code malformed → type error', () => {
    // @ts-expect-error malformed belongs to the format step
    const failure: VerifyFailure = { ok: false, step: 'signature', code: 'malformed', message: '' }
    void failure
  })

  it('step claims with claim scope → type error', () => {
    // @ts-expect-error the scope claim is judged by the scopes step
    const failure: VerifyFailure = { ok: false, step: 'claims', code: 'invalid_claim', claim: 'scope', message: '' }
    void failure
  })

  it('ok true with a step → type error', () => {
    // @ts-expect-error a success carries no failure fields
    const result: VerifyResult = { ok: true, step: 'claims', claims: {}, header: { alg: 'ES256' }, scopes: [] }
    void result
  })

  // The compiling counterpart of the pairs above, checked on unannotated literals: were no claims
  // failure to compile at all, every @ts-expect-error above would pass for the wrong reason.
  it('claims failure expired naming exp or iat → compiles; naming aud → type error', () => {
    expectTypeOf({ ok: false, step: 'claims', code: 'expired', claim: 'exp', message: '' } as const).toExtend<VerifyFailure>()
    expectTypeOf({ ok: false, step: 'claims', code: 'expired', claim: 'iat', message: '' } as const).toExtend<VerifyFailure>()
    expectTypeOf({ ok: false, step: 'claims', code: 'expired', claim: 'aud', message: '' } as const).not.toExtend<VerifyFailure>()
  })

  it('result fields → readonly', () => {
    const failure: ScopesFailure = { ok: false, step: 'scopes', code: 'insufficient_scope', claim: 'scope', missing: ['a'], required: ['a'], message: '' }
    // @ts-expect-error results are readonly data
    failure.code = 'invalid_claim'
    // @ts-expect-error and so are their lists
    failure.missing.push('b')
    // @ts-expect-error including the scopes the call required
    failure.required.push('b')
  })
})

describe('options', () => {
  it('issuer, audience or jwks missing → type error', () => {
    // @ts-expect-error issuer is required
    void verifyAccessToken('t', { jwks, audience: 'a' })
    // @ts-expect-error audience is required
    void verifyAccessToken('t', { jwks, issuer: 'i' })
    // @ts-expect-error jwks is required
    void createVerifier({ issuer: 'i', audience: 'a' })
  })

  it('jwks a single JWK → type error (its message reads as the fix: wrap it as { keys: [jwk] })', () => {
    const jwk = { kty: 'EC', crv: 'P-256', x: 'x', y: 'y', kid: 'k' }
    // @ts-expect-error a single JWK is not a key set
    void createVerifier({ ...base, jwks: jwk })
    // @ts-expect-error nor is an array of JWKs
    void createVerifier({ ...base, jwks: [jwk] })
    void createVerifier({ ...base, jwks: { keys: [jwk] } })
  })

  it('clientId in place of audience, or issuer entries that each name one → compiles', () => {
    expectTypeOf(createVerifier({ jwks, issuer: 'i', clientId: ['c1', 'c2'] })).toEqualTypeOf<Verifier>()
    const entries = { i: { jwks, audience: 'a' }, j: { jwks, clientId: 'c' } }
    expectTypeOf(createVerifier({ jwks: entries, issuer: ['i', 'j'] })).toEqualTypeOf<Verifier>()
    // An entry may leave its audience to the verifier's.
    expectTypeOf(createVerifier({ jwks: new Map([['i', { jwks, scopes: 'read' }]]), issuer: 'i', audience: 'a' })).toEqualTypeOf<Verifier>()
  })

  it('issuer entries without an audience and no verifier audience → type error', () => {
    // @ts-expect-error an entry without audience or clientId needs the verifier's
    void createVerifier({ jwks: { i: { jwks, scopes: 'read' } }, issuer: 'i' })
    // @ts-expect-error an entry's members are jwks, audience, clientId and scopes
    void createVerifier({ ...base, jwks: { i: { jwks, roles: ['admin'] } }, issuer: 'i' })
  })

  it('role, claim and type options → compile; a roleClaim is a name or a path', () => {
    const options: VerifyOptions = {
      ...base,
      roles: ['admin'], roleMatch: 'any', roleClaim: ['resource_access', 'orders.api', 'roles'],
      typ: ['at+jwt', 'application/jwt'], subject: 'user-1', requiredClaims: ['tid'],
      claimValues: { token_use: 'access', tid: ['t1', 't2'] }, idTokenClaims: { nonce: true, token_use: 'id' },
      claimChecks: [{ claim: 'tid', code: 'x_tenant_not_allowed', check: async (tid) => tid === 't1' }],
    }
    expectTypeOf(createVerifier(options)).toEqualTypeOf<Verifier>()
    // Two overloads since DPoP: calls without dpop input, whose result has no dpop step, and the rest.
    expectTypeOf(createVerifier(options)).parameter(1).toEqualTypeOf<import('../src/index.js').BearerCallOptions | import('../src/index.js').CallOptions | undefined>()
    // @ts-expect-error idTokenClaims values are claim values or true, not false
    void createVerifier({ ...base, idTokenClaims: { nonce: false } })
    // @ts-expect-error claimValues are strings: a number claim is compared as JSON never is
    void createVerifier({ ...base, claimValues: { ver: 1 } })
  })

  it('issuer and audience as lists, every optional member → compiles', () => {
    const options: VerifyOptions = {
      ...base,
      issuer: ['a', 'b'],
      audience: ['c'],
      scopes: ['read'],
      scopeClaim: 'scp',
      scopeMatch: 'any',
      algorithms: ['RS256', 'PS384', 'ES512', 'EdDSA', 'Ed25519'],
      clockTolerance: 30,
      maxTokenAge: 300,
      currentDate: new Date(),
      maxTokenLength: 8192,
      profile: 'rfc9068',
    }
    expectTypeOf(createVerifier(options)).toEqualTypeOf<Verifier>()
  })

  it('unsupported algorithms and unknown option values → type error', () => {
    // @ts-expect-error none is never an algorithm
    void createVerifier({ ...base, algorithms: ['none'] })
    // @ts-expect-error nor is HS256
    void createVerifier({ ...base, algorithms: ['HS256'] })
    // @ts-expect-error algorithm names are case-sensitive
    void createVerifier({ ...base, algorithms: ['rs256'] })
    // @ts-expect-error only scope, scp and permissions are scope claims
    void createVerifier({ ...base, scopeClaim: 'roles' })
    // @ts-expect-error all or any
    void createVerifier({ ...base, scopeMatch: 'some' })
    // @ts-expect-error the only profile is rfc9068
    void createVerifier({ ...base, profile: 'rfc7519' })
    // @ts-expect-error currentDate is a Date, not epoch milliseconds
    void createVerifier({ ...base, currentDate: 1700000000000 })
    // @ts-expect-error jwks is a key set object, not an array of keys
    void createVerifier({ ...base, jwks: [{ kty: 'EC', crv: 'P-256', x: 'x', y: 'y' }] })
  })

  it('Algorithm → exactly the names the corpus and the tests run (codes.mjs ALGORITHMS)', () => {
    expectTypeOf<Algorithm>().toEqualTypeOf<(typeof ALGORITHMS)[number]>()
  })
})

describe('claims type parameter', () => {
  interface TenantClaims { readonly tenant: string; readonly roles: readonly string[] }

  it('verifyAccessToken<TenantClaims> → claims typed with both the custom and the standard claims', async () => {
    const result = await verifyAccessToken<TenantClaims>('t', base)
    if (result.ok) {
      expectTypeOf(result.claims.tenant).toEqualTypeOf<string>()
      expectTypeOf(result.claims.roles).toEqualTypeOf<readonly string[]>()
      expectTypeOf(result.claims.iss).toEqualTypeOf<string | undefined>()
      expectTypeOf(result).toEqualTypeOf<VerifySuccess<TenantClaims>>()
    }
  })

  it('a Verifier called with <TenantClaims> → claims typed per call', async () => {
    const verify = createVerifier(base)
    const result = await verify<TenantClaims>('t')
    if (result.ok) expectTypeOf(result.claims.tenant).toEqualTypeOf<string>()
    const plain = await verify('t')
    if (plain.ok) expectTypeOf(plain.claims['tenant']).toEqualTypeOf<unknown>()
  })

  it('createVerifier<TenantClaims> → every call typed with TenantClaims', async () => {
    const verify = createVerifier<TenantClaims>(base)
    expectTypeOf(verify).toEqualTypeOf<Verifier<TenantClaims>>()
    const result = await verify('t')
    if (result.ok) {
      expectTypeOf(result.claims.tenant).toEqualTypeOf<string>()
      expectTypeOf(result.claims.exp).toEqualTypeOf<number | undefined>()
    }
  })

  it('a non-object claims type → type error', () => {
    // @ts-expect-error claims are a JSON object
    void verifyAccessToken<string>('t', base)
  })
})
