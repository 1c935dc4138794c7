/**
 * Type tests (vitest typecheck, never executed): the result union narrows on `ok` and on `step`,
 * impossible step/code pairs do not compile, required options are required, and the claims type
 * parameter flows through both entry points.
 */
import { describe, expectTypeOf, it } from 'vitest'
import {
  createVerifier, verifyAccessToken,
  type AccessTokenClaims, type Algorithm, type ClaimName, type ClaimsCode, type ClaimsFailure, type FailureCode,
  type FormatFailure, type FormatReason, type JoseHeader, type JsonWebKeySet, type ScopeClaim, type ScopesFailure,
  type SignatureCode, type SignatureFailure, type Step, type Verifier, type VerifyFailure, type VerifyOptions,
  type VerifyResult, type VerifySuccess,
} from '../src/index.js'

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
        expectTypeOf(result.code).toEqualTypeOf<'alg_not_allowed' | 'key_not_found' | 'invalid_signature' | 'jwks_unavailable'>()
        // @ts-expect-error only claims and scopes failures name a claim
        void result.claim
        break
      case 'claims':
        expectTypeOf(result).toEqualTypeOf<ClaimsFailure>()
        expectTypeOf(result.code).toEqualTypeOf<ClaimsCode>()
        expectTypeOf(result.claim).toEqualTypeOf<ClaimName>()
        break
      case 'scopes':
        expectTypeOf(result).toEqualTypeOf<ScopesFailure>()
        expectTypeOf(result.code).toEqualTypeOf<'insufficient_scope' | 'invalid_claim'>()
        expectTypeOf(result.claim).toEqualTypeOf<ScopeClaim>()
        expectTypeOf(result.missing).toEqualTypeOf<readonly string[]>()
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
  })

  it('every code → in exactly the union of the step codes', () => {
    expectTypeOf<FailureCode>().toEqualTypeOf<'malformed' | SignatureCode | ClaimsCode | 'insufficient_scope'>()
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

  it('a possible claims failure → compiles', () => {
    const failure: VerifyFailure = { ok: false, step: 'claims', code: 'expired', claim: 'exp', message: '' }
    expectTypeOf(failure).toMatchTypeOf<VerifyFailure>()
  })

  it('result fields → readonly', () => {
    const failure: ScopesFailure = { ok: false, step: 'scopes', code: 'insufficient_scope', claim: 'scope', missing: ['a'], required: ['a'], message: '' }
    // @ts-expect-error results are readonly data
    failure.code = 'invalid_claim'
    // @ts-expect-error and so are their lists
    failure.missing.push('b')
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

  it('Algorithm → the eleven supported names', () => {
    expectTypeOf<Algorithm>().toEqualTypeOf<
      'RS256' | 'RS384' | 'RS512' | 'PS256' | 'PS384' | 'PS512' | 'ES256' | 'ES384' | 'ES512' | 'EdDSA' | 'Ed25519'
    >()
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
