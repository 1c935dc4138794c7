/**
 * Type tests for sender-constrained tokens: a call without DPoP input cannot fail at step `dpop`
 * (its result type has no such member), a call with one can, the dpop failures narrow on code,
 * and binding failures are claims failures about `cnf`.
 */
import { describe, expectTypeOf, it } from 'vitest'
import {
  createDpopVerifier, createVerifier, dpopAnswer, readDpopRequest, type Algorithm,
  type BindingFailure, type CallOptions, type ClaimsFailure, type ConfirmationMethod, type DpopAnswer, type DpopCode,
  type DpopFailure, type DpopReason, type DpopRequest, type DpopRequestFailure, type JsonWebKeySet, type VerifyFailure,
  type VerifyResult,
} from '../src/index.js'

declare const jwks: JsonWebKeySet
const verify = createVerifier({ jwks, issuer: 'https://as.example', audience: 'https://api.example' })
const dpop = { proof: 'p', method: 'GET', url: 'https://api.example/' }

describe('the result type follows the call', () => {
  it('no call options, scopes or a certificate → VerifyResult, no dpop failure', () => {
    expectTypeOf(verify('t')).toEqualTypeOf<Promise<VerifyResult>>()
    expectTypeOf(verify('t', { scopes: 'read' })).toEqualTypeOf<Promise<VerifyResult>>()
    expectTypeOf(verify('t', { clientCertificate: new Uint8Array() })).toEqualTypeOf<Promise<VerifyResult>>()
  })

  it('dpop input → VerifyResult | DpopFailure', () => {
    expectTypeOf(verify('t', { dpop })).toEqualTypeOf<Promise<VerifyResult | DpopFailure>>()
    expectTypeOf(verify.verify('t', { dpop, scopes: ['a'] })).toEqualTypeOf<Promise<VerifyResult | DpopFailure>>()
  })

  it('call options typed CallOptions (dpop maybe there) → the wide type', () => {
    const call: CallOptions = {}
    expectTypeOf(verify('t', call)).toEqualTypeOf<Promise<VerifyResult | DpopFailure>>()
  })

  it('a header value that may be null → accepted as the proof', () => {
    const header: string | null = null
    expectTypeOf(verify('t', { dpop: { proof: header, method: 'GET', url: 'https://a/' } })).toEqualTypeOf<Promise<VerifyResult | DpopFailure>>()
  })
})

describe('narrowing', () => {
  it('step dpop → DpopFailure, its codes and reasons', async () => {
    const result = await verify('t', { dpop })
    if (!result.ok && result.step === 'dpop') {
      expectTypeOf(result).toEqualTypeOf<DpopFailure>()
      expectTypeOf(result.code).toEqualTypeOf<DpopCode>()
      expectTypeOf<DpopCode>().toEqualTypeOf<'invalid_dpop_proof' | 'use_dpop_nonce' | 'key_mismatch' | 'dpop_unavailable'>()
      if (result.code === 'invalid_dpop_proof') expectTypeOf(result.reason).toEqualTypeOf<DpopReason>()
      if (result.code === 'dpop_unavailable') expectTypeOf(result.retryAfter).toEqualTypeOf<number>()
      if (result.code === 'key_mismatch') expectTypeOf(result.reason).toEqualTypeOf<'not_bound' | 'thumbprint'>()
    }
  })

  it('step claims with a binding code → BindingFailure with the confirmation method', async () => {
    const result = await verify('t')
    if (!result.ok && result.step === 'claims') {
      expectTypeOf(result).toEqualTypeOf<ClaimsFailure>()
      if (result.code === 'binding_not_verified' || result.code === 'certificate_mismatch') {
        expectTypeOf(result).toEqualTypeOf<BindingFailure>()
        expectTypeOf(result.claim).toEqualTypeOf<'cnf'>()
        expectTypeOf(result.confirmation).toEqualTypeOf<ConfirmationMethod>()
      }
    }
  })

  it('a result of a call without dpop → no dpop step to narrow to', async () => {
    const result = await verify('t')
    if (!result.ok) {
      expectTypeOf(result).toEqualTypeOf<VerifyFailure>()
      // @ts-expect-error step dpop is not among this call's failures
      if (result.step === 'dpop') void result
    }
  })
})

describe('the dpop option', () => {
  it('createDpopVerifier() → accepted; its options object → a type error', () => {
    const dpop = createDpopVerifier({ algorithms: ['ES256'] })
    expectTypeOf(dpop.algorithms).toEqualTypeOf<readonly Algorithm[]>()
    createVerifier({ jwks, issuer: 'https://as.example', audience: 'a', dpop })
    // @ts-expect-error the options of createDpopVerifier are not a DPoP verifier
    createVerifier({ jwks, issuer: 'https://as.example', audience: 'a', dpop: { algorithms: ['ES256'] } })
    // @ts-expect-error HS256 is not an algorithm of the table
    createDpopVerifier({ algorithms: ['HS256'] })
  })
})

describe('HTTP helpers', () => {
  it('readDpopRequest → a request, a refusal, or undefined; its dpop goes to verify as is', async () => {
    const read = readDpopRequest(new Request('https://api.example/'))
    expectTypeOf(read).toEqualTypeOf<DpopRequest | DpopRequestFailure | undefined>()
    if (read?.ok === true) expectTypeOf(verify(read.token, { dpop: read.dpop })).toEqualTypeOf<Promise<VerifyResult | DpopFailure>>()
  })

  it('dpopAnswer takes any failure of a DPoP call → DpopAnswer', async () => {
    const result = await verify('t', { dpop })
    if (!result.ok) expectTypeOf(dpopAnswer(result, { algs: ['ES256'] })).toEqualTypeOf<DpopAnswer>()
    // @ts-expect-error algs are algorithm names of the table
    dpopAnswer(undefined, { algs: ['HS256'] })
  })
})
