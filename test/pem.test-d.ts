/**
 * Type tests for `createJwksFromPem` (vitest typecheck, never executed): `alg` is required and
 * only a table algorithm, the input is PEM text or DER bytes (or a list or map of them), and
 * the result is a key set the `jwks` option takes.
 */
import { describe, expectTypeOf, it } from 'vitest'
import { createJwksFromPem, createVerifier, type JsonWebKeySet, type PemKeyInput } from '../src/index.js'

declare const pem: string
declare const der: Uint8Array

describe('createJwksFromPem', () => {
  it('PEM, DER, a list or a map with an alg → Promise<JsonWebKeySet> usable as jwks', async () => {
    expectTypeOf(createJwksFromPem(pem, { alg: 'RS256' })).toEqualTypeOf<Promise<JsonWebKeySet>>()
    expectTypeOf(der).toExtend<PemKeyInput>()
    expectTypeOf([pem, der]).toExtend<PemKeyInput>()
    expectTypeOf({ kid: pem }).toExtend<PemKeyInput>()
    createVerifier({ jwks: await createJwksFromPem(pem, { alg: 'ES256', kid: 'k' }), issuer: 'i', audience: 'a' })
  })

  it('no alg, a non-table alg, or a JWK as input → does not compile', () => {
    // @ts-expect-error alg is required: a PEM key does not say which algorithm it is for
    void createJwksFromPem(pem, {})
    // @ts-expect-error HS256 is not in the algorithm table
    void createJwksFromPem(pem, { alg: 'HS256' })
    // @ts-expect-error a JWK is not PEM text or DER bytes
    void createJwksFromPem({ a: { kty: 'RSA' } }, { alg: 'RS256' })
  })
})
