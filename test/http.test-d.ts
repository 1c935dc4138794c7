/** Types of the request helpers: narrowing on ok and step, claims typed through verifyRequest, decodeUnverified. */
import { describe, expectTypeOf, it } from 'vitest'
import {
  bearerToken, createVerifier, decodeUnverified, httpAnswer, verifyRequest,
  type BearerFailure, type DpopFailure, type DpopRequestFailure, type FormatFailure, type HttpAnswer, type RequestFailure, type VerifyFailure, type VerifySuccess,
} from '../src/index.js'

const verify = createVerifier<{ org_id: string }>({ jwks: { keys: [] }, issuer: 'i', audience: 'a' })

describe('bearerToken', () => {
  it('result narrowed on ok → token string or a request failure', () => {
    const result = bearerToken('Bearer x')
    if (result.ok) expectTypeOf(result.token).toEqualTypeOf<string>()
    else {
      expectTypeOf(result).toEqualTypeOf<BearerFailure>()
      expectTypeOf(result.step).toEqualTypeOf<'request'>()
    }
  })
})

describe('httpAnswer', () => {
  it('a bearer failure or a verification failure → HttpAnswer', () => {
    // With DPoP: a refused DPoP request (step request) and the dpop step's failures too.
    expectTypeOf(httpAnswer).parameter(0).toEqualTypeOf<BearerFailure | DpopRequestFailure | VerifyFailure | DpopFailure>()
    expectTypeOf(httpAnswer({} as BearerFailure)).toEqualTypeOf<HttpAnswer>()
  })

  it('a success → type error', () => {
    // @ts-expect-error only failures have an HTTP answer
    void httpAnswer({} as VerifySuccess)
  })
})

describe('verifyRequest', () => {
  it('a typed verifier → claims typed on success, a response on failure', async () => {
    const result = await verifyRequest(new Request('https://x'), verify, { scopes: 'read' })
    if (result.ok) expectTypeOf(result.claims.org_id).toEqualTypeOf<string>()
    else {
      expectTypeOf(result).toEqualTypeOf<RequestFailure>()
      expectTypeOf(result.response).toEqualTypeOf<Response>()
      if (result.step === 'scopes') expectTypeOf(result.required).toEqualTypeOf<readonly string[]>()
    }
  })

  it('an option the request does not take → type error', () => {
    // @ts-expect-error audience belongs to the verifier
    void verifyRequest(new Request('https://x'), verify, { audience: 'a' })
  })
})

describe('decodeUnverified', () => {
  it('narrowed on ok → unverifiedHeader and unverifiedPayload, or a format failure', () => {
    const result = decodeUnverified('a.b.c')
    if (result.ok) {
      expectTypeOf(result.unverifiedHeader).toEqualTypeOf<Readonly<Record<string, unknown>>>()
      expectTypeOf(result.unverifiedPayload).toEqualTypeOf<Readonly<Record<string, unknown>>>()
    } else expectTypeOf(result).toEqualTypeOf<FormatFailure>()
  })
})
