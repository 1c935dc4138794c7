/**
 * The function `createVerifier` returns (src/verify.ts): its own properties, `keySets()` for a key
 * source plugged in without a status, and the steps that still run after the caller's claim checks.
 */
import { beforeAll, describe, expect, it } from 'vitest'
import { createVerifier } from '../src/index.js'
import { failure, generateKey, ISSUER, makeToken, options, validClaims, type TestKey } from './helpers.js'

let key: TestKey
beforeAll(() => { key = generateKey('P-256') })

const accept = { claim: 'sub', code: 'x_never', check: () => true } as const

describe('claim checks, then scopes', () => {
  it('passing claim check, scope read, call requiring admin → scopes/insufficient_scope', async () => {
    // A passing check hands on to the scopes step; it is not itself the result.
    const verify = createVerifier(options(key, { claimChecks: [accept] }))
    const token = makeToken({ key, claims: validClaims({ scope: 'read' }) })
    expect(await verify(token, { scopes: 'admin' })).toEqual(failure.scopes('insufficient_scope', 'scope', ['admin']))
  })

  it('passing claim check, scope read → ok with the claims, header and scopes', async () => {
    const verify = createVerifier(options(key, { claimChecks: [accept] }))
    const result = await verify(makeToken({ key, claims: validClaims({ scope: 'read' }) }))
    expect(result).toMatchObject({ ok: true, claims: { iss: ISSUER }, header: { alg: 'ES256' }, scopes: ['read'] })
  })
})

describe('the verifier function', () => {
  it('own properties verify and keySets → both enumerable', () => {
    const verify = createVerifier(options(key))
    expect(Object.keys(verify)).toEqual(['keySets', 'verify'])
    expect(verify.verify).toBe(verify)
  })

  it('key source without a status method → keySets() reports ready', () => {
    // A source plugged in through the shared symbol (another copy of this library, say) may leave
    // status out; it answers keys, so it reads as ready.
    const source = { candidates: () => ({ ok: false, step: 'signature', code: 'key_not_found', reason: 'no_kid_match', message: '' }) }
    const verify = createVerifier({ ...options(key), jwks: { [Symbol.for('verify-access-token.keySource')]: source } as never })
    expect(verify.keySets()).toEqual([{ state: 'ready' }])
  })
})
